package jp.kokin.domain.refund;

import static jp.kokin.domain.checkout.TestCatalogs.MYNA_KEY;
import static jp.kokin.domain.checkout.TestCatalogs.OPERATOR_KEY;
import static jp.kokin.domain.checkout.TestCatalogs.SHINJUKU_KEY;
import static jp.kokin.domain.checkout.TestCheckouts.CREATED_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.Hashes;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Role;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;

/** {@link RequestRefund}, {@link DecideRefund} and {@link FindRefunds} over the in-memory repository. */
class RefundUseCasesTest {
    static final ApiKey SECOND_OPERATOR = new ApiKey(Hashes.sha256Hex("second-operator-key"), Role.OPERATOR, null,
            Set.of(ApiKey.ALL_ORGANIZATIONS));
    static final ApiKey SHINJUKU_OPERATOR = new ApiKey(Hashes.sha256Hex("shinjuku-operator-key"), Role.OPERATOR, null,
            Set.of(TestCatalogs.SHINJUKU));

    final TestClock clock = new TestClock(CREATED_AT.plus(Duration.ofHours(2)));
    final InMemoryCheckoutRepository repository = new InMemoryCheckoutRepository();
    /** Refunds handed on after approval, in order; each comes back {@code submitted}, as a provider that has not answered yet. */
    final List<String> handedOn = new java.util.ArrayList<>();
    final AfterApproval submitted = (checkout, refundId) -> {
        handedOn.add(refundId);
        return checkout.refund(refundId).orElseThrow().submitted(clock.instant());
    };
    final RequestRefund requests = new RequestRefund(TestCatalogs::standard, repository, submitted, clock);
    final DecideRefund decisions = new DecideRefund(repository, submitted, clock);
    final FindRefunds find = new FindRefunds(repository);

    /** A 住民票 (300 yen) of 千代田区, created by the My Number Portal and paid. */
    Checkout aPaidCheckout() {
        Checkout c = TestCheckouts.paid(TestCheckouts.created(), CREATED_AT.plusSeconds(60));
        repository.put(c);
        return c;
    }

    static NewRefund refund(long amount) {
        return new NewRefund(amount, RefundReason.OVERPAID, null, "paid twice at the counter", null, null, List.of());
    }

    static <T> T ok(Result<T> result) {
        if (result instanceof Result.Ok<T> ok) {
            return ok.value();
        }
        throw new AssertionError("expected success but got " + result);
    }

    static Rejection rejected(Rejection.Code code, Result<?> result) {
        Result.Err<?> err = assertInstanceOf(Result.Err.class, result, () -> "expected " + code + " but got " + result);
        assertEquals(code, err.rejection().kind(), err.rejection().detail());
        return err.rejection();
    }

    @Test
    void aPortalAsksForARefundOfItsOwnCheckoutAndItWaitsForApproval() {
        Checkout c = aPaidCheckout();
        RequestRefund.Requested r = ok(requests.request(MYNA_KEY, c.id(), refund(100), null));
        assertFalse(r.replayed());
        assertEquals(RefundStatus.REQUESTED, r.refund().status());
        assertEquals(Principals.of(MYNA_KEY), r.refund().requestedBy());
        assertEquals(clock.instant(), r.refund().createdAt());
        assertEquals(r.refund(), repository.stored(c.id()).refunds().getFirst());
        assertEquals(200, repository.stored(c.id()).refundableAmount());
    }

    @Test
    void aKeyThatCannotSeeTheCheckoutGetsNotFound() {
        Checkout c = aPaidCheckout();
        rejected(Rejection.Code.NOT_FOUND, requests.request(SHINJUKU_KEY, c.id(), refund(100), null));
        rejected(Rejection.Code.NOT_FOUND, requests.request(SHINJUKU_OPERATOR, c.id(), refund(100), null));
        rejected(Rejection.Code.NOT_FOUND, requests.request(MYNA_KEY, "chk_nope", refund(100), null));
        assertTrue(repository.stored(c.id()).refunds().isEmpty());
    }

