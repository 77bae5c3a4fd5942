package jp.kokin.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.checkout.Rejection;

/** What every answer of the HTTP API carries, whoever builds it. */
class HttpResponsesTest {

    /** The documented status of every code the domain refuses with (the README's table, in {@link ProblemCodeTest}). */
    static final Map<String, Integer> DOMAIN_CODES = ProblemCodeTest.DOCUMENTED.entrySet().stream()
            .filter(e -> Rejection.Code.fromWire(e.getKey()).isPresent())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private static Map<String, APIGatewayV2HTTPResponse> everyKindOfAnswer() {
        Map<String, APIGatewayV2HTTPResponse> answers = new LinkedHashMap<>();
        answers.put("json", HttpResponses.json(200, Json.object().put("a", 1)));
        answers.put("json with headers", HttpResponses.json(201, Json.object(), Map.of("location", "/v1/checkouts/x")));
        answers.put("problem", HttpResponses.problem(new Rejection(Rejection.Code.NOT_FOUND, "no such checkout")));
        answers.put("html", HttpResponses.html(200, "<html></html>"));
        answers.put("redirect", HttpResponses.redirect("https://provider.example.com/pay"));
        answers.put("text", HttpResponses.text(200, "text/plain", "OK"));
        answers.put("csv", HttpResponses.bytes(200, "text/csv; charset=utf-8", "a,b".getBytes(StandardCharsets.UTF_8),
                Map.of("content-disposition", "attachment")));
        answers.put("zengin", HttpResponses.bytes(200, "text/plain; charset=Shift_JIS", new byte[] {0x31},
                Map.of("content-disposition", "attachment")));
        answers.put("unauthorized", Authentication.unauthorized());
        return answers;
    }

    @Test
    void every_answer_demands_https_and_forbids_content_sniffing() {
        everyKindOfAnswer().forEach((kind, r) -> {
            String hsts = String.valueOf(r.getHeaders().get("strict-transport-security"));
            assertTrue(hsts.matches("max-age=\\d+; includeSubDomains")
                    && Long.parseLong(hsts.substring(8, hsts.indexOf(';'))) >= 31_536_000, kind + ": " + hsts);
            assertEquals("nosniff", r.getHeaders().get("x-content-type-options"), kind);
        });
    }

    @Test
    void every_code_the_domain_refuses_with_is_answered_with_its_deliberate_status_never_a_500_by_default() {
        for (String code : List.copyOf(DOMAIN_CODES.keySet())) {
            APIGatewayV2HTTPResponse r = HttpResponses.problem(new Rejection(Rejection.Code.fromWire(code).orElseThrow(), "detail"));
            assertEquals(DOMAIN_CODES.get(code), r.getStatusCode(), code);
            assertEquals(code, Json.parse(r.getBody()).path("code").asText());
            assertEquals(DOMAIN_CODES.get(code), Json.parse(r.getBody()).path("status").asInt(), code);
        }
    }
}
