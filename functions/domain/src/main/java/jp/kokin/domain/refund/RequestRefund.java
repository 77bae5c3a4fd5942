package jp.kokin.domain.refund;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jp.kokin.domain.Hashes;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.checkout.CheckoutRepository.IdempotencyClaim;
import jp.kokin.domain.checkout.CheckoutRepository.UpdateResult;
import jp.kokin.domain.checkout.CreateCheckout;
import jp.kokin.domain.checkout.FieldError;
import jp.kokin.domain.checkout.FindCheckout;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.checkout.Result;

/**
 * A portal (for its own portal's checkouts) or an operator (for its organizations') asks for a
 * refund. The refund is added to its checkout by one optimistic write, with the Idempotency-Key
 * claimed in the same write (namespace: the caller's principal), so the guard holds however many
 * requests arrive at once, and a retry under the same key replays the refund as it is now. A refund
 * touching a line of a creditor paid into the treasury (the catalog as it is now) needs the
 * ministry's {@code decisionReference} ({@code 422 decision_reference_required}, nothing stored).
 */
public final class RequestRefund {
    /**
     * Writes one request tries before {@code 503 contention}. Many requests for one checkout may
     * arrive together (a portal's retries, an operator's double click, the test of 20 at once), and
     * each attempt that loses costs one read and one write: 25 lets 20 concurrent requests each end
     * in a refund or a refusal, never in contention, in practice.
     */
    public static final int MAX_ATTEMPTS = 25;

    private final Supplier<Catalog> catalog;
    private final CheckoutRepository checkouts;
    private final FindCheckout find;
    private final AfterApproval afterApproval;
    private final Clock clock;

    public RequestRefund(Supplier<Catalog> catalog, CheckoutRepository checkouts, AfterApproval afterApproval, Clock clock) {
        this.catalog = catalog;
        this.checkouts = checkouts;
        this.find = new FindCheckout(checkouts);
        this.afterApproval = afterApproval;
        this.clock = clock;
    }

    /** The refund as stored and handed on (or, replayed, as it is now), and its checkout as stored. */
    public record Requested(Refund refund, Checkout checkout, boolean replayed) {}

    public Result<Requested> request(ApiKey caller, String checkoutId, NewRefund request, String idempotencyKey) {
        return request(Principals.of(caller), checkoutId, c -> find.forPortal(caller, c), request, idempotencyKey);
    }

    /**
     * A member of staff in the console asks (recorded as {@code principal}, {@code usr_…}); {@code mayRequest}
     * says whether they may request refunds for the checkout's organization (else {@code not_found}).
     * The idempotency key's namespace is the principal, as for a key.
     */
    public Result<Requested> requestByStaff(String principal, Predicate<Checkout> mayRequest, String checkoutId,
                                            NewRefund request, String idempotencyKey) {
        return request(principal, checkoutId, c -> find.forCitizen(c).filter(mayRequest), request, idempotencyKey);
    }

    private Result<Requested> request(String principal, String checkoutId,
                                      java.util.function.Function<String, Optional<Checkout>> findVisible,
                                      NewRefund request, String idempotencyKey) {
        List<FieldError> errors = request.validate();
        if (!errors.isEmpty()) {
            return new Result.Err<>(new Rejection(Rejection.Code.INVALID_REQUEST, "the request has invalid fields", errors));
        }
        Optional<Checkout> visible = findVisible.apply(checkoutId);
        if (visible.isEmpty()) {
            return Result.err(Rejection.Code.NOT_FOUND, "no such checkout");
        }
        Catalog catalogNow = catalog.get();
        RefundPolicy policy = catalogNow.organization(visible.get().organizationCode()).map(Organization::refunds)
                .orElse(RefundPolicy.DEFAULT);
        Predicate<String> treasuryCreditor = creditor -> catalogNow.treasuryOf(creditor).isPresent();
        Instant now = clock.instant();
        IdempotencyClaim claim = idempotencyKey == null ? null : new IdempotencyClaim(principal,
                Hashes.sha256Hex(idempotencyKey), fingerprint(checkoutId, request), now.plus(CreateCheckout.IDEMPOTENCY_WINDOW));
        Checkout current = visible.get();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (current == null) {
                Optional<Checkout> read = checkouts.find(checkoutId);
                if (read.isEmpty()) {
                    return Result.err(Rejection.Code.NOT_FOUND, "no such checkout");
                }
                current = read.get();
            }
            switch (RefundRules.request(current, request, principal, policy, treasuryCreditor, now)) {
                case Change.Refused refused -> {
                    // a retry of a request that was stored is a replay, whatever the guard says now
                    Optional<CheckoutRepository.CreateResult.KeyTaken> taken = claim == null ? Optional.empty()
                            : checkouts.claimOf(claim);
                    return taken.isPresent() ? replay(taken.get(), claim) : new Result.Err<>(refused.rejection());
                }
                case Change.Unchanged unchanged -> throw new IllegalStateException("a refund request always adds a refund");
                case Change.Changed changed -> {
                    Refund added = changed.checkout().refunds().getLast();
                    switch (checkouts.updateClaiming(changed.checkout(), claim, added.id())) {
                        case UpdateResult.Updated updated -> {
                            Refund stored = updated.checkout().refund(added.id()).orElseThrow();
                            if (stored.status() == RefundStatus.APPROVED) { // the catalog policy approved it
                                stored = afterApproval.approved(updated.checkout(), stored.id());
                            }
                            return Result.ok(new Requested(stored, updated.checkout(), false));
                        }
                        case UpdateResult.KeyTaken taken -> {
                            return replay(taken.taken(), claim);
                        }
                        case UpdateResult.Conflict conflict -> current = null; // another writer was first: read again
                    }
                }
            }
        }
        return Result.err(Rejection.Code.CONTENTION, "the checkout kept changing under concurrent requests; try again");
    }

    private Result<Requested> replay(CheckoutRepository.CreateResult.KeyTaken taken, IdempotencyClaim claim) {
        if (!taken.fingerprint().equals(claim.fingerprint())) {
            return Result.err(Rejection.Code.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used with a different request in the last 24 hours");
        }
        String refundId = taken.checkoutId();
        return jp.kokin.domain.checkout.CheckoutIds.checkoutOfRefund(refundId).flatMap(checkouts::find)
                .flatMap(c -> c.refund(refundId).map(r -> new Requested(r, c, true)))
                .<Result<Requested>>map(Result::ok)
                .orElseGet(() -> Result.err(Rejection.Code.IDEMPOTENCY_KEY_REUSED, "the original refund is gone"));
    }

    /**
     * A stable digest of the request (method, path and body), to tell a retry from another request
     * under the same key; every value is written with its length, so no two requests share it.
     */
    static String fingerprint(String checkoutId, NewRefund r) {
        StringBuilder canonical = new StringBuilder();
        field(canonical, "POST /v1/checkouts/" + checkoutId + "/refunds");
        field(canonical, Long.toString(r.amount()));
        field(canonical, r.reason().wire());
        field(canonical, r.paymentId());
        field(canonical, r.note());
        field(canonical, r.legalBasis());
        field(canonical, r.decisionReference());
        field(canonical, Integer.toString(r.lines().size()));
        for (NewRefund.LineShare l : r.lines()) {
            field(canonical, l.item() + "/" + l.line() + "/" + l.amount());
        }
        return Hashes.sha256Hex(canonical.toString());
    }

    private static void field(StringBuilder canonical, String value) {
        if (value == null) {
            canonical.append("-;");
        } else {
            canonical.append(value.length()).append(':').append(value).append(';');
        }
    }
}
