package jp.kokin.adapters.http;

import java.util.Map;

/** The one place where a rejection's stable code becomes an HTTP status and a title. */
public final class ProblemStatus {
    private record Entry(int status, String title) {}

    private static final Map<String, Entry> TABLE = Map.ofEntries(
            Map.entry("invalid_request", new Entry(400, "The request is invalid")),
            Map.entry("invalid_organization_code", new Entry(400, "The organization code is invalid")),
            Map.entry("unauthorized", new Entry(401, "A valid API key is required")),
            Map.entry("invalid_signature", new Entry(401, "The notification's signature is not valid")),
            Map.entry("forbidden", new Entry(403, "This key may not do that")),
            Map.entry("not_found", new Entry(404, "Not found")),
            Map.entry("unknown_payment", new Entry(404, "No such payment")),
            Map.entry("idempotency_key_reused", new Entry(409, "The Idempotency-Key was used for another request")),
            Map.entry("checkout_not_cancelable", new Entry(409, "The checkout cannot be canceled")),
            Map.entry("checkout_not_payable", new Entry(409, "The checkout cannot be paid")),
            Map.entry("too_many_attempts", new Entry(409, "Too many payment attempts")),
            Map.entry("invalid_transition", new Entry(409, "The payment cannot change that way")),
            Map.entry("conflict", new Entry(409, "Concurrent change; try again")),
            Map.entry("unknown_organization", new Entry(422, "Unknown organization")),
            Map.entry("unknown_procedure", new Entry(422, "Unknown procedure")),
            Map.entry("method_not_offered", new Entry(422, "Payment method not offered")),
            Map.entry("amount_mismatch", new Entry(422, "The amount does not match the payment")),
            Map.entry("unsupported_media_type", new Entry(415, "Unsupported media type")),
            Map.entry("settlement_not_found", new Entry(404, "No settlement for that date")),
            Map.entry("provider_unavailable", new Entry(503, "The payment provider is unavailable")),
            Map.entry("internal_error", new Entry(500, "Internal error")));

    private ProblemStatus() {}

    public static int of(String code) {
        Entry e = TABLE.get(code);
        return e == null ? 500 : e.status();
    }

    public static String title(String code) {
        Entry e = TABLE.get(code);
        return e == null ? "Error" : e.title();
    }
}
