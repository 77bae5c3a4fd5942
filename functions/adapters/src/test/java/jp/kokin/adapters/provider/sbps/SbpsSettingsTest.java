package jp.kokin.adapters.provider.sbps;

import static jp.kokin.adapters.provider.sbps.SbpsFixtures.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.provider.ProviderRegistry;
import jp.kokin.domain.catalog.ProviderSettings;

class SbpsSettingsTest {

    private static List<String> problems(Map<String, Object> config) {
        return ProviderRegistry.validate(new ProviderSettings("dpay-sbps", "sbps", config));
    }

    private static Map<String, Object> valid() {
        return SbpsFixtures.config("https://stbfep.sps-system.com", KEY);
    }

    @Test
    void the_minimal_account_is_valid_and_uses_the_documented_defaults() {
        assertEquals(List.of(), problems(valid()));

        SbpsSettings s = SbpsSettings.from(new ProviderSettings("dpay-sbps", "sbps", valid()));
        assertEquals("/f01/FepBuyInfoReceive.do", s.purchasePath());
        assertEquals(Map.of("dpay", "docomo", "aupay", "auone"), s.payMethods());
        assertEquals("UTF-8", s.hashCharset().name());
        assertEquals("Shift_JIS", s.queryHashCharset().name());
        assertEquals(false, s.queryEnabled());
        assertEquals("30132104", s.queryUser());
        assertEquals(KEY, s.queryPassword());
        assertEquals("https://stbfep.sps-system.com", s.queryBaseUrl());
    }

    @Test
    void an_empty_account_names_every_required_setting() {
        List<String> problems = problems(Map.of());

        assertTrue(problems.stream().anyMatch(p -> p.startsWith("providers.dpay-sbps.baseUrl: required")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("providers.dpay-sbps.merchantId:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("providers.dpay-sbps.serviceId:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("providers.dpay-sbps.hashKey:")), problems.toString());
    }

    @Test
    void ids_have_sbps_shapes() {
        Map<String, Object> config = valid();
        config.put("merchantId", "3013");
        config.put("serviceId", "1040");

        assertEquals(2, problems(config).size(), problems(config).toString());
    }

    @Test
    void field_lists_must_be_usable() {
        Map<String, Object> config = valid();
        config.put("fields", Map.of(
                "purchase", List.of("merchant_id", "service_id", "order_id", "amount", "amount"),
                "result", List.of("merchant_id", "service_id", "order_id", "amount", "sps_hashcode"),
                "refund", List.of("merchant_id")));

        List<String> problems = problems(config);

        assertTrue(problems.contains("providers.dpay-sbps.fields.purchase: amount is listed twice"), problems.toString());
        assertTrue(problems.contains("providers.dpay-sbps.fields.result: sps_hashcode is appended, not listed"), problems.toString());
        assertTrue(problems.contains("providers.dpay-sbps.fields.result: must include res_result"), problems.toString());
        assertTrue(problems.contains("providers.dpay-sbps.fields.refund: unknown list (purchase, result or query)"), problems.toString());
    }

    @Test
    void mappings_name_known_methods_and_outcomes() {
        Map<String, Object> config = new LinkedHashMap<>(valid());
        config.put("payMethods", Map.of("dpay", "docomo", "cash", "cash"));
        config.put("resultCodes", Map.of("OK", "paid"));
        config.put("queryStatuses", Map.of("1", "succeeded"));
        config.put("queryPath", "api/xmlapi.do");
        config.put("hashCharset", "EBCDIC-KANJI");
        config.put("notificationMaxAgeSeconds", "-5");

        List<String> problems = problems(config);

        assertTrue(problems.stream().anyMatch(p -> p.startsWith("providers.dpay-sbps.payMethods.cash:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("providers.dpay-sbps.resultCodes.OK:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("providers.dpay-sbps.queryPath:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("providers.dpay-sbps.hashCharset:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("providers.dpay-sbps.notificationMaxAgeSeconds:")), problems.toString());
        assertEquals(5, problems.size(), problems.toString());
    }

    @Test
    void refunds_default_to_whole_payments_within_60_days_through_the_reported_request_ids() {
        SbpsSettings s = SbpsSettings.from(new ProviderSettings("dpay-sbps", "sbps", valid()));

        assertEquals(Map.of("docomo", "ST02-00303-401", "auone", "ST02-00303-402"), s.refundRequestIds());
        assertEquals(List.of("merchant_id", "service_id", "tracking_id", "processing_datetime", "request_date",
                "limit_second"), s.refundFields());
        assertEquals(java.util.Set.of(), s.partialRefunds());
        assertEquals(java.time.Duration.ofDays(60), s.refundWindow());
        assertEquals(List.of("40121999", "40221999"), s.refundCannotCodes());
    }

    @Test
    void refund_settings_have_their_shapes() {
        Map<String, Object> config = valid();
        config.put("refundWindowDays", "0");
        config.put("partialRefunds", "docomo");
        config.put("refundFields", List.of());
        config.put("refundCannotCodes", List.of(""));

        List<String> problems = problems(config);

        assertTrue(problems.contains("providers.dpay-sbps.refundWindowDays: a positive number of days, as a string"),
                problems.toString());
        assertTrue(problems.contains("providers.dpay-sbps.partialRefunds: a list of strings"), problems.toString());
        assertTrue(problems.contains("providers.dpay-sbps.refundCannotCodes: a list of strings"), problems.toString());
        assertTrue(problems.contains("providers.dpay-sbps.refundFields: a non-empty list of strings"), problems.toString());
    }

    @Test
    void partial_refunds_are_refused_since_the_refund_request_carries_no_amount() {
        Map<String, Object> config = valid();
        config.put("partialRefunds", List.of("docomo"));

        List<String> problems = problems(config);

        assertTrue(problems.stream().anyMatch(p -> p.startsWith("providers.dpay-sbps.partialRefunds: not supported")),
                problems.toString());
    }
}
