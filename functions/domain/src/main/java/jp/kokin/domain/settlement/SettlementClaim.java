package jp.kokin.domain.settlement;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.refund.Refund;

/**
 * What a run's claim of one checkout writes and records: the checkout as stored by the claim (at the
 * version read: the store adds one), the line it settles (a checkout awaiting settlement), and what it
 * claims of the checkout's refunds. A checkout whose line an earlier run settled is claimed for its
 * refunds alone ({@link Checkout#refundsClaimedBy}).
 */
public record SettlementClaim(Checkout claimed, Optional<SettlementLine> line, List<RefundClaim> refunds) {

    public SettlementClaim {
        Objects.requireNonNull(claimed, "claimed");
        Objects.requireNonNull(line, "line");
        refunds = List.copyOf(refunds);
    }

    /**
     * The claim of {@code read} (as read, {@link Checkout#hasSettlementWork()}) by run {@code runId}.
     *
     * @throws IllegalArgumentException when the checkout has nothing for a run
     */
    public static SettlementClaim of(Checkout read, String runId) {
        Checkout claimed;
        Optional<SettlementLine> line;
        if (read.awaitingSettlement()) {
            claimed = read.claimedBy(runId);
            line = Optional.of(SettlementLine.of(claimed).orElseThrow());
        } else if (!read.refundsAwaitingSettlement().isEmpty()) {
            claimed = read.refundsClaimedBy(runId);
            line = Optional.empty();
        } else {
            throw new IllegalArgumentException("checkout " + read.id() + " has nothing for a settlement run");
        }
        List<RefundClaim> refunds = new ArrayList<>();
        for (Refund before : read.refunds()) {
            Refund after = claimed.refund(before.id()).orElseThrow();
            RefundClaim.of(claimed, before, after, runId).ifPresent(refunds::add);
        }
        return new SettlementClaim(claimed, line, refunds);
    }
}
