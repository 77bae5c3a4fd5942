package jp.kokin.adapters.provider.paypay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.format.FormatException;
import jp.kokin.domain.format.PublicUrl;

/**
 * A PayPay account's settings, as the catalog's provider entry gives them:
 * <pre>{"type": "paypay",
 *  "baseUrl": "https://stg-api.sandbox.paypay.ne.jp",       (production: https://api.paypay.ne.jp)
 *  "apiKey": "…",                                           (may be a secret reference)
 *  "apiSecret": "secretsmanager:kokin/paypay#secret"         (a string, or a list: current first)
 *  "merchantId": "…",                                       (sent as X-ASSUME-MERCHANT)
 *  "allowedSourceIps": ["203.0.113.0/24"],                  (optional: webhooks from elsewhere are refused)
 *  "timeoutMillis": "5000"}                                  (optional: default PROVIDER_TIMEOUT_MS)</pre>
 * PayPay's newer documentation also lists {@code https://apigw.paypay.ne.jp} and
 * {@code https://apigw.sandbox.paypay.ne.jp} (the hosts above being marked deprecated there):
 * the host is configuration, not code. {@code baseUrl} must be HTTPS, except on a loopback host
 * (a local simulator).
 *
 * @param apiSecrets current first; requests are signed with the first (PayPay has one secret per
 *                   key: the others only document a rotation in progress)
 */
public record PayPaySettings(String baseUrl, String apiKey, List<String> apiSecrets, String merchantId,
                             List<String> allowedSourceIps, Optional<Duration> timeout) {

    public static final int MAX_TIMEOUT_MILLIS = 60_000;

    public PayPaySettings {
        apiSecrets = List.copyOf(apiSecrets);
        allowedSourceIps = List.copyOf(allowedSourceIps);
    }

    /** The settings as they are (call {@link #validate} first). */
    public static PayPaySettings from(ProviderSettings s) {
        Optional<Duration> timeout = s.string("timeoutMillis").filter(PayPaySettings::validTimeout)
                .map(t -> Duration.ofMillis(Long.parseLong(t)));
        return new PayPaySettings(s.baseUrl(), s.string("apiKey").orElse(""), s.strings("apiSecret"),
                s.string("merchantId").orElse(""), s.strings("allowedSourceIps"), timeout);
    }

    /** One message per problem, each {@code providers.{name}.{field}: …}. Secret references are not resolved. */
    public static List<String> validate(ProviderSettings s) {
        String p = "providers." + s.name() + ".";
        List<String> errors = new ArrayList<>();
        String baseUrl = s.string("baseUrl").orElse("");
        if (baseUrl.isBlank()) {
            errors.add(p + "baseUrl: required (https://stg-api.sandbox.paypay.ne.jp or https://api.paypay.ne.jp)");
        } else {
            baseUrlProblem(baseUrl).ifPresent(problem -> errors.add(p + "baseUrl: " + problem));
        }
        if (s.string("apiKey").isEmpty()) {
            errors.add(p + "apiKey: required");
        }
        if (s.strings("apiSecret").isEmpty()) {
            errors.add(p + "apiSecret: required (a string or a list, current first; secretsmanager: and ssm: references are read when needed)");
        }
        if (s.string("merchantId").isEmpty()) {
            errors.add(p + "merchantId: required (sent as X-ASSUME-MERCHANT)");
        }
        Object ips = s.config().get("allowedSourceIps");
        if (ips != null && !(ips instanceof String) && !(ips instanceof List<?>)) {
            errors.add(p + "allowedSourceIps: must be a list of addresses or CIDR blocks");
        }
        for (String entry : s.strings("allowedSourceIps")) {
            if (!IpAllowList.isValid(entry)) {
                errors.add(p + "allowedSourceIps: '" + entry + "' is not an IPv4/IPv6 address or CIDR block");
            }
        }
        Optional<String> timeout = s.string("timeoutMillis");
        if (timeout.isPresent() && !validTimeout(timeout.get())) {
            errors.add(p + "timeoutMillis: must be a whole number of milliseconds from 1 to " + MAX_TIMEOUT_MILLIS);
        }
        return errors;
    }

    private static boolean validTimeout(String millis) {
        return millis.matches("\\d{1,6}") && Long.parseLong(millis) >= 1 && Long.parseLong(millis) <= MAX_TIMEOUT_MILLIS;
    }

    private static Optional<String> baseUrlProblem(String url) {
        try {
            PublicUrl.parseBaseUrl(url);
            return Optional.empty();
        } catch (FormatException e) {
            return Optional.of(e.getMessage());
        }
    }
}
