package jp.kokin.adapters.provider.stripe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.format.FormatException;
import jp.kokin.domain.format.PublicUrl;

/**
 * A Stripe account's settings, as the catalog's {@code providers.{name}} entry gives them:
 * <ul>
 *   <li>{@code baseUrl} — the API, default {@value #DEFAULT_BASE_URL} (the simulator locally);
 *       {@code https}, or {@code http} to a loopback host only, so a secret key never crosses a
 *       network in clear;</li>
 *   <li>{@code secretKey} — the API key, {@code sk_live_…}/{@code sk_test_…} (or a restricted key
 *       {@code rk_live_…}/{@code rk_test_…} allowed to write Checkout Sessions), inline or a
 *       {@code secretsmanager:}/{@code ssm:} reference;</li>
 *   <li>{@code webhookSecret} — the endpoint's signing secret {@code whsec_…}, or a list: the
 *       current one first, then those still valid while Stripe rolls it (any verifies);</li>
 *   <li>{@code toleranceSeconds} — how far a signature's timestamp may be from our clock, default
 *       {@value StripeSignature#DEFAULT_TOLERANCE_SECONDS};</li>
 *   <li>{@code timeoutMillis} — one API call's time limit, default the functions'
 *       {@code PROVIDER_TIMEOUT_MS};</li>
 *   <li>{@code apiVersion} — the {@code Stripe-Version} sent, default {@value #DEFAULT_API_VERSION}
 *       (the fields read here are the same in every version since Checkout Sessions gained
 *       {@code status} in 2021; the webhook endpoint should be created with the same version).</li>
 * </ul>
 */
record StripeSettings(String baseUrl, String secretKey, List<String> webhookSecrets, Duration tolerance,
                      Optional<Duration> timeout, String apiVersion) {

    static final String DEFAULT_BASE_URL = "https://api.stripe.com";
    /** A version documented in Stripe's API changelog (docs.stripe.com/changelog). */
    static final String DEFAULT_API_VERSION = "2025-09-30.clover";

    static StripeSettings of(ProviderSettings settings) {
        String base = settings.baseUrl().isEmpty() ? DEFAULT_BASE_URL : settings.baseUrl();
        return new StripeSettings(base, settings.string("secretKey").orElse(""), settings.webhookSecrets(),
                Duration.ofSeconds(positive(settings, "toleranceSeconds").orElse(StripeSignature.DEFAULT_TOLERANCE_SECONDS)),
                positive(settings, "timeoutMillis").map(Duration::ofMillis),
                settings.string("apiVersion").orElse(DEFAULT_API_VERSION));
    }

    /** What is wrong with these settings; empty when usable. Secret references are not resolved. */
    static List<String> problems(ProviderSettings settings) {
        String at = "providers." + settings.name() + ".";
        List<String> errors = new ArrayList<>();
        String base = settings.string("baseUrl").orElse("");
        if (!base.isEmpty()) {
            try {
                PublicUrl.parseBaseUrl(base);
            } catch (FormatException e) {
                errors.add(at + "baseUrl: " + e.getMessage());
            }
        }
        Optional<String> key = settings.string("secretKey");
        if (key.isEmpty()) {
            errors.add(at + "secretKey: required (sk_live_…, sk_test_… or a secretsmanager:/ssm: reference)");
        } else if (!SecretResolver.isReference(key.get()) && !key.get().matches("(sk|rk)_(live|test)_[A-Za-z0-9]+")) {
            errors.add(at + "secretKey: not a Stripe secret key (sk_live_…, sk_test_…) nor a secret reference");
        }
        List<String> secrets = settings.webhookSecrets();
        if (secrets.isEmpty()) {
            errors.add(at + "webhookSecret: required (the endpoint's signing secret whsec_…, or a list: current first)");
        }
        for (String secret : secrets) {
            if (!SecretResolver.isReference(secret) && !secret.matches("whsec_[A-Za-z0-9_+/=]+")) {
                errors.add(at + "webhookSecret: not a Stripe signing secret (whsec_…) nor a secret reference");
                break;
            }
        }
        for (String name : List.of("toleranceSeconds", "timeoutMillis")) {
            Object value = settings.config().get(name);
            if (value != null && positive(settings, name).isEmpty()) {
                errors.add(at + name + ": must be a positive whole number");
            }
        }
        String version = settings.string("apiVersion").orElse(DEFAULT_API_VERSION);
        if (!version.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}(\\.[a-z]+)?")) {
            errors.add(at + "apiVersion: must be a Stripe API version such as " + DEFAULT_API_VERSION);
        }
        return errors;
    }

    private static Optional<Long> positive(ProviderSettings settings, String name) {
        Object value = settings.config().get(name);
        String text = value instanceof Number n ? n.toString() : value instanceof String s ? s.trim() : null;
        if (text == null || !text.matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        long n = Long.parseLong(text);
        return n > 0 ? Optional.of(n) : Optional.empty();
    }
}
