package jp.kokin.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A stand-in portal: keeps every notification it receives so a developer or a test can look at it. */
final class PortalMock {

    /** One received notification: the Standard Webhooks headers and the raw body. */
    record Notification(String receivedAt, String webhookId, String webhookTimestamp, String webhookSignature, String body) {}

    private final List<Notification> received = new ArrayList<>();

    synchronized void receive(String webhookId, String webhookTimestamp, String webhookSignature, String body) {
        received.add(new Notification(Instant.now().toString(), webhookId, webhookTimestamp, webhookSignature, body));
    }

    /** Oldest first. */
    synchronized List<Notification> all() {
        return List.copyOf(received);
    }

    synchronized void clear() {
        received.clear();
    }
}
