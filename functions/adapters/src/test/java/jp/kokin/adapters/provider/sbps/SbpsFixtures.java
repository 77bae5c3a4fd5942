package jp.kokin.adapters.provider.sbps;

import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.catalog.LocalizedText;
import jp.kokin.domain.catalog.Procedure;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.provider.Callbacks;

/** Builders shared by the SBPS tests; hashes here are computed independently of {@link SbpsHash}. */
final class SbpsFixtures {

    static final String MERCHANT = "30132";
    static final String SERVICE = "104";
    static final String KEY = "c48e0c7b3e2f1a9d0b5a6f4e8d7c2b1a0f9e8d7c";
    static final String PREVIOUS_KEY = "0d1c2b3a49586776859a0b1c2d3e4f5061728394";
    /** 2025-04-01 10:00:00 JST. */
    static final Instant NOW = Instant.parse("2025-04-01T01:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Charset SJIS = Charset.forName("Shift_JIS");

    /** The A02-1 order, written out again so that the tests do not lean on the adapter's constant. */
    static final List<String> RESULT_ORDER = List.of(
            "pay_method", "merchant_id", "service_id", "cust_code", "sps_cust_no", "sps_payment_no", "order_id",
            "item_id", "pay_item_id", "item_name", "tax", "amount", "pay_type", "auto_charge_type", "service_type",
            "div_settele", "last_charge_month", "camp_type", "tracking_id", "terminal_type", "free1", "free2",
            "free3", "free_csv", "request_date", "res_pay_method", "res_result", "res_tracking_id",
            "res_sps_cust_no", "res_sps_payment_no", "res_payinfo_key", "res_payment_date", "res_err_code",
            "res_date", "limit_second");

    private SbpsFixtures() {}

    static Map<String, Object> config(String baseUrl, Object hashKey) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("baseUrl", baseUrl);
        config.put("merchantId", MERCHANT);
        config.put("serviceId", SERVICE);
        config.put("hashKey", hashKey);
        return config;
    }

    static ProviderSettings settings(Map<String, Object> config) {
        return new ProviderSettings("sbps", "sbps", config);
    }

    static ProviderContext context(Clock clock, Duration timeout) {
        return new ProviderContext(clock, ProviderContext.httpClient(Duration.ofSeconds(2)),
                SecretResolver.inlineOnly(clock), timeout);
    }

    static SbpsProvider provider(Map<String, Object> config) {
        return provider(config, CLOCK);
    }

    static SbpsProvider provider(Map<String, Object> config, Clock clock) {
        return (SbpsProvider) SbpsProvider.FACTORY.create(settings(config), context(clock, Duration.ofSeconds(2)));
    }

    static Procedure procedure(String code, String nameJa, long fee) {
        return new Procedure(code, new LocalizedText(nameJa, null), List.of(new FeeLine("131016", fee)));
    }

    /** Four 住民票の写し at 300 yen (1,200 yen), expiring in 30 minutes. */
    static Checkout checkout() {
        return checkout(List.of(CheckoutItem.price(procedure("juminhyo", "住民票の写し", 300), 4)), NOW);
    }

    static Checkout checkout(List<CheckoutItem> items, Instant now) {
        return Checkout.create(CheckoutIds.newCheckoutId(), "131016", "portal-a", "APP-1", items,
                "https://portal.example.jp/done", Language.JA, List.of(), Duration.ofMinutes(30), Map.of(), now);
    }

    static Payment payment(Checkout checkout, PaymentMethod method) {
        return ((Change.Changed) checkout.startPayment(method, "sbps", checkout.createdAt())).payment();
    }

    static Callbacks callbacks(String kokin, Checkout checkout, Payment payment) {
        String back = kokin + "/pay/" + checkout.id() + "/return?payment=" + payment.id();
        return new Callbacks(kokin, back, kokin + "/pay/" + checkout.id(), kokin + "/webhooks/sbps");
    }

    static String sha1(String text, Charset charset) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(charset)));
    }

    /** A result notification SBPS would post: the fields in A02-1 order hashed (UTF-8) with {@code key}. */
    static Map<String, String> result(String orderId, String resResult, long amount, Instant at) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String field : RESULT_ORDER) {
            f.put(field, "");
        }
        String stamp = SbpsCodec.TIMESTAMP.format(at.atZone(SbpsCodec.JST));
        f.put("pay_method", "docomo");
        f.put("merchant_id", MERCHANT);
        f.put("service_id", SERVICE);
        f.put("cust_code", "chk_test");
        f.put("order_id", orderId);
        f.put("item_id", "juminhyo");
        f.put("item_name", "住民票の写し");
        f.put("amount", Long.toString(amount));
        f.put("pay_type", "0");
        f.put("service_type", "0");
        f.put("terminal_type", "0");
        f.put("request_date", stamp);
        f.put("res_pay_method", "docomo");
        f.put("res_result", resResult);
        f.put("res_tracking_id", "80312789324671");
        f.put("res_payment_date", resResult.equals("OK") ? stamp : "");
        f.put("res_err_code", resResult.equals("NG") ? "7501" : "");
        f.put("res_date", stamp);
        f.put("limit_second", "1800");
        return f;
    }

    /** {@code fields} plus their {@code sps_hashcode} under {@code key}, as a Shift_JIS form. */
    static byte[] signedForm(Map<String, String> fields, String key) throws Exception {
        StringBuilder plain = new StringBuilder();
        for (String field : RESULT_ORDER) {
            plain.append(fields.getOrDefault(field, ""));
        }
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("sps_hashcode", sha1(plain + key, StandardCharsets.UTF_8).toUpperCase());
        return form(all);
    }

    static byte[] form(Map<String, String> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((k, v) -> pairs.add(URLEncoder.encode(k, SJIS) + "=" + URLEncoder.encode(v, SJIS)));
        return String.join("&", pairs).getBytes(StandardCharsets.US_ASCII);
    }
}
