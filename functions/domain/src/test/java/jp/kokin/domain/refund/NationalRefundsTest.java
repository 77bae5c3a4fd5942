package jp.kokin.domain.refund;

import static jp.kokin.domain.checkout.TestCatalogs.MOFA;
import static jp.kokin.domain.checkout.TestCatalogs.MYNA_KEY;
import static jp.kokin.domain.checkout.TestCatalogs.PASSPORT;
import static jp.kokin.domain.checkout.TestCatalogs.TOKYO;
import static jp.kokin.domain.refund.RefundRulesTest.NOW;
import static jp.kokin.domain.refund.RefundRulesTest.PORTAL;
import static jp.kokin.domain.refund.RefundRulesTest.paidPassport;
import static jp.kokin.domain.refund.RefundRulesTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;

/**
 * National revenue is given back only on the ministry's repayment decision: a refund whose lines
 * touch a line of a creditor paid into the treasury (a catalog {@code treasury} block) names it in
 * {@code decisionReference}, or is refused with {@code decision_reference_required} and not stored.
 * The passport: item 0, line 0 is 外務省's 14,000 yen (national), line 1 東京都's 2,000 yen.
 */
class NationalRefundsTest {
    private static final Predicate<String> MOFA_IS_TREASURY = MOFA::equals;
    private static final String DECISION = "外務省会計課 還付決議 R8-0012";

    private static NewRefund refund(long amount, String decisionReference, NewRefund.LineShare... lines) {
        return new NewRefund(amount, RefundReason.OVERPAID, null, null, null, decisionReference, List.of(lines));
    }

    private static Change request(NewRefund refund) {
        return RefundRules.request(paidPassport(), refund, PORTAL, RefundPolicy.DEFAULT, MOFA_IS_TREASURY, NOW);
    }

    @Test
    void a_refund_naming_the_national_line_without_a_decision_is_refused_and_says_which_line() {
        Rejection r = refused(Rejection.Code.DECISION_REFERENCE_REQUIRED,
                request(refund(1_000, null, new NewRefund.LineShare(0, 0, 1_000))));
        assertEquals("decisionReference", r.errors().getFirst().field());
        assertTrue(r.detail().contains("item 0, fee line 0") && r.detail().contains(MOFA), r.detail());
    }

    @Test
    void a_refund_allocated_over_the_lines_touches_the_national_line_too() {
        refused(Rejection.Code.DECISION_REFERENCE_REQUIRED, request(refund(16_000, null)));
        refused(Rejection.Code.DECISION_REFERENCE_REQUIRED, request(refund(2, null)));
    }

    @Test
    void with_the_ministrys_decision_the_refund_is_requested_and_keeps_the_decision() {
        Checkout c = assertInstanceOf(Change.Changed.class, request(refund(16_000, DECISION))).checkout();
        Refund r = c.refunds().getFirst();
        assertEquals(DECISION, r.decisionReference());
        assertEquals(RefundStatus.REQUESTED, r.status(), "still four eyes");
        assertEquals(List.of(new RefundLine(0, 0, PASSPORT, MOFA, 14_000), new RefundLine(0, 1, PASSPORT, TOKYO, 2_000)),
                r.lines());
    }

    @Test
    void a_refund_of_only_the_local_line_needs_no_decision() {
        Checkout c = assertInstanceOf(Change.Changed.class,
                request(refund(2_000, null, new NewRefund.LineShare(0, 1, 2_000)))).checkout();
        assertEquals(List.of(new RefundLine(0, 1, PASSPORT, TOKYO, 2_000)), c.refunds().getFirst().lines());
    }

    @Test
    void where_the_national_body_pays_by_transfer_no_decision_is_needed() {
        assertInstanceOf(Change.Changed.class, RefundRules.request(paidPassport(), refund(16_000, null), PORTAL,
                RefundPolicy.DEFAULT, NOW));
    }

    @Test
    void the_guard_still_speaks_first_when_the_amount_is_too_large() {
        refused(Rejection.Code.REFUND_EXCEEDS_REFUNDABLE, request(refund(16_001, null)));
    }

    @Test
    void the_request_use_case_reads_treasury_creditors_from_the_catalog_and_stores_nothing_when_refused() {
        Catalog catalog = TestCatalogs.aTreasuryCatalog().build();
        InMemoryCheckoutRepository repository = new InMemoryCheckoutRepository();
        TestClock clock = new TestClock(TestCheckouts.CREATED_AT.plus(Duration.ofHours(2)));
        RequestRefund requests = new RequestRefund(() -> catalog, repository,
                (checkout, refundId) -> checkout.refund(refundId).orElseThrow(), clock);
        Checkout passport = paidPassport();
        repository.put(passport);

        Result<RequestRefund.Requested> refusedResult = requests.request(MYNA_KEY, passport.id(), refund(16_000, null), "key-1");
        Result.Err<?> err = assertInstanceOf(Result.Err.class, refusedResult);
        assertEquals(Rejection.Code.DECISION_REFERENCE_REQUIRED, err.rejection().kind());
        assertTrue(repository.stored(passport.id()).refunds().isEmpty(), "nothing stored");

        Result<RequestRefund.Requested> ok = requests.request(MYNA_KEY, passport.id(), refund(16_000, DECISION), "key-2");
        var requested = (RequestRefund.Requested) assertInstanceOf(Result.Ok.class, ok).value();
        assertEquals(DECISION, requested.refund().decisionReference());
        assertEquals(1, repository.stored(passport.id()).refunds().size());

        var standard = new RequestRefund(TestCatalogs::standard, repository,
                (checkout, refundId) -> checkout.refund(refundId).orElseThrow(), clock);
        Checkout another = paidPassport();
        repository.put(another);
        assertInstanceOf(Result.Ok.class, standard.request(MYNA_KEY, another.id(), refund(16_000, null), null),
                "the standard catalog's MOFA pays by transfer");
    }
}
