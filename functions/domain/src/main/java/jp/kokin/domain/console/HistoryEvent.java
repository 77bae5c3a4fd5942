package jp.kokin.domain.console;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One state change of a checkout, stored as it happened (append-only, derived from the ledger's
 * change stream; see docs/ARCHITECTURE.md).
 *
 * @param checkoutId the checkout
 * @param version    the checkout's version after the change (with {@code seq}, the event's key: a replayed
 *                   stream record writes the same key again and changes nothing)
 * @param seq        0.. within one version (one write may change several things)
 * @param at         when the change was written (the stream record's approximate creation time)
 * @param type       e.g. {@code checkout.created}, {@code checkout.status}, {@code payment.started},
 *                   {@code payment.status}, {@code receipt.issued}, {@code refund.requested}, {@code refund.status},
 *                   {@code settlement.claimed}
 * @param detail     small facts: {@code from}, {@code to}, {@code paymentId}, {@code refundId}, {@code runId}, …
 */
public record HistoryEvent(String checkoutId, long version, int seq, Instant at, String type, Map<String, String> detail) {
    public HistoryEvent {
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        detail = Map.copyOf(detail);
    }
}
