package jp.kokin.domain.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.refund.Refund;

/**
 * What changed between two stored versions of a checkout, as {@link HistoryEvent}s (the ledger's change
 * stream gives both images). Pure: the same two versions always give the same events with the same
 * keys ({@code version}, {@code seq}), so a replayed stream record writes nothing new.
 */
public final class HistoryDiff {
    public static final String CREATED = "checkout.created";
    public static final String STATUS = "checkout.status";
    public static final String PAID = "checkout.paid";
    public static final String PAYMENT_STARTED = "payment.started";
    public static final String PAYMENT_STATUS = "payment.status";
    public static final String RECEIPT_ISSUED = "receipt.issued";
    public static final String REFUND_REQUESTED = "refund.requested";
    public static final String REFUND_STATUS = "refund.status";
    public static final String SETTLEMENT_CLAIMED = "settlement.claimed";

    /** Events one write may give at most (the seq is two digits). */
    public static final int MAX_EVENTS_PER_VERSION = 100;

    private HistoryDiff() {}

    /**
     * @param before the checkout before the write (empty: it was created)
     * @param after  the checkout as written
     * @param at     when the write happened
     */
    public static List<HistoryEvent> diff(Optional<Checkout> before, Checkout after, Instant at) {
        List<Map.Entry<String, Map<String, String>>> changes = new ArrayList<>();
        if (before.isEmpty()) {
            changes.add(Map.entry(CREATED, facts("status", after.status().wire(), "amount", Long.toString(after.amount()),
                    "organization", after.organizationCode(), "portal", after.portalId() == null ? "" : after.portalId())));
        }
        Checkout old = before.orElse(null);
        for (Payment p : after.payments()) {
            Optional<Payment> was = old == null ? Optional.empty() : old.payment(p.id());
            if (was.isEmpty()) {
                changes.add(Map.entry(PAYMENT_STARTED, facts("paymentId", p.id(), "method", p.method().wire(),
                        "provider", p.provider(), "status", p.status().wire())));
            } else if (was.get().status() != p.status()) {
                changes.add(Map.entry(PAYMENT_STATUS, facts("paymentId", p.id(), "from", was.get().status().wire(),
                        "to", p.status().wire())));
            }
        }
        if (old != null && old.status() != after.status()) {
            changes.add(after.status() == CheckoutStatus.PAID
                    ? Map.entry(PAID, facts("from", old.status().wire(), "to", after.status().wire(),
                            "paidAt", after.paidAt() == null ? "" : after.paidAt().toString()))
                    : Map.entry(STATUS, facts("from", old.status().wire(), "to", after.status().wire())));
        }
        if (after.receipt() != null && (old == null || old.receipt() == null)) {
            changes.add(Map.entry(RECEIPT_ISSUED, facts("number", after.receipt().number())));
        }
        for (Refund r : after.refunds()) {
            Optional<Refund> was = old == null ? Optional.empty() : old.refund(r.id());
            if (was.isEmpty()) {
                changes.add(Map.entry(REFUND_REQUESTED, facts("refundId", r.id(), "amount", Long.toString(r.amount()),
                        "reason", r.reason().wire(), "requestedBy", r.requestedBy(), "status", r.status().wire())));
            } else if (was.get().status() != r.status()) {
                changes.add(Map.entry(REFUND_STATUS, facts("refundId", r.id(), "from", was.get().status().wire(),
                        "to", r.status().wire())));
            }
        }
        if (after.settlementRunId() != null && (old == null || !after.settlementRunId().equals(old.settlementRunId()))) {
            changes.add(Map.entry(SETTLEMENT_CLAIMED, facts("runId", after.settlementRunId())));
        }
        List<HistoryEvent> events = new ArrayList<>();
        for (int seq = 0; seq < changes.size() && seq < MAX_EVENTS_PER_VERSION; seq++) {
            var c = changes.get(seq);
            events.add(new HistoryEvent(after.id(), after.version(), seq, at, c.getKey(), c.getValue()));
        }
        return events;
    }

    private static Map<String, String> facts(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1] == null ? "" : kv[i + 1]);
        }
        return m;
    }
}
