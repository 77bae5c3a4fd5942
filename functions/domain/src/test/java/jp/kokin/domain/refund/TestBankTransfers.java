package jp.kokin.domain.refund;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.TestCheckouts;

/**
 * Refunds the provider could not make, waiting for the payer's bank account: a paid checkout (one
 * 住民票 of 千代田区, 300 yen) whose first refund takes all of it back and is
 * {@code bank_transfer_required}, with a link of token {@link #TOKEN} valid for {@link #LINK_VALIDITY}.
 */
public final class TestBankTransfers {
    /** A well-formed link token (base64url, 43 characters, as 32 random bytes give). */
    public static final String TOKEN = "bT9xK2mQ7vLw4Zr8Np1Hc6Yd3Fs0Ga5Ej-Ru_Ti2Ou";
    public static final Duration LINK_VALIDITY = Duration.ofDays(90);
    /** When the provider said it cannot refund (a day after payment). */
    public static final Instant CANNOT_AT = TestCheckouts.CREATED_AT.plus(Duration.ofDays(1));

    private TestBankTransfers() {}

    /** A paid checkout whose refund {@code refundId(checkout, 1)} awaits an account, its link expiring 90 days after {@link #CANNOT_AT}. */
    public static Checkout awaitingAccount() {
        return awaitingAccount(TestCheckouts.created());
    }

    /** As {@link #awaitingAccount()}, for {@code created} (a created checkout of any language). */
    public static Checkout awaitingAccount(Checkout created) {
        Checkout paid = TestCheckouts.paid(created, TestCheckouts.CREATED_AT.plusSeconds(60));
        Payment payment = paid.payments().getFirst();
        CheckoutItem item = paid.items().getFirst();
        RefundLine line = new RefundLine(0, 0, item.procedureCode(), item.lines().getFirst().creditor(),
                item.lines().getFirst().amount());
        Refund refund = Refund.requested(CheckoutIds.refundId(paid.id(), 1), payment.id(), line.amount(), RefundReason.OVERPAID,
                        List.of(line), null, null, null, "key_aaaaaaaaaaaaaaaa", CANNOT_AT.minusSeconds(600))
                .decided(RefundStatus.APPROVED, "key_bbbbbbbbbbbbbbbb", CANNOT_AT.minusSeconds(300), null)
                .submitted(CANNOT_AT.minusSeconds(300))
                .answered(RefundStatus.BANK_TRANSFER_REQUIRED, null, "partial refunds unsupported", CANNOT_AT)
                .withBankTransfer(new BankTransfer(BankAccountLink.tokenHash(TOKEN), CANNOT_AT.plus(LINK_VALIDITY), null, null,
                        null));
        return paid.withRefund(refund);
    }

    public static String refundId(Checkout checkout) {
        return CheckoutIds.refundId(checkout.id(), 1);
    }
}
