package jp.kokin.domain.refund;

import static jp.kokin.domain.refund.TestBankTransfers.CANNOT_AT;
import static jp.kokin.domain.refund.TestBankTransfers.LINK_VALIDITY;
import static jp.kokin.domain.refund.TestBankTransfers.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;
import jp.kokin.domain.checkout.TestClock;

/** The single-use link: stores one account, once, only for the right token, before it expires. */
class GiveBankAccountTest {
    private static final BankAccountForm FORM = new BankAccountForm("0005", "123", "1", "7654321", "やまだ はなこ");

    private final TestClock clock = new TestClock(CANNOT_AT.plus(Duration.ofDays(3)));
    private final InMemoryCheckoutRepository checkouts = new InMemoryCheckoutRepository();
    private final GiveBankAccount give = new GiveBankAccount(checkouts, clock);
    private final Checkout checkout = TestBankTransfers.awaitingAccount();
    private final String refundId = TestBankTransfers.refundId(checkout);

    GiveBankAccountTest() {
        checkouts.create(checkout, null);
    }

    private BankTransfer stored() {
        return checkouts.find(checkout.id()).orElseThrow().refund(refundId).orElseThrow().bankTransfer();
    }

    @Test
    void a_valid_account_is_stored_on_the_refund_normalised_with_when_it_was_given() {
        var received = assertInstanceOf(GiveBankAccount.Outcome.Received.class, give.give(refundId, TOKEN, FORM));

        assertEquals(new BankAccount("0005", "", "123", "", 1, "7654321", "ﾔﾏﾀﾞ ﾊﾅｺ"), stored().account());
        assertEquals(clock.instant(), stored().accountGivenAt());
        assertTrue(stored().awaitingTransfer(), "the next settlement run pays it");
        assertEquals(RefundStatus.BANK_TRANSFER_REQUIRED, received.refund().status(), "paid when the run is released");
        assertEquals(checkout.version() + 1, checkouts.find(checkout.id()).orElseThrow().version(), "one write");
    }

    @Test
    void the_link_is_single_use_a_second_submission_is_told_it_was_already_received_and_changes_nothing() {
        give.give(refundId, TOKEN, FORM);
        Checkout afterFirst = checkouts.find(checkout.id()).orElseThrow();

        var again = give.give(refundId, TOKEN, new BankAccountForm("0009", "001", "2", "1111111", "ｱﾅﾀ"));

        assertInstanceOf(GiveBankAccount.Outcome.AlreadyReceived.class, again);
        assertEquals(afterFirst, checkouts.find(checkout.id()).orElseThrow());
        assertEquals(BankAccountLink.State.RECEIVED, give.open(refundId, TOKEN).orElseThrow().state());
    }

    @Test
    void when_another_submission_stores_an_account_first_this_one_stores_nothing() {
        // the other submission lands between this one's read and its write
        checkouts.concurrently(c -> {
            Refund r = c.refund(refundId).orElseThrow();
            return c.withRefund(r.withBankTransfer(r.bankTransfer().withAccount(
                    new BankAccount("0001", "", "001", "", 1, "0000001", "ｻｷ"), clock.instant())));
        });

        assertInstanceOf(GiveBankAccount.Outcome.AlreadyReceived.class, give.give(refundId, TOKEN, FORM));
        assertEquals("ｻｷ", stored().account().holderKana(), "the first account stays");
    }

    @Test
    void a_form_with_problems_stores_nothing_and_says_which_fields() {
        var invalid = assertInstanceOf(GiveBankAccount.Outcome.Invalid.class,
                give.give(refundId, TOKEN, new BankAccountForm("05", "123", "1", "7654321", "山田")));

        assertEquals(2, invalid.problems().size(), invalid.problems().toString());
        assertNull(stored().account());
        assertEquals(BankAccountLink.State.OPEN, give.open(refundId, TOKEN).orElseThrow().state());
    }

    @Test
    void a_wrong_token_an_unknown_refund_or_a_malformed_id_is_no_link_at_all() {
        String wrong = TOKEN.substring(1) + "A";
        assertTrue(give.open(refundId, wrong).isEmpty());
        assertInstanceOf(GiveBankAccount.Outcome.NoSuchLink.class, give.give(refundId, wrong, FORM));
        assertTrue(give.open(CheckoutIds.refundId(checkout.id(), 2), TOKEN).isEmpty(), "no second refund");
        assertTrue(give.open(CheckoutIds.refundId(CheckoutIds.newCheckoutId(), 1), TOKEN).isEmpty(), "no such checkout");
        assertTrue(give.open("rfd_../../etc", TOKEN).isEmpty());
        assertTrue(give.open(refundId, "short").isEmpty(), "a malformed token is not hashed");
        assertTrue(give.open(refundId, TOKEN + "/x").isEmpty());
        assertNull(stored().account());
    }

    @Test
    void the_link_works_until_it_expires_and_not_at_or_after_that_instant() {
        clock.set(CANNOT_AT.plus(LINK_VALIDITY).minusMillis(1));
        assertEquals(BankAccountLink.State.OPEN, give.open(refundId, TOKEN).orElseThrow().state());

        clock.set(CANNOT_AT.plus(LINK_VALIDITY));
        assertTrue(give.open(refundId, TOKEN).isEmpty());
        assertInstanceOf(GiveBankAccount.Outcome.NoSuchLink.class, give.give(refundId, TOKEN, FORM));
        assertNull(stored().account());
    }

    @Test
    void a_refund_that_no_longer_waits_for_an_account_has_no_form() {
        Checkout c = checkouts.find(checkout.id()).orElseThrow();
        Refund paidByOtherMeans = c.refund(refundId).orElseThrow().withStatus(RefundStatus.SUCCEEDED);
        checkouts.update(c.withRefund(paidByOtherMeans));

        assertTrue(give.open(refundId, TOKEN).isEmpty());
        assertInstanceOf(GiveBankAccount.Outcome.NoSuchLink.class, give.give(refundId, TOKEN, FORM));
    }

    @Test
    void the_stored_hash_is_the_lower_case_hex_sha_256_of_the_token() {
        assertEquals("6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b", BankAccountLink.tokenHash("1"));
    }
}
