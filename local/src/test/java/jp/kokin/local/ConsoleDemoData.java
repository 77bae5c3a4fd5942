package jp.kokin.local;

import static jp.kokin.local.PlatformHttp.get;
import static jp.kokin.local.PlatformHttp.json;
import static jp.kokin.local.Waits.waitFor;

import java.net.http.HttpResponse;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.domain.format.JapaneseDates;

/**
 * The data the console's browser tests look at, made as a portal and a citizen make it: a checkout
 * created with the demo portal's key and paid by card on the Stripe simulator's page, until its
 * receipt is issued; a settlement run made by invoking the settlement function for a business day.
 */
final class ConsoleDemoData {
    static final String PORTAL_KEY = "demo-portal-key";
    static final String OPERATOR_KEY = "demo-operator-key";

    private final String base;
    private final PlatformHttp web;

    ConsoleDemoData(ConsoleBrowser console) {
        this.base = console.base();
        this.web = console.http();
    }

    /** A paid checkout: its id, the portal's reference, its receipt number, amount and JST business day. */
    record Paid(String id, String reference, String receiptNumber, long amount, String businessDate) {}

    /** 千代田区's 戸籍証明 (450 yen each), {@code quantity} of them, paid by card. */
    Paid paidKoseki(String reference, int quantity) throws Exception {
        return paid("131016", "koseki", quantity, reference);
    }

    /** A checkout of {@code organization}'s procedure, paid by card through the provider's simulator. */
    Paid paid(String organization, String procedure, int quantity, String reference) throws Exception {
        String id = json(web.send(web.post("/v1/checkouts", PORTAL_KEY, """
                {"organizationCode":"%s","items":[{"procedureCode":"%s","quantity":%d}],
                 "reference":"%s","returnUrl":"%s/_local/portal/return"}
                """.formatted(organization, procedure, quantity, reference, base)), 201)).get("id").asText();
        new Citizen().pay(base, id, "card", "pay");
        JsonNode paid = waitFor("the receipt of " + id, () -> {
            JsonNode c = checkout(id);
            return c.path("receipt").isObject() ? c : null;
        });
        return new Paid(id, reference, paid.get("receipt").get("number").asText(), paid.get("amount").asLong(),
                JapaneseDates.businessDate(Instant.parse(paid.get("paidAt").asText())).toString());
    }

    /** The checkout as the portal's API shows it. */
    JsonNode checkout(String id) throws Exception {
        return json(web.send(get(base + "/v1/checkouts/" + id, PORTAL_KEY), 200));
    }

    /** The checkout's refunds as the portal's API shows them (id, amount, status …), oldest first. */
    JsonNode refunds(String checkoutId) throws Exception {
        return json(web.send(get(base + "/v1/checkouts/" + checkoutId + "/refunds", PORTAL_KEY), 200)).get("refunds");
    }

    /** Runs the settlement of a JST business day (as its schedule would); gives the function's answer (runId, …). */
    JsonNode settle(String businessDate) throws Exception {
        return json(web.send(web.post("/_local/invoke/SettlementFunction", null, "{\"businessDate\":\"" + businessDate + "\"}"), 200));
    }

    /** The bytes the operators' API gives for a path (a run's transfer file), with the operator's key. */
    byte[] apiBytes(String path) throws Exception {
        HttpResponse<byte[]> response = web.client().send(get(base + path, OPERATOR_KEY), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " → " + response.statusCode());
        }
        return response.body();
    }
}
