package jp.kokin.adapters.queue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.receipt.ReceiptRequests;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The queue that carries paid checkouts to the receipt function: body {@code {"checkoutId": …}}. */
public final class ReceiptQueue implements ReceiptRequests {
    private final SqsClient sqs;
    private final String queueUrl;

    public ReceiptQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public static ReceiptQueue fromEnv(SqsClient sqs, Map<String, String> env) {
        String url = env.get("RECEIPT_QUEUE_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("environment variable RECEIPT_QUEUE_URL is not set");
        }
        return new ReceiptQueue(sqs, url);
    }

    @Override
    public void enqueue(String checkoutId) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body(checkoutId)));
    }

    public static String body(String checkoutId) {
        return Json.write(Json.object().put("checkoutId", checkoutId));
    }

    /** The checkout id of a message body; {@link Json.InvalidJsonException} when it is not one. */
    public static String checkoutId(String body) {
        JsonNode node = Json.parse(body);
        JsonNode id = node.get("checkoutId");
        if (id == null || !id.isTextual()) {
            throw new Json.InvalidJsonException("a receipt message has a checkoutId");
        }
        return id.asText();
    }
}
