package jp.kokin.adapters.notification;

import java.util.List;
import java.util.Optional;

import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.domain.catalog.Portal;
import jp.kokin.domain.webhook.StandardWebhook;

/**
 * A portal's signing secrets ({@code notificationSecret}, then {@code previousNotificationSecrets})
 * may be given in the catalog as secret references ({@code secretsmanager:{id}#{key.path}},
 * {@code ssm:/{name}}), as provider secrets are: only the notification function resolves them
 * (only the one it signs with, see {@link #resolve}),
 * through the {@link SecretResolver} (cached, so a rotated secret is picked up within the cache time).
 * A reference that does not name a {@code whsec_} secret is an error naming the reference only.
 */
public final class PortalSecrets {

    private final SecretResolver resolver;

    public PortalSecrets(SecretResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * {@code portal} with the one secret that signs ({@code notificationSecret}, the first) read
     * if it is a reference; its {@code previousNotificationSecrets} are dropped unread, since
     * nothing is signed with them, so one that has been deleted or cannot be read changes nothing.
     */
    public Portal resolve(Portal portal) {
        if (portal.notificationSecrets().isEmpty() || !SecretResolver.isReference(portal.notificationSecrets().getFirst())) {
            return portal;
        }
        String signing = portal.notificationSecrets().getFirst();
        String value = resolver.resolve(signing);
        Optional<String> problem = StandardWebhook.secretProblem(value);
        if (problem.isPresent()) {
            throw new SecretResolver.SecretException(signing + " does not name a signing secret (" + problem.get() + ")", null);
        }
        return new Portal(portal.id(), portal.name(), portal.notificationUrl(), List.of(value), portal.returnUrlPrefixes(),
                portal.notificationsDisabled());
    }
}
