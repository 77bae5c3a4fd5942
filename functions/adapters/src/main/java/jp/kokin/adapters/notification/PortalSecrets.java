package jp.kokin.adapters.notification;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.domain.catalog.Portal;

/**
 * A portal's signing secrets ({@code notificationSecret}, then {@code previousNotificationSecrets})
 * may be given in the catalog as secret references ({@code secretsmanager:{id}#{key.path}},
 * {@code ssm:/{name}}), as provider secrets are: only the notification function resolves them
 * (only the one it signs with, see {@link #resolve}),
 * through the {@link SecretResolver} (cached, so a rotated secret is picked up within the cache time).
 * A reference that does not name a {@code whsec_} secret is an error naming the reference only.
 */
public final class PortalSecrets {

    /** The shortest signing key accepted (Standard Webhooks secrets are 24 to 64 bytes; we make 32). */
    public static final int MIN_KEY_BYTES = 24;

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
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new SecretResolver.SecretException(signing + " does not name a signing secret (" + problem.get() + ")", null);
        }
        return new Portal(portal.id(), portal.name(), portal.notificationUrl(), List.of(value), portal.returnUrlPrefixes(),
                portal.notificationsDisabled());
    }

    /** What is wrong with a signing secret ({@code whsec_} and base64 of at least 24 bytes), never quoting it. */
    public static Optional<String> problem(String value) {
        if (value == null || !value.startsWith("whsec_")) {
            return Optional.of("must be whsec_ followed by base64");
        }
        try {
            if (Base64.getDecoder().decode(value.substring("whsec_".length())).length < MIN_KEY_BYTES) {
                return Optional.of("the key must be at least " + MIN_KEY_BYTES + " bytes (32 recommended)");
            }
        } catch (IllegalArgumentException e) {
            return Optional.of("must be whsec_ followed by base64");
        }
        return Optional.empty();
    }
}
