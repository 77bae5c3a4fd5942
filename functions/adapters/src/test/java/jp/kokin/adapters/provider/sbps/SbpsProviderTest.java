package jp.kokin.adapters.provider.sbps;

import static jp.kokin.adapters.provider.sbps.SbpsFixtures.CLOCK;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.KEY;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.MERCHANT;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.NOW;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.PREVIOUS_KEY;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.SERVICE;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.SJIS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Reply;

class SbpsProviderTest {

    private static final String SBPS = "https://stbfep.sps-system.com";
    private static final String KOKIN = "https://kokin.example.jp";

    private final Checkout checkout = SbpsFixtures.checkout();
    private final Payment dpay = SbpsFixtures.payment(checkout, PaymentMethod.DPAY);

    private static ProviderSession.Redirect.FormPost form(ProviderSession session) {
        return (ProviderSession.Redirect.FormPost) session.redirect();
    }

    private static Map<String, String> fields(ProviderSession session) {
        Map<String, String> m = new LinkedHashMap<>();
        form(session).fields().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private ProviderSession start(SbpsProvider provider, Checkout c, Payment p) throws ProviderException {
        return provider.start(c, p, SbpsFixtures.callbacks(KOKIN, c, p));
    }

    // ---- start ----------------------------------------------------------------------------------

    @Test
    void start_returns_a_shift_jis_form_for_sbps_with_the_fields_in_the_purchase_request_order() throws Exception {
        ProviderSession session = start(SbpsFixtures.provider(SbpsFixtures.config(SBPS + "/", KEY)), checkout, dpay);

        assertNull(session.providerPaymentId(), "SBPS assigns its tracking id later");
        assertEquals(SBPS + "/f01/FepBuyInfoReceive.do", form(session).action());
        assertEquals("Shift_JIS", form(session).charset());
        assertEquals(List.of("pay_method", "merchant_id", "service_id", "cust_code", "sps_cust_no", "sps_payment_no",
                "order_id", "item_id", "pay_item_id", "item_name", "tax", "amount", "pay_type", "auto_charge_type",
                "service_type", "div_settele", "last_charge_month", "camp_type", "tracking_id", "terminal_type",
                "success_url", "cancel_url", "error_url", "pagecon_url", "free1", "free2", "free3", "free_csv",
                "request_date", "limit_second", "sps_hashcode"),
                form(session).fields().stream().map(Map.Entry::getKey).toList());
    }

    @Test
    void start_fills_the_purchase_from_the_checkout_and_our_callbacks() throws Exception {
        Map<String, String> f = fields(start(SbpsFixtures.provider(SbpsFixtures.config(SBPS, KEY)), checkout, dpay));

        assertEquals("docomo", f.get("pay_method"));
        assertEquals(MERCHANT, f.get("merchant_id"));
        assertEquals(SERVICE, f.get("service_id"));
        assertEquals(checkout.id(), f.get("cust_code"));
        assertEquals(dpay.id(), f.get("order_id"));
        assertEquals("juminhyo", f.get("item_id"));
        assertEquals("住民票の写し", f.get("item_name"));
        assertEquals("1200", f.get("amount"));
        assertEquals("0", f.get("pay_type"));
        assertEquals("0", f.get("service_type"));
        String back = KOKIN + "/pay/" + checkout.id() + "/return?payment=" + dpay.id();
        assertEquals(back, f.get("success_url"));
        assertEquals(KOKIN + "/pay/" + checkout.id(), f.get("cancel_url"));
        assertEquals(back, f.get("error_url"));
        assertEquals(KOKIN + "/webhooks/sbps", f.get("pagecon_url"));
        assertEquals("20250401100000", f.get("request_date"), "JST");
        assertEquals("1800", f.get("limit_second"), "until the checkout expires");
        assertEquals("", f.get("sps_cust_no"));
        assertEquals("", f.get("free_csv"));
    }

    @Test
    void au_pay_is_auone() throws Exception {
        Payment aupay = SbpsFixtures.payment(checkout, PaymentMethod.AUPAY);

        assertEquals("auone", fields(start(SbpsFixtures.provider(SbpsFixtures.config(SBPS, KEY)), checkout, aupay))
                .get("pay_method"));
    }

    @Test
    void sps_hashcode_is_the_lower_case_sha1_of_the_utf8_values_in_order_then_the_current_key() throws Exception {
        ProviderSession session = start(SbpsFixtures.provider(SbpsFixtures.config(SBPS, List.of(KEY, PREVIOUS_KEY))),
                checkout, dpay);

        String values = form(session).fields().stream().filter(e -> !e.getKey().equals("sps_hashcode"))
                .map(Map.Entry::getValue).collect(Collectors.joining());
        assertEquals(SbpsFixtures.sha1(values + KEY, StandardCharsets.UTF_8), fields(session).get("sps_hashcode"));
    }

    @Test
    void names_that_shift_jis_cannot_carry_are_replaced_and_kept_within_40_bytes() throws Exception {
        // 髙 and 𠮷 are not in JIS X 0208; 〜 is sent differently by browsers (windows-31j); the rest is long
        var item = CheckoutItem.price(SbpsFixtures.procedure("koseki", "髙島𠮷〜戸籍全部事項証明書（戸籍謄本）の写しの交付申請", 450), 1);
        var other = CheckoutItem.price(SbpsFixtures.procedure("juminhyo", "住民票の写し", 300), 1);
        Checkout c = SbpsFixtures.checkout(List.of(item, other), NOW);
        Payment p = SbpsFixtures.payment(c, PaymentMethod.DPAY);

        String name = fields(start(SbpsFixtures.provider(SbpsFixtures.config(SBPS, KEY)), c, p)).get("item_name");

        assertTrue(name.startsWith("？島？？戸籍全部事項証明書"), name);
        assertTrue(name.endsWith(" 他1件"), name);
        assertTrue(name.getBytes(SJIS).length <= 40, name);
        assertEquals(name, new String(name.getBytes(SJIS), SJIS), "round-trips through Shift_JIS");
        assertEquals(name, new String(name.getBytes("windows-31j"), "windows-31j"), "and through what browsers send");
    }

    @Test
    void fixed_values_and_field_lists_come_from_the_settings() throws Exception {
        Map<String, Object> config = SbpsFixtures.config(SBPS, KEY);
        config.put("fixedValues", Map.of("terminal_type", "1", "free1", "自治体"));
        config.put("fields", Map.of("purchase", List.of("merchant_id", "service_id", "pay_method", "order_id",
                "amount", "free1", "terminal_type", "pagecon_url", "request_date")));
        config.put("purchasePath", "/f02/Buy.do");

        ProviderSession session = start(SbpsFixtures.provider(config), checkout, dpay);

        assertEquals(SBPS + "/f02/Buy.do", form(session).action());
        Map<String, String> f = fields(session);
        assertEquals(List.of("merchant_id", "service_id", "pay_method", "order_id", "amount", "free1", "terminal_type",
                "pagecon_url", "request_date", "sps_hashcode"), List.copyOf(f.keySet()));
        assertEquals("1", f.get("terminal_type"));
        String plain = MERCHANT + SERVICE + "docomo" + dpay.id() + "1200" + "自治体" + "1" + KOKIN + "/webhooks/sbps"
                + "20250401100000" + KEY;
        assertEquals(SbpsFixtures.sha1(plain, StandardCharsets.UTF_8), f.get("sps_hashcode"));
    }

    @Test
    void a_method_without_a_pay_method_cannot_start() {
        Payment card = SbpsFixtures.payment(checkout, PaymentMethod.CARD);

        assertThrows(ProviderException.class,
                () -> start(SbpsFixtures.provider(SbpsFixtures.config(SBPS, KEY)), checkout, card));
    }

    @Test
    void an_unreadable_secret_reference_is_a_provider_exception() {
        var provider = SbpsFixtures.provider(SbpsFixtures.config(SBPS, "secretsmanager:kokin/sbps-hash-key"));

        assertThrows(ProviderException.class, () -> start(provider, checkout, dpay));
    }

    // ---- verify ---------------------------------------------------------------------------------

    private static InboundProviderEvent inbound(byte[] body, Instant receivedAt) {
        return new InboundProviderEvent(Map.of("content-type", "application/x-www-form-urlencoded"), body,
                "61.215.213.47", receivedAt);
    }

    private ProviderEvent verify(Map<String, Object> config, byte[] body) throws ProviderEventException {
        return SbpsFixtures.provider(config).verify(inbound(body, NOW.plusSeconds(2)));
    }

    @Test
    void an_ok_result_reports_the_payment_with_sbps_amount_and_payment_date() throws Exception {
        byte[] body = SbpsFixtures.signedForm(SbpsFixtures.result(dpay.id(), "OK", 1200, NOW), KEY);

        var report = assertInstanceOf(ProviderEvent.Report.class, verify(SbpsFixtures.config(SBPS, KEY), body));

        assertEquals(dpay.id(), report.paymentId());
        assertEquals(new ProviderStatus.Succeeded(1200, NOW), report.status());
        assertEquals(NOW, report.occurredAt());
    }

    @Test
    void an_ng_result_is_a_failure_with_the_error_code() throws Exception {
        byte[] body = SbpsFixtures.signedForm(SbpsFixtures.result(dpay.id(), "NG", 1200, NOW), KEY);

        var report = assertInstanceOf(ProviderEvent.Report.class, verify(SbpsFixtures.config(SBPS, KEY), body));

        assertEquals(new ProviderStatus.Failed("declined at SBPS (res_err_code 7501)"), report.status());
    }

    @Test
    void a_cn_result_is_an_expiry() throws Exception {
        byte[] body = SbpsFixtures.signedForm(SbpsFixtures.result(dpay.id(), "CN", 1200, NOW), KEY);

        var report = assertInstanceOf(ProviderEvent.Report.class, verify(SbpsFixtures.config(SBPS, KEY), body));

        assertEquals(new ProviderStatus.Expired(), report.status());
    }

    @Test
    void a_notification_signed_with_the_previous_key_is_still_believed() throws Exception {
        byte[] body = SbpsFixtures.signedForm(SbpsFixtures.result(dpay.id(), "OK", 1200, NOW), PREVIOUS_KEY);

        assertInstanceOf(ProviderEvent.Report.class, verify(SbpsFixtures.config(SBPS, List.of(KEY, PREVIOUS_KEY)), body));
    }

    @Test
    void a_notification_signed_with_another_key_is_refused() throws Exception {
        byte[] body = SbpsFixtures.signedForm(SbpsFixtures.result(dpay.id(), "OK", 1200, NOW), PREVIOUS_KEY);

        var e = assertThrows(ProviderEventException.class, () -> verify(SbpsFixtures.config(SBPS, KEY), body));

        assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, e.kind());
    }

