package jp.kokin.domain.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.catalog.Language;

/** Each bound of {@link CheckoutLimits} on a portal's request: accepted at the limit, refused one past it. */
class CheckoutLimitsTest {

    private static final String RETURN_URL = "https://portal.example.jp/applications/1";

    private record Request(String organizationCode, List<NewCheckout.Item> items, String reference, String returnUrl,
                           List<PaymentMethod> methods, Map<String, String> metadata) {
        NewCheckout build() {
            return new NewCheckout(organizationCode, items, reference, returnUrl, Language.JA, methods,
                    NewCheckout.DEFAULT_EXPIRY_MINUTES, metadata);
        }
    }

    private static NewCheckout valid(UnaryOperator<Request> change) {
        return change.apply(new Request("131016", List.of(new NewCheckout.Item("juminhyo", 1)), "APP-1", RETURN_URL,
                List.of(), Map.of())).build();
    }

    private static List<String> fieldsRefused(NewCheckout request) {
        return request.validate().stream().map(FieldError::field).toList();
    }

    private static void acceptedAtAndRefusedPast(UnaryOperator<Request> atLimit, UnaryOperator<Request> pastLimit,
                                                 String field) {
        assertEquals(List.of(), fieldsRefused(valid(atLimit)), "at the limit");
        assertEquals(List.of(field), fieldsRefused(valid(pastLimit)), "one past the limit");
    }

    private static List<NewCheckout.Item> items(int n) {
        return Collections.nCopies(n, new NewCheckout.Item("juminhyo", 1));
    }

