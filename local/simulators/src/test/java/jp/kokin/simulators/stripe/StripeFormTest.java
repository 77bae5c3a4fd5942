package jp.kokin.simulators.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StripeFormTest {

    @Test
    void reads_nested_hashes_and_both_array_notations() throws Exception {
        Map<String, Object> p = StripeForm.parse("mode=payment"
                + "&line_items%5B0%5D%5Bprice_data%5D%5Bcurrency%5D=jpy&line_items[0][quantity]=2"
                + "&line_items[1][quantity]=1&payment_method_types[]=card&payment_method_types[]=konbini"
                + "&metadata[kokin_payment_id]=pay_x&expand[0]=payment_intent&name=%E4%BD%8F%E6%B0%91%E7%A5%A8+%E3%81%AE%E5%86%99%E3%81%97");

        assertEquals("payment", p.get("mode"));
        assertEquals(List.of(Map.of("price_data", Map.of("currency", "jpy"), "quantity", "2"), Map.of("quantity", "1")),
                p.get("line_items"));
        assertEquals(List.of("card", "konbini"), p.get("payment_method_types"));
        assertEquals(Map.of("kokin_payment_id", "pay_x"), p.get("metadata"));
        assertEquals(List.of("payment_intent"), p.get("expand"));
        assertEquals("住民票 の写し", p.get("name"));
    }

    @Test
    void refuses_gaps_in_indices_conflicts_and_repeats() {
        assertThrows(StripeForm.InvalidFormException.class, () -> StripeForm.parse("line_items[0][quantity]=1&line_items[2][quantity]=1"));
        assertThrows(StripeForm.InvalidFormException.class, () -> StripeForm.parse("metadata=x&metadata[a]=b"));
        assertThrows(StripeForm.InvalidFormException.class, () -> StripeForm.parse("mode=payment&mode=setup"));
        assertThrows(StripeForm.InvalidFormException.class, () -> StripeForm.parse("a[0]=x&a[]=y"));
        assertThrows(StripeForm.InvalidFormException.class, () -> StripeForm.parse("a[b=x"));
    }

    @Test
    void canonical_form_ignores_hash_order_but_not_values_or_array_order() throws Exception {
        String a = StripeForm.canonical(StripeForm.parse("mode=payment&metadata[a]=1&metadata[b]=2&x[]=1&x[]=2"));
        assertEquals(a, StripeForm.canonical(StripeForm.parse("metadata[b]=2&x[]=1&mode=payment&metadata[a]=1&x[]=2")));
        assertNotEquals(a, StripeForm.canonical(StripeForm.parse("mode=payment&metadata[a]=1&metadata[b]=3&x[]=1&x[]=2")));
        assertNotEquals(a, StripeForm.canonical(StripeForm.parse("mode=payment&metadata[a]=1&metadata[b]=2&x[]=2&x[]=1")));
    }
}
