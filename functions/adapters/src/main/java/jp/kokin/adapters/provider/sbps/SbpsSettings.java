package jp.kokin.adapters.provider.sbps;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.format.FormatException;
import jp.kokin.domain.format.PublicUrl;

/**
 * The settings of one SB Payment Service account, read from its catalog entry and checked once
 * ({@link #problems}) when the catalog is loaded. Every protocol detail that the public
 * documentation leaves uncertain is a setting with a documented default (see {@link SbpsProvider}
 * for the table). Secrets ({@code hashKey}, {@code queryPassword}) are kept as written (inline or a
 * reference) and resolved when used.
 */
record SbpsSettings(
        String name,
        String baseUrl,
        String merchantId,
        String serviceId,
        List<String> hashKeys,
        String purchasePath,
        List<String> purchaseFields,
        List<String> resultFields,
        List<String> queryFields,
        Map<String, String> payMethods,
        Map<String, String> fixedValues,
        Map<String, String> resultCodes,
        Duration notificationMaxAge,
        Charset hashCharset,
        Charset queryHashCharset,
        String queryBaseUrl,
        String queryPath,
        String queryUser,
        String queryPassword,
        Map<String, String> queryRequestIds,
        Map<String, String> queryStatuses,
        List<String> queryNotFoundCodes,
        Map<String, String> refundRequestIds,
        List<String> refundFields,
        Set<String> partialRefunds,
        Duration refundWindow,
        List<String> refundCannotCodes) {

    /**
     * 取消・返金要求 function ids per pay_method, as third-party integrations of SBPS's API type report
     * them (uncertain: confirm with SBPS). SBPS cancels (取消) a sale not yet confirmed and refunds
     * (返金) a confirmed one under the same request.
     */
    static final Map<String, String> DEFAULT_REFUND_REQUEST_IDS = Map.of(
            "docomo", "ST02-00303-401", "auone", "ST02-00303-402");

    /**
     * Children of the 取消・返金要求, in hash order, as those integrations send them. No amount and no
     * merchant refund id: the request names the payment's {@code tracking_id} and returns all of it.
     */
    static final List<String> DEFAULT_REFUND_FIELDS = List.of(
            "merchant_id", "service_id", "tracking_id", "processing_datetime", "request_date", "limit_second");

    /** pay_methods whose payments SBPS refunds in part: none assumed (the request carries no amount). */
    static final Set<String> DEFAULT_PARTIAL_REFUNDS = Set.of();

    /** How long after the payment a refund is assumed possible (carrier billing closes monthly): 60 days. */
    static final Duration DEFAULT_REFUND_WINDOW = Duration.ofDays(60);

    /** NG codes of the refund request meaning "past the deadline" (assumed: method, type 21, field 999). */
    static final List<String> DEFAULT_REFUND_CANNOT_CODES = List.of("40121999", "40221999");

    /** The link type's purchase request (購入要求) address below {@code baseUrl}, as SBPS's sandbox publishes it. */
    static final String DEFAULT_PURCHASE_PATH = "/f01/FepBuyInfoReceive.do";

    /** The API type's single endpoint below the API host. */
    static final String DOCUMENTED_QUERY_PATH = "/api/xmlapi.do";

    /**
     * Purchase request A01-1, in the interface definition's order (the union of the one-time and
     * recurring tabs; fields we leave empty add nothing to the hash, so extra empty ones are harmless).
     */
    static final List<String> DEFAULT_PURCHASE_FIELDS = List.of(
            "pay_method", "merchant_id", "service_id", "cust_code", "sps_cust_no", "sps_payment_no", "order_id",
            "item_id", "pay_item_id", "item_name", "tax", "amount", "pay_type", "auto_charge_type", "service_type",
            "div_settele", "last_charge_month", "camp_type", "tracking_id", "terminal_type", "success_url",
            "cancel_url", "error_url", "pagecon_url", "free1", "free2", "free3", "free_csv", "request_date",
            "limit_second");

    /** Purchase result notification (結果CGI) A02-1, in the interface definition's order. */
    static final List<String> DEFAULT_RESULT_FIELDS = List.of(
            "pay_method", "merchant_id", "service_id", "cust_code", "sps_cust_no", "sps_payment_no", "order_id",
            "item_id", "pay_item_id", "item_name", "tax", "amount", "pay_type", "auto_charge_type", "service_type",
            "div_settele", "last_charge_month", "camp_type", "tracking_id", "terminal_type", "free1", "free2",
            "free3", "free_csv", "request_date", "res_pay_method", "res_result", "res_tracking_id",
            "res_sps_cust_no", "res_sps_payment_no", "res_payinfo_key", "res_payment_date", "res_err_code",
            "res_date", "limit_second");

    /** Payment result inquiry (決済結果参照要求), children of {@code sps-api-request} in order. Assumed. */
    static final List<String> DEFAULT_QUERY_FIELDS = List.of(
            "merchant_id", "service_id", "tracking_id", "order_id", "encrypted_flg", "request_date", "limit_second");

    static final Map<String, String> DEFAULT_PAY_METHODS = Map.of("dpay", "docomo", "aupay", "auone");

    /** {@code res_result}: OK paid, NG declined, CN 期限切 (expired), PY 入金 (paid, offline methods). */
    static final Map<String, String> DEFAULT_RESULT_CODES = Map.of(
            "OK", "succeeded", "NG", "failed", "CN", "expired", "PY", "succeeded");

    /** Inquiry function ids per pay_method: assumed from the method suffixes of ST02-00303-401/-402. */
    static final Map<String, String> DEFAULT_QUERY_REQUEST_IDS = Map.of(
            "docomo", "MG01-00101-401", "auone", "MG01-00101-402");

    /** Inquiry {@code payment_status} values (1 与信済, 2 売上済, 3 入金済 as for card and PayPay; others assumed). */
    static final Map<String, String> DEFAULT_QUERY_STATUSES = Map.of(
            "0", "pending", "1", "succeeded", "2", "succeeded", "3", "succeeded", "8", "canceled", "9", "failed");

    /** Inquiry error codes that mean "no such order" (assumed: method, type 10, field 999). */
    static final List<String> DEFAULT_QUERY_NOT_FOUND_CODES = List.of("40110999", "40210999");

    static final Duration DEFAULT_NOTIFICATION_MAX_AGE = Duration.ofHours(24);

    static final Set<String> RESULT_OUTCOMES = Set.of("succeeded", "failed", "canceled", "expired", "pending");

    private static final List<String> PURCHASE_REQUIRED = List.of("merchant_id", "service_id", "order_id", "amount");
    private static final List<String> RESULT_REQUIRED = List.of("merchant_id", "service_id", "order_id", "amount", "res_result");
    private static final List<String> QUERY_REQUIRED = List.of("merchant_id", "service_id");

    SbpsSettings {
        hashKeys = List.copyOf(hashKeys);
        purchaseFields = List.copyOf(purchaseFields);
        resultFields = List.copyOf(resultFields);
        queryFields = List.copyOf(queryFields);
        payMethods = Map.copyOf(payMethods);
        fixedValues = Map.copyOf(fixedValues);
        resultCodes = Map.copyOf(resultCodes);
        queryRequestIds = Map.copyOf(queryRequestIds);
        queryStatuses = Map.copyOf(queryStatuses);
        queryNotFoundCodes = List.copyOf(queryNotFoundCodes);
        refundRequestIds = Map.copyOf(refundRequestIds);
        refundFields = List.copyOf(refundFields);
        partialRefunds = Set.copyOf(partialRefunds);
        refundCannotCodes = List.copyOf(refundCannotCodes);
    }

    /** Whether the payment result inquiry is configured ({@code queryPath} set). */
    boolean queryEnabled() {
        return queryPath != null;
    }

    /** The settings; call {@link #problems} first (invalid settings throw {@link IllegalArgumentException}). */
    static SbpsSettings from(ProviderSettings s) {
        List<String> problems = problems(s);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Map<String, Object> fields = s.object("fields");
        String merchantId = s.string("merchantId").orElseThrow();
        String serviceId = s.string("serviceId").orElseThrow();
        List<String> hashKeys = s.strings("hashKey");
        return new SbpsSettings(
                s.name(),
                s.baseUrl(),
                merchantId,
                serviceId,
                hashKeys,
                s.string("purchasePath").orElse(DEFAULT_PURCHASE_PATH),
                list(fields.get("purchase"), DEFAULT_PURCHASE_FIELDS),
                list(fields.get("result"), DEFAULT_RESULT_FIELDS),
                list(fields.get("query"), DEFAULT_QUERY_FIELDS),
                map(s.object("payMethods"), DEFAULT_PAY_METHODS),
                map(s.object("fixedValues"), Map.of()),
                map(s.object("resultCodes"), DEFAULT_RESULT_CODES),
                s.string("notificationMaxAgeSeconds").map(v -> Duration.ofSeconds(Long.parseLong(v)))
                        .orElse(DEFAULT_NOTIFICATION_MAX_AGE),
                Charset.forName(s.string("hashCharset").orElse("UTF-8")),
                Charset.forName(s.string("queryHashCharset").orElse("Shift_JIS")),
                s.string("queryBaseUrl").map(SbpsSettings::stripSlash).orElse(s.baseUrl()),
                s.string("queryPath").orElse(null),
                s.string("queryUser").orElse(merchantId + serviceId),
                s.string("queryPassword").orElse(hashKeys.getFirst()),
                map(s.object("queryRequestIds"), DEFAULT_QUERY_REQUEST_IDS),
                map(s.object("queryStatuses"), DEFAULT_QUERY_STATUSES),
                s.config().containsKey("queryNotFoundCodes") ? s.strings("queryNotFoundCodes") : DEFAULT_QUERY_NOT_FOUND_CODES,
                map(s.object("refundRequestIds"), DEFAULT_REFUND_REQUEST_IDS),
                s.config().containsKey("refundFields") ? s.strings("refundFields") : DEFAULT_REFUND_FIELDS,
                s.config().containsKey("partialRefunds") ? Set.copyOf(s.strings("partialRefunds")) : DEFAULT_PARTIAL_REFUNDS,
                s.string("refundWindowDays").map(v -> Duration.ofDays(Long.parseLong(v))).orElse(DEFAULT_REFUND_WINDOW),
                s.config().containsKey("refundCannotCodes") ? s.strings("refundCannotCodes") : DEFAULT_REFUND_CANNOT_CODES);
    }

    /** What is wrong with these settings, one "providers.{name}.{field}: problem" message each. */
    static List<String> problems(ProviderSettings s) {
        String p = "providers." + s.name() + ".";
        List<String> errors = new ArrayList<>();
        url(s, "baseUrl", true, errors);
        url(s, "queryBaseUrl", false, errors);
        if (!matches(s, "merchantId", "[0-9]{5}")) {
            errors.add(p + "merchantId: required, the 5-digit merchant id SBPS assigned");
        }
        if (!matches(s, "serviceId", "[0-9]{3}")) {
            errors.add(p + "serviceId: required, the 3-digit service id SBPS assigned");
        }
        if (!(s.config().get("hashKey") instanceof String || s.config().get("hashKey") instanceof List<?>)
                || s.strings("hashKey").isEmpty()) {
            errors.add(p + "hashKey: required (a string, or a list: current first, then previous ones)");
        }
        for (String key : List.of("purchasePath", "queryPath")) {
            if (s.config().containsKey(key) && !s.string(key).map(v -> v.startsWith("/")).orElse(false)) {
                errors.add(p + key + ": must be a path starting with /");
            }
        }
        for (String key : List.of("queryUser", "queryPassword")) {
            if (s.config().containsKey(key) && s.string(key).isEmpty()) {
                errors.add(p + key + ": must be a non-empty string");
            }
        }
        for (String key : List.of("hashCharset", "queryHashCharset")) {
            s.string(key).ifPresent(v -> {
                try {
                    Charset.forName(v);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    errors.add(p + key + ": unknown charset " + v);
                }
            });
        }
        if (s.config().containsKey("notificationMaxAgeSeconds")
                && !s.string("notificationMaxAgeSeconds").map(v -> v.matches("[1-9][0-9]{0,8}")).orElse(false)) {
            errors.add(p + "notificationMaxAgeSeconds: a positive number of seconds, as a string");
        }
        fieldLists(s, p, errors);
        stringMap(s, "payMethods", p, errors).keySet().stream()
                .filter(k -> PaymentMethod.fromWire(k).isEmpty())
                .forEach(k -> errors.add(p + "payMethods." + k + ": not a payment method (one of dpay, aupay, paypay, card)"));
        stringMap(s, "fixedValues", p, errors).keySet().stream().filter(k -> k.equals("sps_hashcode"))
                .forEach(k -> errors.add(p + "fixedValues.sps_hashcode: computed, cannot be fixed"));
        outcomes(stringMap(s, "resultCodes", p, errors), p + "resultCodes", errors);
        outcomes(stringMap(s, "queryStatuses", p, errors), p + "queryStatuses", errors);
        stringMap(s, "queryRequestIds", p, errors);
        stringMap(s, "refundRequestIds", p, errors);
        if (s.config().containsKey("refundWindowDays")
                && !s.string("refundWindowDays").map(v -> v.matches("[1-9][0-9]{0,3}")).orElse(false)) {
            errors.add(p + "refundWindowDays: a positive number of days, as a string");
        }
        for (String key : List.of("partialRefunds", "refundCannotCodes", "refundFields")) {
            if (s.config().containsKey(key) && !(s.config().get(key) instanceof List<?> l
                    && l.stream().allMatch(v -> v instanceof String str && !str.isBlank())
                    && !(key.equals("refundFields") && l.isEmpty()))) {
                errors.add(p + key + ": a " + (key.equals("refundFields") ? "non-empty " : "") + "list of strings");
            }
        }
        if (s.config().get("partialRefunds") instanceof List<?> partial && !partial.isEmpty()) {
            // our refund request names the payment, not an amount: SBPS would cancel the whole
            // payment for a partial refund, and later "partial" refunds would read as done
            errors.add(p + "partialRefunds: not supported (the refund request carries no amount; a partial refund of an SBPS "
                    + "payment is paid by bank transfer)");
        }
        if (s.config().containsKey("queryNotFoundCodes") && !(s.config().get("queryNotFoundCodes") instanceof List<?> l
                && l.stream().allMatch(v -> v instanceof String str && !str.isBlank()))) {
            errors.add(p + "queryNotFoundCodes: a list of SBPS error codes");
        }
        return errors;
    }

    private static void fieldLists(ProviderSettings s, String p, List<String> errors) {
        Object raw = s.config().get("fields");
        if (raw == null) {
            return;
        }
        if (!(raw instanceof Map<?, ?> fields)) {
            errors.add(p + "fields: an object {\"purchase\": [...], \"result\": [...], \"query\": [...]}");
            return;
        }
        Map<String, List<String>> required = Map.of("purchase", PURCHASE_REQUIRED, "result", RESULT_REQUIRED,
                "query", QUERY_REQUIRED);
        for (var entry : fields.entrySet()) {
            String key = String.valueOf(entry.getKey());
            List<String> needs = required.get(key);
            if (needs == null) {
                errors.add(p + "fields." + key + ": unknown list (purchase, result or query)");
                continue;
            }
            if (!(entry.getValue() instanceof List<?> list) || list.isEmpty()
                    || !list.stream().allMatch(v -> v instanceof String str && str.matches("[a-z0-9_]+"))) {
                errors.add(p + "fields." + key + ": a non-empty list of field names");
                continue;
            }
            Set<Object> seen = new HashSet<>();
            for (Object name : list) {
                if (!seen.add(name)) {
                    errors.add(p + "fields." + key + ": " + name + " is listed twice");
                }
            }
            if (list.contains("sps_hashcode")) {
                errors.add(p + "fields." + key + ": sps_hashcode is appended, not listed");
            }
            needs.stream().filter(n -> !list.contains(n))
                    .forEach(n -> errors.add(p + "fields." + key + ": must include " + n));
        }
    }

    private static Map<String, String> stringMap(ProviderSettings s, String key, String p, List<String> errors) {
        Object raw = s.config().get(key);
        if (raw == null) {
            return Map.of();
        }
        if (!(raw instanceof Map<?, ?> m) || !m.values().stream().allMatch(v -> v instanceof String str && !str.isBlank())) {
            errors.add(p + key + ": an object of non-empty strings");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), (String) v));
        return out;
    }

    private static void outcomes(Map<String, String> map, String path, List<String> errors) {
        map.forEach((code, outcome) -> {
            if (!RESULT_OUTCOMES.contains(outcome)) {
                errors.add(path + "." + code + ": one of " + String.join(", ", RESULT_OUTCOMES.stream().sorted().toList()));
            }
        });
    }

    private static void url(ProviderSettings s, String key, boolean required, List<String> errors) {
        String p = "providers." + s.name() + "." + key;
        if (!s.config().containsKey(key)) {
            if (required) {
                errors.add(p + ": required, the SBPS host (e.g. https://stbfep.sps-system.com for the sandbox)");
            }
            return;
        }
        try {
            PublicUrl.parseBaseUrl(s.string(key).orElse(""));
        } catch (FormatException e) {
            errors.add(p + ": " + e.getMessage());
        }
    }

    private static boolean matches(ProviderSettings s, String key, String regex) {
        return s.string(key).map(v -> v.matches(regex)).orElse(false);
    }

    private static List<String> list(Object raw, List<String> fallback) {
        if (raw instanceof List<?> l) {
            return l.stream().map(String.class::cast).toList();
        }
        return fallback;
    }

    private static Map<String, String> map(Map<String, Object> raw, Map<String, String> fallback) {
        if (raw.isEmpty()) {
            return fallback;
        }
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, Objects.toString(v)));
        return out;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
