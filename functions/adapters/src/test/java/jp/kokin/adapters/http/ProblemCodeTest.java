package jp.kokin.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.Rejection;

/** Every problem code has a status and a title, and the wire codes stay as documented in the README. */
class ProblemCodeTest {

    /** The README's error table, code by code: changing a status or a code is a deliberate change here. */
    static final Map<String, Integer> DOCUMENTED = Map.ofEntries(
            Map.entry("invalid_request", 400),
            Map.entry("invalid_organization_code", 400),
            Map.entry("unauthorized", 401),
            Map.entry("invalid_signature", 401),
            Map.entry("forbidden", 403),
            Map.entry("same_principal", 403),
            Map.entry("run_not_released", 403),
            Map.entry("not_found", 404),
            Map.entry("unknown_payment", 404),
            Map.entry("settlement_not_found", 404),
            Map.entry("idempotency_key_reused", 409),
            Map.entry("checkout_not_cancelable", 409),
            Map.entry("checkout_not_payable", 409),
            Map.entry("too_many_attempts", 409),
            Map.entry("invalid_transition", 409),
            Map.entry("conflict", 409),
            Map.entry("not_paid", 409),
            Map.entry("checkout_not_paid", 409),
            Map.entry("refund_exceeds_refundable", 409),
            Map.entry("too_many_refunds", 409),
            Map.entry("payin_not_paid", 409),
            Map.entry("payin_already_paid", 409),
            Map.entry("run_not_prepared", 409),
            Map.entry("several_settlement_runs", 409),
            Map.entry("unsupported_media_type", 415),
            Map.entry("unknown_organization", 422),
            Map.entry("unknown_procedure", 422),
            Map.entry("method_not_offered", 422),
            Map.entry("amount_mismatch", 422),
            Map.entry("decision_reference_required", 422),
            Map.entry("internal_error", 500),
            Map.entry("receipt_missing", 500),
            Map.entry("document_corrupt", 500),
            Map.entry("provider_unavailable", 503),
            Map.entry("provider_not_configured", 503),
            Map.entry("asked_recently", 503),
            Map.entry("contention", 503));

    @Test
    void every_problem_code_has_its_documented_status_and_a_title() {
        Map<String, Integer> actual = new TreeMap<>();
        for (ProblemCode p : ProblemCode.values()) {
            assertTrue(p.status() >= 400 && p.status() <= 599, p.code());
            assertFalse(p.title().isBlank(), p.code());
            assertTrue(p.code().matches("[a-z]+(_[a-z]+)*"), p.code());
            actual.put(p.code(), p.status());
        }
        assertEquals(new TreeMap<>(DOCUMENTED), actual);
    }

    @Test
    void every_problem_answer_says_its_code_status_and_title() {
        for (ProblemCode p : ProblemCode.values()) {
            var r = HttpResponses.problem(p, "detail");
            var body = Json.parse(r.getBody());
            assertEquals(p.status(), r.getStatusCode(), p.code());
            assertEquals(p.status(), body.path("status").asInt(), p.code());
            assertEquals(p.code(), body.path("code").asText());
            assertEquals("urn:kokin:problem:" + p.code(), body.path("type").asText());
            assertEquals(p.title(), body.path("title").asText());
        }
    }

    @Test
    void every_domain_rejection_is_answered_under_its_own_code() {
        Set<String> answered = new HashSet<>();
        for (Rejection.Code code : Rejection.Code.values()) {
            ProblemCode problem = ProblemCode.of(code);
            assertEquals(code.wire(), problem.code(), "the JSON code is the domain's code");
            assertEquals(HttpResponsesTest.DOMAIN_CODES.get(code.wire()), problem.status(), code.wire());
            answered.add(code.wire());
        }
        assertEquals(HttpResponsesTest.DOMAIN_CODES.keySet(), answered, "every domain code has a chosen status");
        Set<String> edgeOnly = Arrays.stream(ProblemCode.values()).map(ProblemCode::code)
                .filter(c -> Rejection.Code.fromWire(c).isEmpty()).collect(Collectors.toSet());
        assertEquals(Set.of("unauthorized", "settlement_not_found", "unsupported_media_type",
                "internal_error", "several_settlement_runs", "document_corrupt"), edgeOnly, "codes only the handlers answer with");
    }
}
