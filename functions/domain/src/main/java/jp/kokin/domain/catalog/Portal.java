package jp.kokin.domain.catalog;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A portal that creates checkouts. Notifications are signed with the first secret; the others
 * are kept for rotation. The return URL of a checkout must start with one of the prefixes.
 */
public record Portal(String id, String name, URI notificationUrl, List<String> notificationSecrets,
                     List<String> returnUrlPrefixes, boolean notificationsDisabled) {
    public Portal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        notificationSecrets = List.copyOf(notificationSecrets);
        returnUrlPrefixes = List.copyOf(returnUrlPrefixes);
    }

    public boolean acceptsReturnUrl(String url) {
        return returnUrlPrefixes.stream().anyMatch(url::startsWith);
    }
}
