package jp.kokin.adapters.provider.sbps;

import static jp.kokin.adapters.provider.sbps.SbpsFixtures.KEY;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.PaymentStatus;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;

/**
 * {@code sps_hashcode} covers the values joined without separators, so characters can move between
 * adjacent fields and the hash still matches: every field SBPS echoes must be what we sent for the
 * payment, and the result's own fields must have their formats.
 */
class SbpsResultEchoTest {

    private static final String SBPS = "https://stbfep.sps-system.com";
    private static final String STAMP = SbpsCodec.timestamp(NOW);

    private final SbpsProvider provider = SbpsFixtures.provider(SbpsFixtures.config(SBPS, KEY));
    private final Checkout checkout = SbpsFixtures.checkout();
    private final Payment dpay = SbpsFixtures.payment(checkout, PaymentMethod.DPAY);

    /** The result SBPS would post for what {@code start} sent: the purchase fields echoed, then res_*. */
    private Map<String, String> genuineResult(Checkout c, Payment p) throws Exception {
        Map<String, String> sent = new LinkedHashMap<>();
        ((jp.kokin.domain.provider.ProviderSession.Redirect.FormPost) provider
                .start(c, p, SbpsFixtures.callbacks("https://kokin.example.jp", c, p)).redirect())
                .fields().forEach(e -> sent.put(e.getKey(), e.getValue()));
        Map<String, String> result = new LinkedHashMap<>();
        for (String field : SbpsFixtures.RESULT_ORDER) {
            result.put(field, sent.getOrDefault(field, ""));
        }
        result.put("res_pay_method", sent.get("pay_method"));
        result.put("res_result", "OK");
        result.put("res_tracking_id", "80312789324671");
        result.put("res_payment_date", STAMP);
        result.put("res_date", STAMP);
        return result;
    }

    private ProviderEvent.Report verified(Map<String, String> result) throws Exception {
        byte[] body = SbpsFixtures.signedForm(result, KEY);
        return assertInstanceOf(ProviderEvent.Report.class, provider.verify(new InboundProviderEvent(
                Map.of("content-type", "application/x-www-form-urlencoded"), body, "61.215.213.47", NOW.plusSeconds(2))));
    }

    private static String hashed(Map<String, String> result) throws Exception {
        byte[] body = SbpsFixtures.signedForm(result, KEY);
        String form = new String(body, StandardCharsets.US_ASCII);
        return form.substring(form.indexOf("sps_hashcode=") + "sps_hashcode=".length());
    }

    @Test
    void the_genuine_result_echoes_what_was_sent() throws Exception {
        ProviderEvent.Report report = verified(genuineResult(checkout, dpay));

        assertEquals(Optional.empty(), report.echo().mismatch(checkout, dpay));
    }

    @Test
    void a_shifted_boundary_forgery_keeps_the_hash_but_its_amount_is_not_what_was_sent() throws Exception {
        Map<String, String> genuine = genuineResult(checkout, dpay);
        Map<String, String> forged = new LinkedHashMap<>(genuine);
        forged.put("amount", genuine.get("amount") + genuine.get("pay_type")); // 1200 + "0" = 12000
        forged.put("pay_type", "");
        assertEquals(hashed(genuine), hashed(forged), "the same sps_hashcode");

        ProviderEvent.Report report = verified(forged);

        assertEquals(Optional.of("amount"), report.echo().mismatch(checkout, dpay));
    }

    @Test
    void a_shifted_boundary_forgery_of_the_checkout_is_refused() throws Exception {
        Map<String, String> forged = genuineResult(checkout, dpay);
        String custCode = forged.get("cust_code");
        forged.put("cust_code", custCode.substring(0, custCode.length() - 1));
        forged.put("sps_cust_no", custCode.substring(custCode.length() - 1));

        assertEquals(Optional.of("cust_code"), verified(forged).echo().mismatch(checkout, dpay));
    }

    @Test
    void a_shifted_boundary_forgery_of_the_order_naming_another_attempt_is_refused() throws Exception {
        Checkout numbered = SbpsFixtures.checkout(List.of(CheckoutItem.price(
                SbpsFixtures.procedure("2nd-copy", "住民票の写し（2通目）", 300), 1)), NOW);
        Payment first = SbpsFixtures.payment(numbered, PaymentMethod.DPAY);
        Map<String, String> forged = genuineResult(numbered, first);
        forged.put("order_id", first.id() + "2"); // pay_…_1 + "2nd-copy" → pay_…_12 + "nd-copy"
        forged.put("item_id", "nd-copy");
        Payment twelfth = new Payment(CheckoutIds.paymentId(numbered.id(), 12), PaymentMethod.DPAY, "sbps", null,
                PaymentStatus.PENDING, first.amount(), first.createdAt(), null, false);

        ProviderEvent.Report report = verified(forged);

        assertEquals(twelfth.id(), report.paymentId());
        assertEquals(Optional.of("item_id"), report.echo().mismatch(numbered, twelfth));
    }

    @Test
    void a_result_for_another_method_than_the_payment_was_sent_with_is_refused() throws Exception {
        Map<String, String> other = genuineResult(checkout, dpay);
        other.put("pay_method", "auone");
        other.put("res_pay_method", "auone");

        assertEquals(Optional.of("pay_method"), verified(other).echo().mismatch(checkout, dpay));
    }

    static Stream<Arguments> malformedResultFields() {
        return Stream.of(
                Arguments.of("res_result", "XX"),
                Arguments.of("res_result", "ok"),
                Arguments.of("res_tracking_id", ""),
                Arguments.of("res_tracking_id", "8031278932467"),
                Arguments.of("res_tracking_id", "80312789324671<"),
                Arguments.of("res_payment_date", "2025-04-01"),
                Arguments.of("res_payment_date", "20251301100000"),
                Arguments.of("res_date", "2025040110"),
                Arguments.of("res_err_code", "75-01"),
                Arguments.of("res_err_code", "123456789"),
                Arguments.of("res_pay_method", "auone"),
                Arguments.of("res_sps_cust_no", "a b"),
                Arguments.of("res_sps_payment_no", "<script>"),
                Arguments.of("res_payinfo_key", "x".repeat(65)),
                Arguments.of("res_sps_transaction_id", "x".repeat(33)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("malformedResultFields")
    void each_malformed_result_field_is_refused_although_the_hash_matches(String field, String value) throws Exception {
        Map<String, String> result = genuineResult(checkout, dpay);
        result.put(field, value);
        byte[] body = SbpsFixtures.signedForm(result, KEY);

        var e = assertThrows(ProviderEventException.class, () -> provider.verify(new InboundProviderEvent(
                Map.of("content-type", "application/x-www-form-urlencoded"), body, "61.215.213.47", NOW.plusSeconds(2))));

        assertEquals(ProviderEventException.Kind.MALFORMED, e.kind(), e.getMessage());
    }
}
