package jp.kokin.checkout;

import static jp.kokin.domain.refund.TestBankTransfers.CANNOT_AT;
import static jp.kokin.domain.refund.TestBankTransfers.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.queue.QueuedReceiptDue;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.refund.BankTransfer;
import jp.kokin.domain.refund.RefundStatus;
import jp.kokin.domain.refund.TestBankTransfers;

/** The bank-account page of a refund through {@code CheckoutFunction} against DynamoDB Local: one account, stored once. */
class BankAccountPageIT {
    private static final String VALID = "bankCode=0005&branchCode=123&accountType=1&accountNumber=7654321"
            + "&holderKana=%E3%83%A4%E3%83%9E%E3%83%80+%E3%83%8F%E3%83%8A%E3%82%B3"; // ヤマダ ハナコ

    private final TestClock clock = new TestClock(CANNOT_AT.plus(Duration.ofDays(1)));
    private TestAws aws;
    private CheckoutHandler handler;
    private Checkout checkout;
    private String refundId;

    @BeforeEach
    void aRefundWaitingForItsAccount() {
        aws = TestAws.create();
        handler = new CheckoutHandler(new CheckoutWiring(aws.catalog(clock), aws.ledger(), aws.ledger(), aws.providers(clock),
                new QueuedReceiptDue(aws.receiptQueue()), aws.publicBaseUrl(), clock));
        checkout = TestBankTransfers.awaitingAccount();
        refundId = TestBankTransfers.refundId(checkout);
        aws.ledger().create(checkout, null);
    }

    private APIGatewayV2HTTPResponse post(String form) {
        return handler.handleRequest(HttpEvents.route("POST /refunds/{refundId}/bank-account/{token}")
                .path("refundId", refundId).path("token", TOKEN).form(form).build(), null);
    }

    private BankTransfer stored() {
        return aws.ledger().find(checkout.id()).orElseThrow().refund(refundId).orElseThrow().bankTransfer();
    }

    @Test
    void theAccountIsStoredInTheLedgerAndReadBackNormalised() {
        assertEquals(200, handler.handleRequest(HttpEvents.route("GET /refunds/{refundId}/bank-account/{token}")
                .path("refundId", refundId).path("token", TOKEN).build(), null).getStatusCode());

        assertEquals(303, post(VALID).getStatusCode());

        BankTransfer t = stored();
        assertEquals("0005", t.account().bankCode());
        assertEquals("ﾔﾏﾀﾞ ﾊﾅｺ", t.account().holderKana());
        assertEquals(clock.instant(), t.accountGivenAt());
        assertTrue(t.awaitingTransfer());
        var after = aws.ledger().find(checkout.id()).orElseThrow();
        assertEquals(RefundStatus.BANK_TRANSFER_REQUIRED, after.refund(refundId).orElseThrow().status());
        assertEquals(List.of(after.refund(refundId).orElseThrow()), after.refundsAwaitingSettlement().stream()
                .filter(r -> r.id().equals(refundId)).toList(), "the next settlement run finds it");
    }

    @Test
    void eightSubmissionsAtOnceStoreExactlyOneAccountAndTheOthersAreToldItWasAlreadyReceived() throws Exception {
        int submissions = 8;
        var start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try (var threads = Executors.newFixedThreadPool(submissions)) {
            for (int i = 0; i < submissions; i++) {
                String number = String.format("%07d", i + 1);
                answers.add(threads.submit(() -> {
                    start.await();
                    return post(VALID.replace("7654321", number)).getStatusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (var a : answers) {
                statuses.add(a.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 303).count(), statuses.toString());
            assertTrue(statuses.stream().allMatch(s -> s == 303 || s == 409 || s == 503), statuses.toString());
        }
        String kept = stored().account().accountNumber();
        assertTrue(kept.matches("000000[1-8]"), kept);
        assertEquals(409, post(VALID).getStatusCode(), "the link stays used");
        assertEquals(kept, stored().account().accountNumber());
    }
}