    @Test
    void invalidFieldsAreRefusedBeforeAnythingIsRead() {
        Checkout c = aPaidCheckout();
        var discretionary = new NewRefund(100, RefundReason.DISCRETIONARY, null, null, null, null, List.of());
        assertEquals("legalBasis", rejected(Rejection.Code.INVALID_REQUEST,
                requests.request(MYNA_KEY, c.id(), discretionary, null)).errors().getFirst().field());
        var mismatch = new NewRefund(100, RefundReason.OVERPAID, null, null, null, null,
                List.of(new NewRefund.LineShare(0, 0, 99)));
        assertEquals("lines", rejected(Rejection.Code.INVALID_REQUEST,
                requests.request(MYNA_KEY, c.id(), mismatch, null)).errors().getFirst().field());
        var longNote = new NewRefund(100, RefundReason.OVERPAID, null, "x".repeat(201), null, null, List.of());
        assertEquals("note", rejected(Rejection.Code.INVALID_REQUEST,
                requests.request(MYNA_KEY, c.id(), longNote, null)).errors().getFirst().field());
        assertEquals(0, repository.writes());
    }

    @Test
    void aRetryUnderTheSameKeyReplaysTheRefundEvenWhenNothingRemains() {
        Checkout c = aPaidCheckout();
        RequestRefund.Requested first = ok(requests.request(MYNA_KEY, c.id(), refund(300), "key-1"));
        RequestRefund.Requested again = ok(requests.request(MYNA_KEY, c.id(), refund(300), "key-1"));
        assertTrue(again.replayed());
        assertEquals(first.refund(), again.refund());
        assertEquals(1, repository.stored(c.id()).refunds().size());
    }

    @Test
    void aRetryThatWouldStillFitIsAReplayNotASecondRefund() {
        Checkout c = aPaidCheckout();
        ok(requests.request(MYNA_KEY, c.id(), refund(100), "key-1"));
        assertTrue(ok(requests.request(MYNA_KEY, c.id(), refund(100), "key-1")).replayed());
        assertEquals(1, repository.stored(c.id()).refunds().size());
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        Checkout c = aPaidCheckout();
        ok(requests.request(MYNA_KEY, c.id(), refund(100), "key-1"));
        rejected(Rejection.Code.IDEMPOTENCY_KEY_REUSED, requests.request(MYNA_KEY, c.id(), refund(101), "key-1"));
        rejected(Rejection.Code.IDEMPOTENCY_KEY_REUSED, requests.request(MYNA_KEY, c.id(), refund(300), "key-1"));
        assertEquals(1, repository.stored(c.id()).refunds().size());
    }

    @Test
    void keysAreOnePerPrincipalAndLapseAfter24Hours() {
        Checkout c = aPaidCheckout();
        ok(requests.request(MYNA_KEY, c.id(), refund(100), "key-1"));
        assertFalse(ok(requests.request(OPERATOR_KEY, c.id(), refund(100), "key-1")).replayed(), "another principal's key");
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        assertFalse(ok(requests.request(MYNA_KEY, c.id(), refund(100), "key-1")).replayed(), "the claim lapsed");
        assertEquals(3, repository.stored(c.id()).refunds().size());
    }

    @Test
    void aRefundStoredMeanwhileIsCountedBeforeTheGuardDecides() {
        Checkout c = aPaidCheckout();
        // between this request's read and its write, another request stores a refund of 250 yen
        repository.concurrently(stored -> ((jp.kokin.domain.checkout.Change.Changed) RefundRules.request(stored, refund(250),
                "key_other", RefundPolicy.DEFAULT, clock.instant())).checkout());
        Rejection r = rejected(Rejection.Code.REFUND_EXCEEDS_REFUNDABLE, requests.request(MYNA_KEY, c.id(), refund(100), null));
        assertEquals(50L, r.amounts().get("refundableAmount"));
        assertEquals(250, repository.stored(c.id()).refundHeld(c.payments().getFirst().id()));
    }

