package jp.kokin.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.FieldError;

/** The create body's arrays and objects are refused by their size before any element is read. */
class CheckoutJsonTest {

    private static ObjectNode body() {
        ObjectNode body = Json.object();
        body.put("organizationCode", "131016").put("reference", "APP-1").put("returnUrl", "https://portal.example.jp/a");
        body.putArray("items").addObject().put("procedureCode", "juminhyo").put("quantity", 1);
        return body;
    }

    private static List<String> refused(ObjectNode body) {
        CheckoutJson.Parsed parsed = CheckoutJson.parseCreate(body);
        assertNull(parsed.request());
        return parsed.errors().stream().map(e -> e.field() + ":" + e.code()).toList();
    }

    @Test
    void thirty_thousand_invalid_items_are_one_error() {
        ObjectNode body = body();
        ArrayNode items = body.putArray("items");
        for (int i = 0; i < 30_000; i++) {
            items.addObject().put("procedureCode", 1).put("quantity", "x").put("extra", true);
        }
        assertEquals(List.of("items:too_many"), refused(body));
    }

    @Test
    void twenty_items_are_read_and_twenty_one_are_refused_unread() {
        ObjectNode body = body();
        ArrayNode items = body.putArray("items");
        for (int i = 0; i < 20; i++) {
            items.addObject().put("procedureCode", "juminhyo").put("quantity", 1);
        }
        assertEquals(List.of(), CheckoutJson.parseCreate(body).errors());
        items.addObject().put("procedureCode", "juminhyo").put("quantity", 1);
        assertEquals(List.of("items:too_many"), refused(body));
    }

    @Test
    void more_methods_than_there_are_methods_are_refused_unread() {
        ObjectNode body = body();
        ArrayNode methods = body.putArray("methods");
        for (int i = 0; i < 10_000; i++) {
            methods.add("bitcoin-" + i);
        }
        assertEquals(List.of("methods:too_many"), refused(body));
    }

    @Test
    void more_than_15_metadata_pairs_are_refused_unread() {
        ObjectNode body = body();
        ObjectNode metadata = body.putObject("metadata");
        for (int i = 0; i < 10_000; i++) {
            metadata.put("k" + i, i); // not even strings: never looked at
        }
        assertEquals(List.of("metadata:too_many"), refused(body));
    }

    @Test
    void an_error_quotes_at_most_64_characters_of_what_the_client_sent() {
        ObjectNode body = body();
        body.put("x".repeat(10_000), 1);
        List<FieldError> errors = CheckoutJson.parseCreate(body).errors();
        assertEquals(1, errors.size());
        assertEquals("x".repeat(64) + "…", errors.getFirst().field());
    }
}
