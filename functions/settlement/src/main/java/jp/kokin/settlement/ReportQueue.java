package jp.kokin.settlement;

import java.time.LocalDate;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;

/**
 * Where the settlement API asks the report job ({@link TreasuryReportJobHandler}) to generate an Art. 6(2)
 * report too large for a request (SQS: {@link SqsReportQueue}). A message only names the report; the job
 * computes it from the ledger and the documents as they are when it runs.
 */
public interface ReportQueue {
    /** No report job (a deployment or test without {@code TREASURY_REPORT_QUEUE_URL}): queuing fails. */
    ReportQueue NONE = request -> {
        throw new IllegalStateException("no report queue: TREASURY_REPORT_QUEUE_URL is not set");
    };

    /** Queues the generation of {@code request}; throws when it could not be queued. */
    void generate(Request request);

    /** One report: a treasury organization and a period of entrustment dates. Its message is ≈ 80 bytes of JSON. */
    record Request(String organizationCode, LocalDate from, LocalDate to) {
        public Request {
            Objects.requireNonNull(organizationCode, "organizationCode");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        public String toJson() {
            return Json.write(Json.object().put("organizationCode", organizationCode).put("from", from.toString())
                    .put("to", to.toString()));
        }

        /** The request a message carries; {@link IllegalArgumentException} for anything else. */
        public static Request fromJson(String body) {
            try {
                JsonNode n = Json.parse(body);
                return new Request(text(n, "organizationCode"), LocalDate.parse(text(n, "from")), LocalDate.parse(text(n, "to")));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a report request: " + e.getMessage(), e);
            }
        }

        private static String text(JsonNode n, String field) {
            JsonNode v = n.get(field);
            if (v == null || !v.isTextual()) {
                throw new IllegalArgumentException(field + " is missing");
            }
            return v.asText();
        }
    }
}