    private static Map<String, String> metadata(int pairs, int keyLength, int valueLength) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs; i++) {
            String key = ("k" + i + "-" + "鍵".repeat(keyLength)).substring(0, keyLength);
            m.put(key, "値".repeat(valueLength));
        }
        return m;
    }

    @Test
    void at_most_20_items() {
        acceptedAtAndRefusedPast(r -> new Request(r.organizationCode(), items(CheckoutLimits.MAX_ITEMS), r.reference(),
                        r.returnUrl(), r.methods(), r.metadata()),
                r -> new Request(r.organizationCode(), items(CheckoutLimits.MAX_ITEMS + 1), r.reference(), r.returnUrl(),
                        r.methods(), r.metadata()), "items");
        assertEquals(20, CheckoutLimits.MAX_ITEMS);
    }

    @Test
    void too_many_items_are_one_error_not_one_per_item() {
        List<NewCheckout.Item> invalid = Collections.nCopies(30_000, new NewCheckout.Item("", 0));
        NewCheckout request = valid(r -> new Request(r.organizationCode(), invalid, r.reference(), r.returnUrl(),
                r.methods(), r.metadata()));
        assertEquals(List.of("items"), fieldsRefused(request));
    }

    @Test
    void a_procedure_code_is_at_most_64_characters() {
        acceptedAtAndRefusedPast(r -> new Request(r.organizationCode(), List.of(new NewCheckout.Item("p".repeat(64), 1)),
                        r.reference(), r.returnUrl(), r.methods(), r.metadata()),
                r -> new Request(r.organizationCode(), List.of(new NewCheckout.Item("p".repeat(65), 1)),
                        r.reference(), r.returnUrl(), r.methods(), r.metadata()), "items[0].procedureCode");
    }

    @Test
    void a_quantity_is_at_most_99() {
        acceptedAtAndRefusedPast(r -> new Request(r.organizationCode(), List.of(new NewCheckout.Item("juminhyo", 99)),
                        r.reference(), r.returnUrl(), r.methods(), r.metadata()),
                r -> new Request(r.organizationCode(), List.of(new NewCheckout.Item("juminhyo", 100)),
                        r.reference(), r.returnUrl(), r.methods(), r.metadata()), "items[0].quantity");
    }

    @Test
    void a_reference_is_at_most_64_characters_without_control_characters() {
        acceptedAtAndRefusedPast(r -> new Request(r.organizationCode(), r.items(), "申".repeat(64), r.returnUrl(),
                        r.methods(), r.metadata()),
                r -> new Request(r.organizationCode(), r.items(), "申".repeat(65), r.returnUrl(), r.methods(), r.metadata()),
                "reference");
        assertEquals(List.of("reference"), fieldsRefused(valid(r -> new Request(r.organizationCode(), r.items(),
                "APP\u0001", r.returnUrl(), r.methods(), r.metadata()))));
    }

    @Test
    void metadata_holds_at_most_15_pairs() {
        acceptedAtAndRefusedPast(r -> new Request(r.organizationCode(), r.items(), r.reference(), r.returnUrl(),
                        r.methods(), metadata(15, 3, 3)),
                r -> new Request(r.organizationCode(), r.items(), r.reference(), r.returnUrl(), r.methods(),
                        metadata(16, 3, 3)), "metadata");
    }

    @Test
    void a_metadata_key_is_at_most_40_characters() {
        acceptedAtAndRefusedPast(r -> new Request(r.organizationCode(), r.items(), r.reference(), r.returnUrl(),
                        r.methods(), Map.of("k".repeat(40), "v")),
                r -> new Request(r.organizationCode(), r.items(), r.reference(), r.returnUrl(), r.methods(),
                        Map.of("k".repeat(41), "v")), "metadata." + "k".repeat(40) + "…");
    }

    @Test
    void a_metadata_value_is_at_most_500_characters_and_may_hold_line_breaks_but_no_other_control_character() {
        acceptedAtAndRefusedPast(r -> new Request(r.organizationCode(), r.items(), r.reference(), r.returnUrl(),
                        r.methods(), Map.of("k", "値".repeat(500))),
                r -> new Request(r.organizationCode(), r.items(), r.reference(), r.returnUrl(), r.methods(),
                        Map.of("k", "値".repeat(501))), "metadata.k");
        assertEquals(List.of(), fieldsRefused(valid(r -> new Request(r.organizationCode(), r.items(), r.reference(),
                r.returnUrl(), r.methods(), Map.of("k", "line 1\r\nline 2\tend")))));
        assertEquals(List.of("metadata.k"), fieldsRefused(valid(r -> new Request(r.organizationCode(), r.items(),
                r.reference(), r.returnUrl(), r.methods(), Map.of("k", "bell\u0007")))));
    }

    @Test
    void methods_list_each_method_at_most_once() {
        List<PaymentMethod> all = List.of(PaymentMethod.values());
        List<PaymentMethod> oneMore = new ArrayList<>(all);
        oneMore.add(PaymentMethod.CARD);
        acceptedAtAndRefusedPast(r -> new Request(r.organizationCode(), r.items(), r.reference(), r.returnUrl(), all,
                        r.metadata()),
                r -> new Request(r.organizationCode(), r.items(), r.reference(), r.returnUrl(), oneMore, r.metadata()),
                "methods");
    }

    @Test
    void a_return_url_is_at_most_2048_characters() {
        String base = RETURN_URL + "?q=";
        String atLimit = base + "a".repeat(2048 - base.length());
        acceptedAtAndRefusedPast(r -> new Request(r.organizationCode(), r.items(), r.reference(), atLimit, r.methods(),
                        r.metadata()),
                r -> new Request(r.organizationCode(), r.items(), r.reference(), atLimit + "a", r.methods(),
                        r.metadata()), "returnUrl");
    }

    @Test
    void a_return_url_is_an_absolute_https_url_without_user_info_or_control_characters() {
        for (String bad : List.of("http://portal.example.jp/a", "portal.example.jp/a", "/applications/1",
                "https://user:pw@portal.example.jp/a", "https://portal.example.jp/a\r\nSet-Cookie: x",
                "https://portal.example.jp/a b", "javascript:alert(1)", "ftp://portal.example.jp/a",
                "https://portal.example.jp/申請")) {
            assertEquals(List.of("returnUrl"), fieldsRefused(valid(r -> new Request(r.organizationCode(), r.items(),
                    r.reference(), bad, r.methods(), r.metadata()))), bad);
        }
        for (String good : List.of("http://127.0.0.1:3000/_local/portal/done", "http://localhost/a", "http://[::1]:8080/a",
                "https://portal.example.jp/a?x=%E7%94%B3#done")) {
            assertEquals(List.of(), fieldsRefused(valid(r -> new Request(r.organizationCode(), r.items(),
                    r.reference(), good, r.methods(), r.metadata()))), good);
        }
    }

    @Test
    void a_provider_payment_id_is_1_to_1024_printable_ascii_characters() {
        assertTrue(CheckoutLimits.isProviderPaymentId("x".repeat(1024)));
        assertFalse(CheckoutLimits.isProviderPaymentId("x".repeat(1025)));
        assertFalse(CheckoutLimits.isProviderPaymentId(""));
        assertFalse(CheckoutLimits.isProviderPaymentId("id with space"));
        assertFalse(CheckoutLimits.isProviderPaymentId("決済"));
    }
}
