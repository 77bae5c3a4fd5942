package jp.kokin.adapters.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.console.Page;
import jp.kokin.domain.console.PaymentQuery;
import jp.kokin.domain.console.PaymentRow;
import jp.kokin.domain.receipt.ReceiptService;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundLine;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundStatus;

/**
 * The 収納一覧 on DynamoDB Local with the ledger table of {@code template.yaml} (its console indexes):
 * pages merge the organizations in scope newest first with no row twice or missed, another
 * organization's checkouts never show, filters apply, and a reference or receipt number finds its checkout.
 */
class DynamoPaymentSearchIT {
    /** 2026-11-26 10:00 JST. */
    private static final Instant BASE = Instant.parse("2026-11-26T01:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);

    private DynamoLedger ledger;
    private DynamoPaymentSearch search;
    private software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb;
    private String table;

    @BeforeEach
    void freshTables() {
        TestAws aws = TestAws.create();
        ledger = aws.ledger();
        dynamoDb = aws.dynamoDb();
        table = aws.ledgerTable();
        search = new DynamoPaymentSearch(dynamoDb, table);
    }

    private Checkout stored(String org, Instant createdAt, boolean paid) {
        var b = Checkouts.aCheckout().forOrganization(org).createdAt(createdAt);
        Checkout c = (paid ? b.paidAt(createdAt.plusSeconds(30)) : b).build();
        ledger.create(c, null);
        return c;
    }

    private static PaymentQuery query(Set<String> orgs) {
        return new PaymentQuery(DAY, DAY, orgs, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private List<PaymentRow> allPages(PaymentQuery q, int pageSize) {
        List<PaymentRow> rows = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int pages = 0; pages < 100; pages++) {
            Page<PaymentRow> page = search.list(q, cursor, pageSize);
            assertTrue(page.rows().size() <= pageSize);
            rows.addAll(page.rows());
            if (page.next().isEmpty()) {
                return rows;
            }
            String next = page.next().get();
            assertTrue(next.length() <= Page.MAX_CURSOR && next.matches("[A-Za-z0-9_-]+"), "opaque, URL-safe: " + next);
            cursor = page.next();
        }
        throw new AssertionError("more than 100 pages");
    }

    @Test
    void pagesMergeTheOrganizationsInScopeNewestFirstWithNoRowTwiceOrMissedAndNoOtherOrganization() {
        List<Checkout> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(stored("131016", BASE.plusSeconds(60L * i), i % 2 == 0));
            expected.add(stored("131041", BASE.plusSeconds(60L * i + 7), false));
            stored("130001", BASE.plusSeconds(60L * i + 3), true); // out of scope
        }
        stored("131016", Instant.parse("2026-11-26T15:00:00Z"), false); // 11-27 00:00 JST: after the range
        stored("131016", Instant.parse("2026-11-25T14:59:59Z"), false); // 11-25 23:59:59 JST: before it

        List<PaymentRow> rows = allPages(query(Set.of("131016", "131041")), 3);

        List<String> newestFirst = expected.stream().sorted(Comparator.comparing(Checkout::createdAt).reversed())
                .map(Checkout::id).toList();
        assertEquals(newestFirst, rows.stream().map(PaymentRow::checkoutId).toList());
        Checkout paid = expected.getFirst();
        PaymentRow row = rows.stream().filter(r -> r.checkoutId().equals(paid.id())).findFirst().orElseThrow();
        assertEquals(PaymentRow.of(ledger.find(paid.id()).orElseThrow()), row, "the index row is the checkout's row");
    }

    @Test
    void filtersOnStatusAmountAndProcedureReadTheIndexAndStillPageCompletely() {
        List<String> paid = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Checkout c = stored(i % 2 == 0 ? "131016" : "131041", BASE.plusSeconds(10L * i), i % 3 == 0);
            if (i % 3 == 0) {
                paid.add(0, c.id());
            }
        }
        var q = new PaymentQuery(DAY, DAY, Set.of("131016", "131041"), Optional.of("juminhyo"), Optional.of("paid"),
                Optional.of("card"), Optional.of(300L), Optional.of(300L));
        assertEquals(paid, allPages(q, 1).stream().map(PaymentRow::checkoutId).toList());
        var otherProcedure = new PaymentQuery(DAY, DAY, Set.of("131016"), Optional.of("koseki"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertEquals(List.of(), allPages(otherProcedure, 5));
        var tooExpensive = new PaymentQuery(DAY, DAY, Set.of("131016"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(301L), Optional.empty());
        assertEquals(List.of(), allPages(tooExpensive, 5));
    }

    @Test
    void aReferenceFindsItsCheckoutsInEveryOrganizationNewestFirst() {
        Checkout a = stored("131016", BASE, false);
        Checkout b = stored("131041", BASE, false); // the fixture's reference is its creation time: the same
        stored("131016", BASE.plusSeconds(1), false);
        List<PaymentRow> rows = search.byReference(a.reference());
        assertEquals(Set.of(a.id(), b.id()), Set.copyOf(rows.stream().map(PaymentRow::checkoutId).toList()));
        assertEquals(List.of(), search.byReference("APP-none"));
    }

    @Test
    void aReceiptNumberFindsItsCheckout() {
        Checkout c = stored("131016", BASE, true);
        var service = new ReceiptService(ledger, TestCatalogs::standard, Clock.fixed(BASE.plusSeconds(120), ZoneOffset.UTC));
        var issued = (ReceiptService.Issued) assertInstanceOf(Result.Ok.class, service.issue(c.id())).value();
        PaymentRow row = search.byReceiptNumber(issued.receipt().number()).orElseThrow();
        assertEquals(c.id(), row.checkoutId());
        assertEquals(issued.receipt().number(), row.receiptNumber());
        assertTrue(search.byReceiptNumber("no-such-number").isEmpty());
    }

    /** Stores {@code c} with one more refund, {@code requested} at {@code at}; answers the stored checkout. */
    private Checkout refundRequested(Checkout c, Instant at) {
        Checkout current = ledger.find(c.id()).orElseThrow();
        String id = CheckoutIds.refundId(current.id(), current.refunds().size() + 1);
        Refund refund = Refund.requested(id, current.payments().getFirst().id(), 100, RefundReason.OVERPAID,
                List.of(new RefundLine(0, 0, "juminhyo", current.organizationCode(), 100)), null, "地方自治法", null,
                "usr_0123456789abcdef", at);
        return ledger.update(current.withRefund(refund)).orElseThrow();
    }

    private Checkout decided(Checkout c, RefundStatus decision) {
        Checkout current = ledger.find(c.id()).orElseThrow();
        Refund requested = current.refunds().stream().filter(f -> f.status() == RefundStatus.REQUESTED).findFirst().orElseThrow();
        return ledger.update(current.withRefund(requested.decided(decision, "usr_fedcba9876543210", BASE, "checked"))).orElseThrow();
    }

    private List<String> awaiting(Set<String> orgs, int pageSize) {
        List<String> ids = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int pages = 0; pages < 100; pages++) {
            Page<Checkout> page = search.awaitingRefundDecision(orgs, cursor, pageSize);
            assertTrue(page.rows().size() <= pageSize);
            page.rows().forEach(c -> ids.add(c.id()));
            if (page.next().isEmpty()) {
                return ids;
            }
            cursor = page.next();
        }
        throw new AssertionError("more than 100 pages");
    }

    @Test
    void aRefundRequestedTodayOnAPaymentMadeLongAgoAwaitsADecisionInTheQueue() {
        Checkout old = stored("131016", BASE.minusSeconds(400L * 86_400), true); // more than a year before
        stored("131016", BASE, true); // paid, no refund: not in the queue
        assertEquals(List.of(), awaiting(Set.of("131016"), 10));
        refundRequested(old, BASE);
        Page<Checkout> page = search.awaitingRefundDecision(Set.of("131016"), Optional.empty(), 10);
        assertEquals(List.of(old.id()), page.rows().stream().map(Checkout::id).toList());
        assertEquals(RefundStatus.REQUESTED, page.rows().getFirst().refunds().getFirst().status(), "the checkout as stored");
    }

    @Test
    void aCheckoutLeavesTheQueueOnceItsLastRequestedRefundIsApprovedOrRejected() {
        Checkout approved = stored("131016", BASE, true);
        Checkout rejected = stored("131016", BASE.plusSeconds(60), true);
        Checkout twoRefunds = stored("131016", BASE.plusSeconds(120), true);
        refundRequested(approved, BASE.plusSeconds(600));
        refundRequested(rejected, BASE.plusSeconds(600));
        refundRequested(twoRefunds, BASE.plusSeconds(600));
        refundRequested(twoRefunds, BASE.plusSeconds(700));
        assertEquals(List.of(approved.id(), rejected.id(), twoRefunds.id()), awaiting(Set.of("131016"), 10));

        decided(approved, RefundStatus.APPROVED);
        decided(rejected, RefundStatus.REJECTED);
        decided(twoRefunds, RefundStatus.APPROVED); // its second refund still awaits a decision
        assertEquals(List.of(twoRefunds.id()), awaiting(Set.of("131016"), 10));
        decided(twoRefunds, RefundStatus.REJECTED);
        assertEquals(List.of(), awaiting(Set.of("131016"), 10));
        // a refund requested again brings the checkout back
        refundRequested(approved, BASE.plusSeconds(900));
        assertEquals(List.of(approved.id()), awaiting(Set.of("131016"), 10));
    }

    @Test
    void theQueuePagesTheOrganizationsInScopeOldestFirstWithNoCheckoutTwiceOrMissedAndNoOtherOrganization() {
        List<Checkout> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(refundRequested(stored("131016", BASE.plusSeconds(60L * i), true), BASE));
            expected.add(refundRequested(stored("131041", BASE.minusSeconds(86_400L * 100 * i), true), BASE));
            refundRequested(stored("130001", BASE.plusSeconds(60L * i + 3), true), BASE); // out of scope
        }
        List<String> oldestFirst = expected.stream().sorted(Comparator.comparing(Checkout::createdAt).thenComparing(Checkout::id))
                .map(Checkout::id).toList();
        for (int pageSize : new int[] {1, 3, 10, 11}) {
            assertEquals(oldestFirst, awaiting(Set.of("131016", "131041"), pageSize), "page size " + pageSize);
        }
        assertEquals(List.of(), awaiting(Set.of("131000"), 5));
    }

    private static String b64(String s) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aTamperedCursorIsRefusedAsTheCallersMistakeNeverPassedToDynamoDb() {
        for (int i = 0; i < 3; i++) {
            stored("131016", BASE.plusSeconds(i), true);
        }
        var q = query(Set.of("131016"));
        String valid = search.list(q, Optional.empty(), 1).next().orElseThrow();
        assertEquals(1, search.list(q, Optional.of(valid), 1).rows().size(), "a cursor of this list still works");
        long seed = System.nanoTime();
        System.out.println("DynamoPaymentSearchIT random cursor seed: " + seed);
        byte[] random = new byte[48];
        new java.util.Random(seed).nextBytes(random);
        List<String> tampered = List.of(
                "MA", // "0": below the range's low key, DynamoDB would refuse the BETWEEN
                b64("9999"), // above the range: rows after `to`
                b64("2026-11-25T00:00:00.000000000Z#chk_aaaa"), // well-shaped, before the range
                b64("2026-11-27T00:00:00.000000000Z#chk_aaaa"), // well-shaped, after the range
                b64("2026-11-26T01:00:00.000000000Z#chk_a' OR 1"), // not a checkout id
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random),
                "not base64!",
                "A".repeat(Page.MAX_CURSOR + 1));
        for (String cursor : tampered) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> search.list(q, Optional.of(cursor), 1), cursor);
            assertTrue(e.getMessage().contains("cursor"), e.getMessage());
        }
    }

    @Test
    void aCreatedCheckoutPastItsExpiryIsListedAndFilteredAsExpiredAtTheClocksNow() {
        Checkout open = stored("131016", BASE, false); // expires an hour after creation
        Checkout later = Checkouts.aCheckout().forOrganization("131016").createdAt(BASE.plusSeconds(60)).expiresIn(java.time.Duration.ofDays(3)).build();
        ledger.create(later, null);
        Checkout paid = stored("131016", BASE.plusSeconds(120), true);
        var clock = new jp.kokin.domain.checkout.TestClock(BASE.plus(java.time.Duration.ofHours(2)));
        var atTwoHours = new DynamoPaymentSearch(dynamoDb, table, clock);

        PaymentRow row = atTwoHours.list(query(Set.of("131016")), Optional.empty(), 10).rows().stream()
                .filter(r -> r.checkoutId().equals(open.id())).findFirst().orElseThrow();
        assertEquals(open.expiresAt(), row.expiresAt(), "the index carries the expiry");
        assertEquals("expired", row.statusAt(clock.instant()));
        assertEquals("created", row.status(), "the stored status is unchanged");

        assertEquals(List.of(open.id()), ids(atTwoHours, "expired"));
        assertEquals(List.of(later.id()), ids(atTwoHours, "created"));
        assertEquals(List.of(paid.id()), ids(atTwoHours, "paid"));
    }

    private static List<String> ids(DynamoPaymentSearch s, String status) {
        var q = new PaymentQuery(DAY, DAY, Set.of("131016"), Optional.empty(), Optional.of(status), Optional.empty(), Optional.empty(),
                Optional.empty());
        return s.list(q, Optional.empty(), 10).rows().stream().map(PaymentRow::checkoutId).toList();
    }
}
