package jp.kokin.domain.provider;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A started attempt: the provider's id for it (stored with the payment) and where the citizen goes. */
public record ProviderSession(String providerPaymentId, Redirect redirect) {

    public ProviderSession {
        Objects.requireNonNull(redirect, "redirect");
    }

    public static ProviderSession redirectTo(String providerPaymentId, String url) {
        return new ProviderSession(providerPaymentId, new Redirect.Get(url));
    }

    /** How the citizen's browser reaches the provider's hosted page. */
    public sealed interface Redirect {
        /** A plain redirect (303) to the provider's page. */
        record Get(String url) implements Redirect {}

        /**
         * A browser form POST to the provider's page, in {@code charset} (e.g. {@code Shift_JIS}),
         * with the fields in this order.
         */
        record FormPost(String action, List<Map.Entry<String, String>> fields, String charset) implements Redirect {
            public FormPost {
                fields = List.copyOf(fields);
            }
        }
    }
}