    @Test
    void a_tampered_amount_is_refused() throws Exception {
        byte[] body = SbpsFixtures.signedForm(SbpsFixtures.result(dpay.id(), "OK", 1200, NOW), KEY);
        byte[] tampered = new String(body, StandardCharsets.US_ASCII).replace("amount=1200", "amount=12")
                .getBytes(StandardCharsets.US_ASCII);

        var e = assertThrows(ProviderEventException.class, () -> verify(SbpsFixtures.config(SBPS, KEY), tampered));

        assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, e.kind());
    }

    @Test
    void a_forged_notification_without_a_valid_hash_is_refused() {
        Map<String, String> forged = new LinkedHashMap<>(SbpsFixtures.result(dpay.id(), "OK", 1200, NOW));
        forged.put("sps_hashcode", "0000000000000000000000000000000000000000");

        var e = assertThrows(ProviderEventException.class,
                () -> verify(SbpsFixtures.config(SBPS, KEY), SbpsFixtures.form(forged)));

        assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, e.kind());
    }

    @Test
    void another_merchant_or_service_is_refused() throws Exception {
        Map<String, String> other = SbpsFixtures.result(dpay.id(), "OK", 1200, NOW);
        other.put("service_id", "105");
        byte[] body = SbpsFixtures.signedForm(other, KEY);

        var e = assertThrows(ProviderEventException.class, () -> verify(SbpsFixtures.config(SBPS, KEY), body));

        assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, e.kind());
    }

    @Test
    void a_stale_notification_is_refused() throws Exception {
        byte[] body = SbpsFixtures.signedForm(SbpsFixtures.result(dpay.id(), "OK", 1200, NOW.minus(Duration.ofHours(25))), KEY);

        var e = assertThrows(ProviderEventException.class, () -> verify(SbpsFixtures.config(SBPS, KEY), body));

        assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, e.kind());
        assertTrue(e.getMessage().startsWith("stale"), e.getMessage());
    }

    @Test
    void the_age_limit_is_a_setting() throws Exception {
        Map<String, Object> config = SbpsFixtures.config(SBPS, KEY);
        config.put("notificationMaxAgeSeconds", "600");
        byte[] body = SbpsFixtures.signedForm(SbpsFixtures.result(dpay.id(), "OK", 1200, NOW.minus(Duration.ofMinutes(11))), KEY);

        assertThrows(ProviderEventException.class, () -> verify(config, body));
    }

    @Test
    void a_notification_dated_in_the_future_is_refused() throws Exception {
        byte[] body = SbpsFixtures.signedForm(SbpsFixtures.result(dpay.id(), "OK", 1200, NOW.plus(Duration.ofMinutes(10))), KEY);

        var e = assertThrows(ProviderEventException.class, () -> verify(SbpsFixtures.config(SBPS, KEY), body));

        assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, e.kind());
    }

    @Test
    void missing_fields_are_malformed() throws Exception {
        Map<String, String> fields = SbpsFixtures.result(dpay.id(), "OK", 1200, NOW);
        fields.remove("res_result");
        byte[] body = SbpsFixtures.signedForm(fields, KEY);

        var e = assertThrows(ProviderEventException.class, () -> verify(SbpsFixtures.config(SBPS, KEY), body));

        assertEquals(ProviderEventException.Kind.MALFORMED, e.kind());
    }

    @Test
    void a_field_given_twice_is_malformed() throws Exception {
        byte[] body = SbpsFixtures.signedForm(SbpsFixtures.result(dpay.id(), "OK", 1200, NOW), KEY);
        byte[] twice = (new String(body, StandardCharsets.US_ASCII) + "&amount=1").getBytes(StandardCharsets.US_ASCII);

        var e = assertThrows(ProviderEventException.class, () -> verify(SbpsFixtures.config(SBPS, KEY), twice));

        assertEquals(ProviderEventException.Kind.MALFORMED, e.kind());
    }

    @Test
    void an_order_that_is_not_a_kokin_payment_is_ignored() throws Exception {
        byte[] body = SbpsFixtures.signedForm(SbpsFixtures.result("ORDER-FROM-ANOTHER-SHOP", "OK", 1200, NOW), KEY);

        assertInstanceOf(ProviderEvent.Ignored.class, verify(SbpsFixtures.config(SBPS, KEY), body));
    }

    @Test
    void a_japanese_item_name_in_shift_jis_is_part_of_what_is_verified() throws Exception {
        Map<String, String> fields = SbpsFixtures.result(dpay.id(), "OK", 1200, NOW);
        fields.put("item_name", "戸籍全部事項証明書 他1件");
        byte[] body = SbpsFixtures.signedForm(fields, KEY);
        assertTrue(new String(body, StandardCharsets.US_ASCII).contains("item_name=%8C%CB%90%D0"), "Shift_JIS on the wire");

        assertInstanceOf(ProviderEvent.Report.class, verify(SbpsFixtures.config(SBPS, KEY), body));
    }

    /**
     * A result notification captured from SBPS's sandbox (merchant 19788, service 001, its
     * published sandbox hash key), as published in the sbpayment.rb gem's
     * {@code example/purchase_report.rb}: it verifies over the UTF-8 bytes, not over Shift_JIS.
     */
    @Test
    void the_published_sandbox_notification_verifies_over_utf8_and_not_shift_jis() throws Exception {
        String body = "res_payinfo_key=&service_id=001&auto_charge_type=0&free1=&cust_code=498b1fd98ebeb074ff1d50f2e2720a1a"
                + "&div_settele=0&free3=&res_sps_payment_no=&service_type=0&free2="
                + "&sps_hashcode=BE33A23EC4B61A34545E0A485D0897E33383F4DE&order_id=9eb2fced282c5bfc67c2417217ca2682"
                + "&camp_type=&res_date=20150807161021&amount=980&res_err_code=&last_charge_month=&limit_second=600"
                + "&pay_type=2&res_payment_date=20150807161021&merchant_id=19788&tracking_id=&res_tracking_id=80312789324671"
                + "&request_date=20150807161004&pay_item_id=&res_pay_method=&terminal_type=0&res_sps_cust_no=&pay_method="
                + "&tax=&item_name=%8Cp%91%B1%89%DB%8B%E0&sps_payment_no=&res_result=OK&item_id=Item+ID&sps_cust_no=";
        Map<String, Object> config = new LinkedHashMap<>(Map.of("baseUrl", SBPS, "merchantId", "19788",
                "serviceId", "001", "hashKey", "398a58952baf329cac5efbae97ea84ba17028d02"));
        Clock then = Clock.fixed(Instant.parse("2015-08-07T07:10:22Z"), ZoneOffset.UTC);
        var inbound = inbound(body.getBytes(StandardCharsets.US_ASCII), then.instant());

        ProviderEvent n = SbpsFixtures.provider(config, then).verify(inbound);

        assertInstanceOf(ProviderEvent.Ignored.class, n, "signed, but not one of our payment ids");
        config.put("hashCharset", "Shift_JIS");
        assertThrows(ProviderEventException.class, () -> SbpsFixtures.provider(config, then).verify(inbound));
    }

    // ---- accepted, cancel, query without the inquiry -------------------------------------------------

    @Test
    void sbps_is_answered_ok_comma_in_plain_text() {
        Reply reply = SbpsFixtures.provider(SbpsFixtures.config(SBPS, KEY)).accepted();

        assertEquals(200, reply.status());
        assertEquals("OK,", reply.body());
        assertTrue(reply.contentType().startsWith("text/plain"));
        assertEquals("NG,unknown_order", SbpsProvider.refused("unknown order").body());
    }

    @Test
    void cancel_succeeds_without_asking_sbps_because_an_unfinished_purchase_exists_only_in_the_browser() {
        assertTrue(SbpsFixtures.provider(SbpsFixtures.config(SBPS, KEY)).cancel(dpay));
    }

    @Test
    void without_a_query_path_a_payment_stays_pending_until_the_domain_expires_it() throws Exception {
        var provider = (SbpsProvider) SbpsProvider.FACTORY.create(SbpsFixtures.settings(SbpsFixtures.config(SBPS, KEY)),
                new jp.kokin.adapters.provider.ProviderContext(CLOCK, null,
                        jp.kokin.adapters.provider.SecretResolver.inlineOnly(CLOCK), Duration.ofSeconds(1)));

        assertEquals(new ProviderStatus.Pending(), provider.query(checkout, dpay));
    }

    @Test
    void payment_ids_fit_sbps_order_id() {
        String longest = CheckoutIds.paymentId(CheckoutIds.newCheckoutId(), 999);
        assertTrue(longest.length() <= 38, longest);
    }
}
