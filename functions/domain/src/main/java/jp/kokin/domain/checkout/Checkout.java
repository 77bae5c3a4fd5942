package jp.kokin.domain.checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundStatus;
import jp.kokin.domain.statemachine.Transition;

/**
 * A request to pay for one application (申請): items priced from the catalog, the attempts to
 * pay it, and the receipt once paid. Immutable: every operation returns a {@link Change}.
 * {@code status} is the stored status; {@link #statusAt(Instant)} adds expiry.
 *
 * @param settlementRunId the settlement run that claimed this checkout's payment ({@code null} until one does)
 * @param refunds         refunds of its payments, oldest first (at most {@link CheckoutLimits#MAX_REFUNDS})
 */
public record Checkout(String id, CheckoutStatus status, String organizationCode, String portalId,
                       String reference, List<CheckoutItem> items, long amount, String returnUrl,
                       Language language, List<PaymentMethod> methods, Instant expiresAt, Instant createdAt,
                       Instant paidAt, boolean latePayment, List<Payment> payments, ReceiptRef receipt,
                       Map<String, String> metadata, String settlementRunId, List<Refund> refunds, long version) {

    public static final int MAX_ATTEMPTS = CheckoutLimits.MAX_ATTEMPTS;

    /** A checkout without refunds. */
    public Checkout(String id, CheckoutStatus status, String organizationCode, String portalId,
                    String reference, List<CheckoutItem> items, long amount, String returnUrl,
                    Language language, List<PaymentMethod> methods, Instant expiresAt, Instant createdAt,
                    Instant paidAt, boolean latePayment, List<Payment> payments, ReceiptRef receipt,
                    Map<String, String> metadata, String settlementRunId, long version) {
        this(id, status, organizationCode, portalId, reference, items, amount, returnUrl, language, methods, expiresAt,
                createdAt, paidAt, latePayment, payments, receipt, metadata, settlementRunId, List.of(), version);
    }
    public static final Duration MIN_EXPIRY = Duration.ofMinutes(5);
    public static final Duration MAX_EXPIRY = Duration.ofMinutes(1440);

    public Checkout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(organizationCode, "organizationCode");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(createdAt, "createdAt");
        items = List.copyOf(items);
        methods = List.copyOf(methods);
        payments = List.copyOf(payments);
        refunds = List.copyOf(refunds);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a checkout has at least one item");
        }
        if (amount != items.stream().mapToLong(CheckoutItem::amount).sum()) {
            throw new IllegalArgumentException("checkout amount must be the sum of its items");
        }
        if (status == CheckoutStatus.EXPIRED) {
            throw new IllegalArgumentException("expiry is derived from expiresAt, never stored");
        }
    }

    /** A new checkout; the amount is always the catalog's. */
    public static Checkout create(String id, String organizationCode, String portalId, String reference,
                                  List<CheckoutItem> items, String returnUrl, Language language,
                                  List<PaymentMethod> methods, Duration expiresIn, Map<String, String> metadata,
                                  Instant now) {
        long amount = items.stream().mapToLong(CheckoutItem::amount).sum();
        List<PaymentMethod> offered = methods.isEmpty() ? List.of(PaymentMethod.values())
                : List.copyOf(EnumSet.copyOf(methods));
        return new Checkout(id, CheckoutStatus.CREATED, organizationCode, portalId, reference, items, amount,
                returnUrl, language, offered, now.plus(expiresIn), now, null, false, List.of(), null, metadata, null, 0);
    }

    /** The status a reader sees at {@code now}: unpaid checkouts past their expiry are expired. */
    public CheckoutStatus statusAt(Instant now) {
        boolean open = status == CheckoutStatus.CREATED || status == CheckoutStatus.PENDING;
        return open && !now.isBefore(expiresAt) ? CheckoutStatus.EXPIRED : status;
    }

    public Optional<Payment> payment(String paymentId) {
        return payments.stream().filter(p -> p.id().equals(paymentId)).findFirst();
    }

    /** The payment that paid this checkout. */
    public Optional<Payment> winningPayment() {
        return payments.stream()
                .filter(p -> p.status() == PaymentStatus.SUCCEEDED && !p.duplicatePayment())
                .findFirst();
    }

    /**
     * The citizen chose {@code method}: a new attempt starts. Attempts still pending stay
     * recorded; the caller cancels them at the provider where it can ({@link #cancelAttempt}).
     */
    public Change startPayment(PaymentMethod method, String provider, Instant now) {
        CheckoutStatus current = statusAt(now);
        if (!methods.contains(method)) {
            return new Change.Refused(Rejection.Code.METHOD_NOT_OFFERED, method.wire() + " is not offered for this checkout");
        }
        if (payments.size() >= MAX_ATTEMPTS) {
            return new Change.Refused(Rejection.Code.TOO_MANY_ATTEMPTS, "this checkout has had " + MAX_ATTEMPTS + " payment attempts");
        }
        return switch (Transitions.CHECKOUT.apply(current, CheckoutEvent.PAYMENT_STARTED)) {
            case Transition.Rejected<CheckoutStatus> r ->
                    new Change.Refused(Rejection.Code.CHECKOUT_NOT_PAYABLE, "the checkout is " + current.wire());
            case Transition.Applied<CheckoutStatus> a -> started(a.to(), method, provider, now);
            case Transition.NoOp<CheckoutStatus> n -> started(n.state(), method, provider, now);
        };
    }

    private Change started(CheckoutStatus next, PaymentMethod method, String provider, Instant now) {
        Payment payment = new Payment(CheckoutIds.paymentId(id, payments.size() + 1), method, provider, null,
                PaymentStatus.PENDING, amount, now, null, false);
        List<Payment> all = new ArrayList<>(payments);
        all.add(payment);
        return new Change.Changed(copy(next, paidAt, latePayment, all, receipt), payment, false);
    }

    /** Records what a provider reported about one attempt. */
    public Change applyPaymentEvent(String paymentId, PaymentEvent event, long reportedAmount,
                                    Instant occurredAt, Instant now) {
        Optional<Payment> found = payment(paymentId);
        if (found.isEmpty()) {
            return new Change.Refused(Rejection.Code.UNKNOWN_PAYMENT, "no payment " + paymentId + " in checkout " + id);
        }
        Payment payment = found.get();
        if (event == PaymentEvent.SUCCEEDED && reportedAmount != payment.amount()) {
            return new Change.Refused(Rejection.Code.AMOUNT_MISMATCH,
                    "provider reported " + reportedAmount + " yen for a payment of " + payment.amount() + " yen");
        }
        return switch (Transitions.PAYMENT.apply(payment.status(), event)) {
            case Transition.Rejected<PaymentStatus> r -> new Change.Refused(Rejection.Code.INVALID_TRANSITION,
                    "payment " + paymentId + " is " + payment.status().wire() + " and cannot become " + event);
            case Transition.NoOp<PaymentStatus> n -> new Change.Unchanged(this);
            case Transition.Applied<PaymentStatus> a -> event == PaymentEvent.SUCCEEDED
                    ? succeeded(payment, occurredAt, now)
                    : ended(payment, a.to(), occurredAt, now);
        };
    }

    /** The citizen started another attempt and the provider canceled this one. */
    public Change cancelAttempt(String paymentId, Instant now) {
        return applyPaymentEvent(paymentId, PaymentEvent.CANCELED, 0, now, now);
    }

    private Change succeeded(Payment payment, Instant occurredAt, Instant now) {
        CheckoutStatus current = statusAt(now);
        boolean alreadyPaid = status == CheckoutStatus.PAID;
        Payment updated = payment.with(PaymentStatus.SUCCEEDED, occurredAt, alreadyPaid);
        List<Payment> all = replace(updated);
        if (alreadyPaid) {
            return new Change.Changed(copy(status, paidAt, latePayment, all, receipt), updated, false);
        }
        return switch (Transitions.CHECKOUT.apply(current, CheckoutEvent.PAYMENT_SUCCEEDED)) {
            case Transition.Applied<CheckoutStatus> a -> {
                boolean late = current == CheckoutStatus.EXPIRED || current == CheckoutStatus.CANCELED;
                yield new Change.Changed(copy(a.to(), occurredAt, late, all, receipt), updated, true);
            }
            case Transition.NoOp<CheckoutStatus> n -> new Change.Changed(copy(status, paidAt, latePayment, all, receipt), updated, false);
            case Transition.Rejected<CheckoutStatus> r ->
                    new Change.Refused(Rejection.Code.INVALID_TRANSITION, "checkout is " + current.wire());
        };
    }

    private Change ended(Payment payment, PaymentStatus to, Instant occurredAt, Instant now) {
        Payment updated = payment.with(to, occurredAt, false);
        List<Payment> all = replace(updated);
        boolean othersPending = all.stream().anyMatch(p -> p.status() == PaymentStatus.PENDING);
        CheckoutStatus next = status;
        if (!othersPending && Transitions.CHECKOUT.apply(status, CheckoutEvent.LAST_ATTEMPT_ENDED)
                instanceof Transition.Applied<CheckoutStatus> a) {
            next = a.to();
        }
        return new Change.Changed(copy(next, paidAt, latePayment, all, receipt), updated, false);
    }

    /** The portal cancels the checkout; only a created one can be (not one already canceled, nor one with an attempt under way). */
    public Change cancel(Instant now) {
        CheckoutStatus current = statusAt(now);
        return switch (Transitions.CHECKOUT.apply(current, CheckoutEvent.CANCEL_REQUESTED)) {
            case Transition.Applied<CheckoutStatus> a ->
                    new Change.Changed(copy(a.to(), paidAt, latePayment, payments, receipt), null, false);
            case Transition.NoOp<CheckoutStatus> n -> new Change.Unchanged(this);
            case Transition.Rejected<CheckoutStatus> r ->
                    new Change.Refused(Rejection.Code.CHECKOUT_NOT_CANCELABLE, "the checkout is " + current.wire());
        };
    }

    public Checkout withReceipt(ReceiptRef ref) {
        return copy(status, paidAt, latePayment, payments, ref);
    }

    public Checkout withPayment(Payment updated) {
        return copy(status, paidAt, latePayment, replace(updated), receipt);
    }

    /**
     * A changed copy. It keeps {@code version}, the version it was read at: the repository stores
     * it only if that is still the stored version (optimistic locking), as version + 1.
     */
    private Checkout copy(CheckoutStatus newStatus, Instant newPaidAt, boolean late, List<Payment> newPayments,
                          ReceiptRef newReceipt) {
        return new Checkout(id, newStatus, organizationCode, portalId, reference, items, amount, returnUrl, language,
                methods, expiresAt, createdAt, newPaidAt, late, newPayments, newReceipt, metadata, settlementRunId, refunds, version);
    }

    /** This checkout as stored by a write that moved it to {@code newVersion}. */
    public Checkout atVersion(long newVersion) {
        return new Checkout(id, status, organizationCode, portalId, reference, items, amount, returnUrl, language,
                methods, expiresAt, createdAt, paidAt, latePayment, payments, receipt, metadata, settlementRunId, refunds, newVersion);
    }

    /**
     * Whether settlement still owes this checkout's money to its creditors: it is paid, its paying
     * (winning) payment is known, no settlement run has claimed it yet, and no refund of that
     * payment is with the provider ({@code approved} or {@code submitted}: settlement waits for its
     * outcome, minutes, so that a run settles what stays). Duplicate payments are never settled
     * (they are to be refunded).
     */
    public boolean awaitingSettlement() {
        return status == CheckoutStatus.PAID && paidAt != null && settlementRunId == null && winningPayment().isPresent()
                && refunds.stream().noneMatch(r -> r.status().inFlight()
                        && r.paymentId().equals(winningPayment().get().id()));
    }

    /**
     * This checkout claimed by settlement run {@code runId} (at the version it was read at; the
     * claim is stored only if that is still the stored version).
     */
    public Checkout claimedBy(String runId) {
        Objects.requireNonNull(runId, "runId");
        if (!awaitingSettlement()) {
            throw new IllegalStateException("checkout " + id + " is not awaiting settlement");
        }
        return new Checkout(id, status, organizationCode, portalId, reference, items, amount, returnUrl, language,
                methods, expiresAt, createdAt, paidAt, latePayment, payments, receipt, metadata, runId, refunds, version)
                .refundsMarkedBy(runId);
    }

    /**
     * Whether a settlement run has something to do with this checkout: a line to settle, or refunds to
     * account for ({@link #refundsAwaitingSettlement()}). The {@code Unsettled} work list holds exactly these.
     */
    public boolean hasSettlementWork() {
        return awaitingSettlement() || !refundsAwaitingSettlement().isEmpty();
    }

    /**
     * This checkout with the refunds awaiting settlement claimed by run {@code runId}, its line already
     * settled by an earlier run (or not settleable yet): each refund of the paying payment that
     * succeeded or awaits a bank transfer after the line was settled is marked {@code claimedBy(runId)}
     * (the run asks the creditor to pay it back, or nets it), and each bank transfer with its account
     * given is marked {@code paidBy(runId)} (the run's refund transfer file pays it). Stored only at the
     * version read, like any claim.
     */
    public Checkout refundsClaimedBy(String runId) {
        Objects.requireNonNull(runId, "runId");
        if (awaitingSettlement() || refundsAwaitingSettlement().isEmpty()) {
            throw new IllegalStateException("checkout " + id + " has no refunds awaiting settlement alone");
        }
        return refundsMarkedBy(runId);
    }

    /** Marks {@link #refundsAwaitingSettlement()} as claimed (and bank transfers as paid) by {@code runId}. */
    private Checkout refundsMarkedBy(String runId) {
        Checkout marked = this;
        String winning = winningPayment().map(Payment::id).orElse(null);
        for (Refund r : refundsAwaitingSettlement()) {
            Refund next = r;
            if (settlementRunId != null && r.settlementRunId() == null && r.paymentId().equals(winning)
                    && (r.status() == RefundStatus.SUCCEEDED || r.status() == RefundStatus.BANK_TRANSFER_REQUIRED)) {
                next = next.claimedBy(runId);
            }
            if (r.status() == RefundStatus.BANK_TRANSFER_REQUIRED && r.bankTransfer() != null
                    && r.bankTransfer().awaitingTransfer()) {
                next = next.withBankTransfer(r.bankTransfer().paidBy(runId));
            }
            marked = marked.withRefund(next);
        }
        return marked;
    }

    public Optional<Refund> refund(String refundId) {
        return refunds.stream().filter(r -> r.id().equals(refundId)).findFirst();
    }

    /** This checkout with {@code refund} added, or replacing the refund with its id. */
    public Checkout withRefund(Refund refund) {
        List<Refund> all = new ArrayList<>(refunds);
        int at = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().equals(refund.id())) {
                at = i;
            }
        }
        if (at >= 0) {
            all.set(at, refund);
        } else {
            all.add(refund);
        }
        return new Checkout(id, status, organizationCode, portalId, reference, items, amount, returnUrl, language,
                methods, expiresAt, createdAt, paidAt, latePayment, payments, receipt, metadata, settlementRunId, all, version);
    }

    /** Yen of {@code paymentId} held by refunds that are not rejected or failed. */
    public long refundHeld(String paymentId) {
        return refunds.stream().filter(r -> r.paymentId().equals(paymentId) && r.status().holdsMoney())
                .mapToLong(Refund::amount).sum();
    }

    /** Yen returned to payers: refunds that succeeded. */
    public long refundedAmount() {
        return refunds.stream().filter(r -> r.status() == RefundStatus.SUCCEEDED).mapToLong(Refund::amount).sum();
    }

    /** Yen that may still be refunded: every succeeded payment (duplicates included) less the refunds holding part of it. */
    public long refundableAmount() {
        return payments.stream().filter(p -> p.status() == PaymentStatus.SUCCEEDED)
                .mapToLong(p -> p.amount() - refundHeld(p.id())).sum();
    }

    /**
     * Refunds settlement must still account for: of the paying payment, that succeeded (or await a
     * bank transfer) after a run claimed this checkout and that no run accounted for yet (a
     * repayment request, 返還請求, or netting); and refunds of any payment whose bank account is
     * given and that no run has paid by transfer yet. A run that claims the checkout accounts for
     * the refunds made before it ({@code settlementRunId} on each).
     */
    public List<Refund> refundsAwaitingSettlement() {
        String winning = winningPayment().map(Payment::id).orElse(null);
        return refunds.stream().filter(r -> {
            boolean afterSettlement = settlementRunId != null && r.paymentId().equals(winning) && r.settlementRunId() == null
                    && (r.status() == RefundStatus.SUCCEEDED || r.status() == RefundStatus.BANK_TRANSFER_REQUIRED);
            boolean transferDue = r.status() == RefundStatus.BANK_TRANSFER_REQUIRED && r.bankTransfer() != null
                    && r.bankTransfer().awaitingTransfer();
            return afterSettlement || transferDue;
        }).toList();
    }

    /**
     * Since when this checkout has refund work for the janitor (the oldest): a refund approved but not
     * yet sent, one sent whose outcome is unknown, one that succeeded without its notice number, a
     * status the portal has not been notified of, or a bank-account link that will lapse unused.
     * Empty when there is none.
     */
    public Optional<Instant> refundWorkSince() {
        return refunds.stream().map(Checkout::refundWorkAt).flatMap(Optional::stream).min(Instant::compareTo);
    }

    /**
     * When the janitor should next look at {@code r}: work it was already asked about moves back by
     * its {@code lastAskedAt}, so refunds a provider keeps pending never hold the front of the
     * janitor's list; an unused bank-account link is looked at when it lapses.
     */
    private static Optional<Instant> refundWorkAt(Refund r) {
        if (r.status().inFlight() || r.notificationDue() || (r.status() == RefundStatus.SUCCEEDED && r.noticeNumber() == null)) {
            Instant base = r.completedAt() != null ? r.completedAt()
                    : r.submittedAt() != null ? r.submittedAt()
                    : r.decidedAt() != null ? r.decidedAt() : r.createdAt();
            return Optional.of(r.lastAskedAt() != null && r.lastAskedAt().isAfter(base) ? r.lastAskedAt() : base);
        }
        if (r.status() == RefundStatus.BANK_TRANSFER_REQUIRED && r.bankTransfer() != null && !r.bankTransfer().accountGiven()) {
            return Optional.of(r.bankTransfer().linkExpiresAt());
        }
        return Optional.empty();
    }

    private List<Payment> replace(Payment updated) {
        return payments.stream().map(p -> p.id().equals(updated.id()) ? updated : p).toList();
    }

}