    @Test
    void anotherOperatorApprovesButNeverTheRequester() {
        Checkout c = aPaidCheckout();
        Refund asked = ok(requests.request(OPERATOR_KEY, c.id(), refund(100), null)).refund();
        rejected(Rejection.Code.SAME_PRINCIPAL, decisions.approve(OPERATOR_KEY, asked.id(), null));
        rejected(Rejection.Code.FORBIDDEN, decisions.approve(MYNA_KEY, asked.id(), null));
        rejected(Rejection.Code.NOT_FOUND, decisions.approve(SHINJUKU_OPERATOR, asked.id(), null));
        assertEquals(List.of(), handedOn, "nothing is sent before the second person approves");
        DecideRefund.Decided d = ok(decisions.approve(SECOND_OPERATOR, asked.id(), "checked the bank statement"));
        Refund stored = repository.stored(c.id()).refund(asked.id()).orElseThrow();
        assertEquals(RefundStatus.APPROVED, stored.status(), "stored approved before it is handed on");
        assertEquals(Principals.of(SECOND_OPERATOR), stored.approvedBy());
        assertEquals(List.of(asked.id()), handedOn);
        assertEquals(RefundStatus.SUBMITTED, d.refund().status(), "answered as it stands after the hand-on");
        ok(decisions.approve(SECOND_OPERATOR, asked.id(), null));
        assertEquals(List.of(asked.id(), asked.id()), handedOn, "a repeat while still approved hands it on again (same id)");
        rejected(Rejection.Code.INVALID_TRANSITION, decisions.reject(SECOND_OPERATOR, asked.id(), "too late"));
    }

    @Test
    void aRecordedDuplicatePaymentIsHandedOnAtOnceWhereTheCatalogSaysSo() {
        var catalog = TestCatalogs.aStandardCatalog().build();
        var orgs = new java.util.HashMap<>(catalog.organizations());
        var chiyoda = orgs.get(TestCatalogs.CHIYODA);
        orgs.put(TestCatalogs.CHIYODA, new jp.kokin.domain.catalog.Organization(chiyoda.code(), chiyoda.name(),
                chiyoda.bankAccount(), chiyoda.procedures(), chiyoda.methods(), new RefundPolicy(true, false)));
        var withPolicy = new jp.kokin.domain.catalog.Catalog(orgs, catalog.portals(), catalog.apiKeysByHash(),
                catalog.providers(), catalog.settlement(), catalog.methods());
        Checkout twice = RefundRulesTest.paidTwice();
        repository.put(twice);
        var policyRequests = new RequestRefund(() -> withPolicy, repository, submitted, clock);
        var duplicate = new NewRefund(300, RefundReason.DUPLICATE, twice.payments().get(1).id(), null, null, null, List.of());
        Refund r = ok(policyRequests.request(MYNA_KEY, twice.id(), duplicate, null)).refund();
        assertEquals(List.of(r.id()), handedOn);
        assertEquals(Principals.CATALOG_POLICY, repository.stored(twice.id()).refund(r.id()).orElseThrow().approvedBy());
        Refund paying = ok(policyRequests.request(MYNA_KEY, twice.id(), new NewRefund(300, RefundReason.DUPLICATE, null, null,
                null, null, List.of()), null)).refund();
        assertEquals(RefundStatus.REQUESTED, paying.status(), "the paying payment waits for a second person");
        assertEquals(List.of(r.id()), handedOn);
    }

    @Test
    void aRejectionNeedsItsReasonAndGivesTheMoneyBackToTheRefundable() {
        Checkout c = aPaidCheckout();
        Refund asked = ok(requests.request(MYNA_KEY, c.id(), refund(300), null)).refund();
        assertEquals("reason", rejected(Rejection.Code.INVALID_REQUEST, decisions.reject(OPERATOR_KEY, asked.id(), null))
                .errors().getFirst().field());
        assertEquals(RefundStatus.REJECTED, ok(decisions.reject(OPERATOR_KEY, asked.id(), "not overpaid")).refund().status());
        assertEquals(300, repository.stored(c.id()).refundableAmount());
    }

    @Test
    void refundsAreFoundOnlyByKeysThatSeeTheirCheckout() {
        Checkout c = aPaidCheckout();
        Refund asked = ok(requests.request(MYNA_KEY, c.id(), refund(100), null)).refund();
        assertEquals(asked, find.byId(MYNA_KEY, asked.id()).orElseThrow().refund());
        assertEquals(asked, find.byId(OPERATOR_KEY, asked.id()).orElseThrow().refund());
        assertTrue(find.byId(SHINJUKU_KEY, asked.id()).isEmpty());
        assertTrue(find.byId(MYNA_KEY, "rfd_garbage").isEmpty());
        assertTrue(find.byId(MYNA_KEY, asked.id().replace("_1", "_2")).isEmpty());
        assertEquals(List.of(asked), find.ofCheckout(MYNA_KEY, c.id()).orElseThrow().refunds());
    }
}
