package jp.kokin.domain.refund;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.checkout.CheckoutWriter;
import jp.kokin.domain.checkout.Rejection;

/**
 * The payer of a refund the provider could not make gives the bank account to pay it to, through
 * the single-use link of the portal's {@code refund.action_required} notification
 * ({@link BankAccountLink}). The account is stored with the checkout's one optimistic write
 * ({@link CheckoutWriter}), under the condition that no account was given yet: two submissions at
 * once store one account, and the other is told it was already received.
 */
public final class GiveBankAccount {
    private final CheckoutRepository checkouts;
    private final CheckoutWriter writer;
    private final Clock clock;

    public GiveBankAccount(CheckoutRepository checkouts, Clock clock) {
        this.checkouts = checkouts;
        this.writer = new CheckoutWriter(checkouts);
        this.clock = clock;
    }

    /** A link that shows something: the refund (in its checkout) and whether the account is already given. */
    public record Link(Checkout checkout, Refund refund, BankAccountLink.State state) {}

    /** What one submission did. */
    public sealed interface Outcome {
        /** The account is stored; {@code refund} carries it. */
        record Received(Checkout checkout, Refund refund) implements Outcome {}

        /** An account had been given before (this link is single use); nothing was written. */
        record AlreadyReceived(Checkout checkout, Refund refund) implements Outcome {}

        /** The form has problems; nothing was written. */
        record Invalid(Checkout checkout, Refund refund, List<BankAccountForm.FieldProblem> problems) implements Outcome {}

        /** No such link (unknown or malformed refund, wrong token, expired, no account needed). */
        record NoSuchLink() implements Outcome {}

        /** Other writers changed the checkout on every attempt; nothing was written, try again. */
        record Busy(Checkout checkout, Refund refund) implements Outcome {}
    }

    /** The link of {@code refundId} with {@code token}, when it shows something (else the page is a 404). */
    public Optional<Link> open(String refundId, String token) {
        if (!BankAccountLink.isToken(token)) {
            return Optional.empty();
        }
        return CheckoutIds.checkoutOfRefund(refundId).flatMap(checkouts::find).flatMap(c -> c.refund(refundId)
                .map(r -> new Link(c, r, BankAccountLink.state(r, token, clock.instant()))))
                .filter(l -> l.state() != BankAccountLink.State.NONE);
    }

    /** Stores the account of {@code form} on the refund, once. */
    public Outcome give(String refundId, String token, BankAccountForm form) {
        Optional<Link> link = open(refundId, token);
        if (link.isEmpty()) {
            return new Outcome.NoSuchLink();
        }
        Link l = link.get();
        if (l.state() == BankAccountLink.State.RECEIVED) {
            return new Outcome.AlreadyReceived(l.checkout(), l.refund());
        }
        return switch (form.check()) {
            case BankAccountForm.Checked.Invalid invalid -> new Outcome.Invalid(l.checkout(), l.refund(), invalid.problems());
            case BankAccountForm.Checked.Valid valid -> store(l.checkout(), refundId, token, valid);
        };
    }

    private Outcome store(Checkout inHand, String refundId, String token, BankAccountForm.Checked.Valid valid) {
        var written = writer.write(inHand, c -> {
            Refund r = c.refund(refundId).orElse(null);
            var now = clock.instant();
            return switch (BankAccountLink.state(r, token, now)) {
                case NONE -> new Change.Refused(Rejection.Code.NOT_FOUND, "no such bank-account link");
                case RECEIVED -> new Change.Refused(Rejection.Code.CONFLICT, "the account was already given");
                case OPEN -> new Change.Changed(c.withRefund(r.withBankTransfer(r.bankTransfer().withAccount(valid.account(), now))),
                        null, false);
            };
        });
        return switch (written) {
            case CheckoutWriter.Written.Stored stored -> new Outcome.Received(stored.checkout(),
                    stored.checkout().refund(refundId).orElseThrow());
            case CheckoutWriter.Written.Refused refused when refused.rejection().kind() == Rejection.Code.CONFLICT ->
                    new Outcome.AlreadyReceived(refused.checkout(), refused.checkout().refund(refundId).orElseThrow());
            case CheckoutWriter.Written.Refused refused -> new Outcome.NoSuchLink();
            case CheckoutWriter.Written.Unchanged unchanged -> new Outcome.AlreadyReceived(unchanged.checkout(),
                    unchanged.checkout().refund(refundId).orElseThrow());
            case CheckoutWriter.Written.Missing missing -> new Outcome.NoSuchLink();
            case CheckoutWriter.Written.KeptChanging kept -> new Outcome.Busy(kept.lastRead(),
                    kept.lastRead().refund(refundId).orElseThrow());
        };
    }
}
