package jp.kokin.domain.checkout;

import static jp.kokin.domain.checkout.TestCatalogs.CHIYODA;
import static jp.kokin.domain.checkout.TestCatalogs.JUMINHYO;
import static jp.kokin.domain.checkout.TestCatalogs.KOSEKI;
import static jp.kokin.domain.checkout.TestCatalogs.MYNA;
import static jp.kokin.domain.checkout.TestCatalogs.MYNA_KEY;
import static jp.kokin.domain.checkout.TestCatalogs.OPERATOR_KEY;
import static jp.kokin.domain.checkout.TestCatalogs.PASSPORT;
import static jp.kokin.domain.checkout.TestCatalogs.RETURN_URL;
import static jp.kokin.domain.checkout.TestCatalogs.SHINJUKU;
import static jp.kokin.domain.checkout.TestCatalogs.SHINJUKU_KEY;
import static jp.kokin.domain.checkout.TestCatalogs.SHINJUKU_PORTAL;
import static jp.kokin.domain.checkout.TestCatalogs.TOKYO;
import static jp.kokin.domain.checkout.TestCheckouts.CREATED_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.provider.Callbacks;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.receipt.RecordingReceiptDue;

/** The checkout use cases over the in-memory repository and recording providers. */
class CheckoutUseCasesTest {

    private final TestClock clock = new TestClock(CREATED_AT);
    private final InMemoryCheckoutRepository repository = new InMemoryCheckoutRepository();
    private final RecordingPaymentProvider paypay = new RecordingPaymentProvider("paypay");
    private final RecordingPaymentProvider sandbox = new RecordingPaymentProvider("sandbox");
    private final Providers providers = new Providers() {
        @Override
        public Optional<PaymentProvider> forMethod(String organizationCode, PaymentMethod method) {
            return Optional.of(method == PaymentMethod.PAYPAY ? paypay : sandbox);
        }

        @Override
        public Optional<PaymentProvider> named(String name) {
            return Optional.ofNullable(name.equals("paypay") ? paypay : name.equals("sandbox") ? sandbox : null);
        }
    };
    private final RecordingReceiptDue receiptDue = new RecordingReceiptDue();
    private final CreateCheckout creation = new CreateCheckout(TestCatalogs::standard, repository, clock);
    private final FindCheckout find = new FindCheckout(repository);
    private final CancelCheckout cancellation = new CancelCheckout(repository, clock);
    private final StartPayment starts = new StartPayment(repository, providers, clock);
    private final RecordPayment recording = new RecordPayment(repository, receiptDue, clock);
    private final ConfirmPayment confirmation = new ConfirmPayment(repository, providers, recording, clock);
    private final ReconcilePayments janitor = new ReconcilePayments(repository, providers, recording, clock);

    private static Callbacks callbacks(Payment payment) {
        return new Callbacks("https://kokin.example.jp", RETURN_URL, RETURN_URL, "https://kokin.example.jp/webhooks/" + payment.provider());
    }

    // ---- fixtures ------------------------------------------------------------------------------

    static RequestBuilder aRequest() {
        return new RequestBuilder();
    }

    static final class RequestBuilder {
        private String organizationCode = CHIYODA;
        private final List<NewCheckout.Item> items = new ArrayList<>();
        private String reference = "APP-0001";
        private String returnUrl = RETURN_URL;
        private Language language = Language.JA;
        private final List<PaymentMethod> methods = new ArrayList<>();
        private int expiresInMinutes = 60;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        RequestBuilder forOrganization(String code) {
            this.organizationCode = code;
            return this;
        }

        RequestBuilder withItem(String procedureCode, int quantity) {
            items.add(new NewCheckout.Item(procedureCode, quantity));
            return this;
        }

        RequestBuilder withReference(String value) {
            this.reference = value;
            return this;
        }

        RequestBuilder withReturnUrl(String url) {
            this.returnUrl = url;
            return this;
        }

        RequestBuilder offering(PaymentMethod... offered) {
            methods.addAll(List.of(offered));
            return this;
        }

        RequestBuilder expiringInMinutes(int minutes) {
            this.expiresInMinutes = minutes;
            return this;
        }

        RequestBuilder withMetadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        NewCheckout build() {
            return new NewCheckout(organizationCode, items, reference, returnUrl, language, methods,
                    expiresInMinutes, metadata);
        }
    }

    private static NewCheckout aJuminhyoRequest() {
        return aRequest().withItem(JUMINHYO, 1).build();
    }

    private static <T> T ok(Result<T> result) {
        if (result instanceof Result.Ok<T> ok) {
            return ok.value();
        }
        throw new AssertionError("expected success but got " + result);
    }

    private static Rejection rejected(String code, Result<?> result) {
        Result.Err<?> err = assertInstanceOf(Result.Err.class, result, () -> "expected " + code + " but got " + result);
        assertEquals(code, err.rejection().code(), err.rejection().detail());
        return err.rejection();
    }

    private static Set<String> fieldsAndCodes(Rejection rejection) {
        return rejection.errors().stream().map(e -> e.field() + ":" + e.code()).collect(Collectors.toSet());
    }

    /** What the hosted page does: read the stored checkout, start an attempt on it. */
    private Result<StartPayment.Outcome.Started> startPayment(String checkoutId, PaymentMethod method) {
        return started(starts.start(repository.stored(checkoutId), method, CheckoutUseCasesTest::callbacks));
    }

    /** A start as a result: started, or the rejection it was not started with. */
    private static Result<StartPayment.Outcome.Started> started(StartPayment.Outcome outcome) {
        return switch (outcome) {
            case StartPayment.Outcome.Started started -> Result.ok(started);
            case StartPayment.Outcome.Refused refused -> new Result.Err<>(refused.rejection());
            case StartPayment.Outcome.ProviderUnavailable unavailable -> new Result.Err<>(unavailable.rejection());
        };
    }

    /** A recording as a result: recorded, or the rejection it was not recorded with. */
    private static Result<RecordOutcome.Recorded> result(RecordOutcome outcome) {
        return switch (outcome) {
            case RecordOutcome.Recorded recorded -> Result.ok(recorded);
            case RecordOutcome.NotRecorded notRecorded -> new Result.Err<>(notRecorded.rejection());
        };
    }

    private static Rejection rejected(String code, RecordOutcome outcome) {
        return rejected(code, result(outcome));
    }

    private Checkout aStoredCheckout() {
        return ok(creation.create(MYNA_KEY, aJuminhyoRequest(), null)).checkout();
    }

    private Checkout aStoredCheckoutWithAttempts(PaymentMethod... methods) {
        Checkout checkout = aStoredCheckout();
        for (PaymentMethod method : methods) {
            ok(startPayment(checkout.id(), method));
        }
        return repository.stored(checkout.id());
    }

    // ---- create --------------------------------------------------------------------------------

    @Nested
    class Create {

        @Test
        void aValidRequestStoresANewCheckoutPricedFromTheCatalog() {
            NewCheckout request = aRequest().forOrganization(TOKYO).withItem(PASSPORT, 2).expiringInMinutes(30).build();

            CreateCheckout.Created created = ok(creation.create(MYNA_KEY, request, null));

            Checkout checkout = created.checkout();
            assertFalse(created.replayed());
            assertTrue(CheckoutIds.isCheckoutId(checkout.id()), checkout.id());
            assertEquals(CheckoutStatus.CREATED, checkout.status());
            assertEquals(TOKYO, checkout.organizationCode());
            assertEquals(MYNA, checkout.portalId(), "the portal is the caller's, not the request's");
            assertEquals(2 * 16000, checkout.amount());
            assertEquals(CREATED_AT, checkout.createdAt());
            assertEquals(CREATED_AT.plus(Duration.ofMinutes(30)), checkout.expiresAt());
            assertEquals(checkout, repository.stored(checkout.id()));
        }

        @Test
        void invalidFieldsAreAllReportedWithTheirPathsAndNothingIsStored() {
            NewCheckout request = aRequest()
                    .withItem(JUMINHYO, 0)
                    .withItem(" ", 100)
                    .withReference("")
                    .withReturnUrl(" ")
                    .expiringInMinutes(4)
                    .withMetadata("k".repeat(41), "v")
                    .build();

            Rejection rejection = rejected("invalid_request", creation.create(MYNA_KEY, request, "key-1"));

            assertEquals(Set.of(
                    "items[0].quantity:out_of_range",
                    "items[1].procedureCode:required",
                    "items[1].quantity:out_of_range",
                    "reference:invalid_length",
                    "returnUrl:required",
                    "expiresInMinutes:out_of_range",
                    "metadata." + "k".repeat(40) + "…:invalid_length"), fieldsAndCodes(rejection)); // a long key is quoted cut
            assertEquals(0, repository.checkoutCount());
        }

        @Test
        void aRequestWithoutItemsIsInvalid() {
            Rejection rejection = rejected("invalid_request", creation.create(MYNA_KEY, aRequest().build(), null));
            assertEquals(Set.of("items:required"), fieldsAndCodes(rejection));
        }

        @Test
        void moreThanFifteenMetadataPairsAreInvalid() {
            RequestBuilder request = aRequest().withItem(JUMINHYO, 1);
            for (int i = 0; i < 16; i++) {
                request.withMetadata("key" + i, "value");
            }
            Rejection rejection = rejected("invalid_request", creation.create(MYNA_KEY, request.build(), null));
            assertEquals(Set.of("metadata:too_many"), fieldsAndCodes(rejection));
        }

        @Test
        void anOrganizationCodeWithAWrongCheckDigitIsRefusedWithTheReason() {
            NewCheckout request = aRequest().forOrganization("131017").withItem(JUMINHYO, 1).build();

            Rejection rejection = rejected("invalid_organization_code", creation.create(MYNA_KEY, request, null));

            assertEquals(Set.of("organizationCode:invalid_organization_code"), fieldsAndCodes(rejection));
            assertTrue(rejection.detail().contains("check digit of 131017 should be 6"), rejection.detail());
            assertEquals(rejection.detail(), rejection.errors().getFirst().message());
        }

        @Test
        void anOrganizationNotInTheCatalogIsUnknown() {
            NewCheckout minato = aRequest().forOrganization("131032").withItem(JUMINHYO, 1).build();
            rejected("unknown_organization", creation.create(MYNA_KEY, minato, null));
        }

        @Test
        void anOrganizationTheKeyMayNotActForIsUnknownToIt() {
            rejected("unknown_organization", creation.create(SHINJUKU_KEY, aJuminhyoRequest(), null));
            assertEquals(0, repository.checkoutCount());
        }

        @Test
        void aProcedureTheOrganizationDoesNotOfferIsUnknownWithItsItemPath() {
            NewCheckout request = aRequest().withItem(JUMINHYO, 1).withItem(PASSPORT, 1).build();

            Rejection rejection = rejected("unknown_procedure", creation.create(MYNA_KEY, request, null));

            assertEquals(Set.of("items[1].procedureCode:unknown_procedure"), fieldsAndCodes(rejection));
            assertEquals(0, repository.checkoutCount());
        }

        @Test
        void aReturnUrlOutsideThePortalsPrefixesIsNotAllowed() {
            for (String url : List.of("https://evil.example.jp/applications/1",
                    "https://portal.example.jp.evil.example/applications/1",
                    "https://shinsei.city.shinjuku.example.jp/other-portals-page")) {
                Rejection rejection = rejected("invalid_request",
                        creation.create(MYNA_KEY, aRequest().withItem(JUMINHYO, 1).withReturnUrl(url).build(), null));
                assertEquals(Set.of("returnUrl:return_url_not_allowed"), fieldsAndCodes(rejection), url);
            }
            // plain http to a public host is no return URL at all, whatever the prefixes
            Rejection http = rejected("invalid_request", creation.create(MYNA_KEY, aRequest().withItem(JUMINHYO, 1)
                    .withReturnUrl("http://portal.example.jp/applications/1").build(), null));
            assertEquals(Set.of("returnUrl:invalid_url"), fieldsAndCodes(http));
            assertEquals(0, repository.checkoutCount());
        }

        @Test
        void anyOfThePortalsPrefixesIsAllowed() {
            NewCheckout staging = aRequest().withItem(JUMINHYO, 1)
                    .withReturnUrl("https://staging.portal.example.jp/applications/9").build();
            ok(creation.create(MYNA_KEY, staging, null));
        }

        @Test
        void anOperatorKeyCannotCreateCheckouts() {
            rejected("forbidden", creation.create(OPERATOR_KEY, aJuminhyoRequest(), null));
            assertEquals(0, repository.checkoutCount());
        }

        @Test
        void aKeyScopedToOneOrganizationCreatesForIt() {
            NewCheckout request = aRequest().forOrganization(SHINJUKU).withItem(JUMINHYO, 1)
                    .withReturnUrl("https://shinsei.city.shinjuku.example.jp/done").build();
            Checkout checkout = ok(creation.create(SHINJUKU_KEY, request, null)).checkout();
            assertEquals(SHINJUKU_PORTAL, checkout.portalId());
            assertEquals(300, checkout.amount());
        }
    }

    // ---- idempotency ---------------------------------------------------------------------------

    @Nested
    class Idempotency {

        @Test
        void theSameKeyAndBodyReplaysTheSameCheckout() {
            Checkout first = ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42")).checkout();
            clock.advance(Duration.ofMinutes(3));

            CreateCheckout.Created again = ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42"));

            assertTrue(again.replayed());
            assertEquals(first, again.checkout());
            assertEquals(1, repository.checkoutCount());
        }

        @Test
        void aReplayShowsTheCheckoutAsItIsNow() {
            Checkout first = ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42")).checkout();
            ok(startPayment(first.id(), PaymentMethod.PAYPAY));

            Checkout replayed = ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42")).checkout();

            assertEquals(CheckoutStatus.PENDING, replayed.status());
        }

        @Test
        void theSameKeyWithAnotherBodyIsRefused() {
            ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42"));

            NewCheckout other = aRequest().withItem(JUMINHYO, 2).build();
            rejected("idempotency_key_reused", creation.create(MYNA_KEY, other, "order-42"));
            assertEquals(1, repository.checkoutCount());
        }

        @Test
        void theOrderOfMetadataDoesNotChangeTheRequest() {
            NewCheckout ab = aRequest().withItem(JUMINHYO, 1).withMetadata("a", "1").withMetadata("b", "2").build();
            NewCheckout ba = aRequest().withItem(JUMINHYO, 1).withMetadata("b", "2").withMetadata("a", "1").build();
            assertEquals(CreateCheckout.fingerprint(ab), CreateCheckout.fingerprint(ba));

            Checkout first = ok(creation.create(MYNA_KEY, ab, "order-42")).checkout();
            CreateCheckout.Created again = ok(creation.create(MYNA_KEY, ba, "order-42"));
            assertTrue(again.replayed());
            assertEquals(first.id(), again.checkout().id());
        }

        @Test
        void metadataThatOnlyLooksAlikeWhenPrintedIsAnotherRequest() {
            NewCheckout twoPairs = aRequest().withItem(JUMINHYO, 1).withMetadata("a", "1").withMetadata("b", "2").build();
            NewCheckout onePair = aRequest().withItem(JUMINHYO, 1).withMetadata("a", "1, b=2").build();
            assertNotEquals(CreateCheckout.fingerprint(twoPairs), CreateCheckout.fingerprint(onePair));

            ok(creation.create(MYNA_KEY, twoPairs, "order-42"));
            rejected("idempotency_key_reused", creation.create(MYNA_KEY, onePair, "order-42"));
        }

        @Test
        void fieldsThatOnlyLookAlikeWhenJoinedAreAnotherRequest() {
            NewCheckout a = aRequest().withItem(JUMINHYO, 1).withReference("A\u0000" + RETURN_URL)
                    .withReturnUrl(RETURN_URL + "\u0000x").build();
            NewCheckout b = aRequest().withItem(JUMINHYO, 1).withReference("A")
                    .withReturnUrl(RETURN_URL + "\u0000" + RETURN_URL + "\u0000x").build();
            assertNotEquals(CreateCheckout.fingerprint(a), CreateCheckout.fingerprint(b));
        }

        @Test
        void eachFieldOfTheRequestIsPartOfItsFingerprint() {
            String base = CreateCheckout.fingerprint(aJuminhyoRequest());
            for (NewCheckout changed : List.of(
                    aRequest().forOrganization(SHINJUKU).withItem(JUMINHYO, 1).build(),
                    aRequest().withItem(KOSEKI, 1).build(),
                    aRequest().withItem(JUMINHYO, 1).withReference("APP-0002").build(),
                    aRequest().withItem(JUMINHYO, 1).withReturnUrl(RETURN_URL + "?x").build(),
                    aRequest().withItem(JUMINHYO, 1).offering(PaymentMethod.CARD).build(),
                    aRequest().withItem(JUMINHYO, 1).expiringInMinutes(61).build(),
                    aRequest().withItem(JUMINHYO, 1).withMetadata("a", "1").build())) {
                assertNotEquals(base, CreateCheckout.fingerprint(changed), changed.toString());
            }
        }

        @Test
        void keysAreThePortalsOwnSoAnotherPortalMayUseTheSameKey() {
            Checkout mine = ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42")).checkout();
            NewCheckout shinjuku = aRequest().forOrganization(SHINJUKU).withItem(JUMINHYO, 1)
                    .withReturnUrl("https://shinsei.city.shinjuku.example.jp/done").build();

            CreateCheckout.Created theirs = ok(creation.create(SHINJUKU_KEY, shinjuku, "order-42"));

            assertFalse(theirs.replayed());
            assertNotEquals(mine.id(), theirs.checkout().id());
        }

        @Test
        void withoutAKeyEveryRequestCreatesACheckout() {
            ok(creation.create(MYNA_KEY, aJuminhyoRequest(), null));
            ok(creation.create(MYNA_KEY, aJuminhyoRequest(), null));
            assertEquals(2, repository.checkoutCount());
        }

        @Test
        void aKeyMayBeUsedAgainAfterTwentyFourHours() {
            Checkout first = ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42")).checkout();
            clock.advance(CreateCheckout.IDEMPOTENCY_WINDOW);

            CreateCheckout.Created later = ok(creation.create(MYNA_KEY, aRequest().withItem(KOSEKI, 1).build(),
                    "order-42"));

            assertFalse(later.replayed());
            assertNotEquals(first.id(), later.checkout().id());
        }
    }

    // ---- get and cancel ------------------------------------------------------------------------

    @Nested
    class GetAndCancel {

        @Test
        void aKeySeesCheckoutsOfItsOrganizationsOnly() {
            Checkout chiyoda = aStoredCheckout();
            assertEquals(Optional.of(chiyoda), find.forPortal(MYNA_KEY, chiyoda.id()));
            assertEquals(Optional.of(chiyoda), find.forPortal(OPERATOR_KEY, chiyoda.id()));
            assertEquals(Optional.empty(), find.forPortal(SHINJUKU_KEY, chiyoda.id()));
        }

        @Test
        void malformedAndUnknownIdsAreNotFound() {
            assertEquals(Optional.empty(), find.forPortal(MYNA_KEY, "chk_../../etc"));
            assertEquals(Optional.empty(), find.forPortal(MYNA_KEY, CheckoutIds.newCheckoutId()));
            assertEquals(Optional.empty(), find.forCitizen("pay_x"));
        }

        @Test
        void theCitizenPageFindsAnyCheckoutByItsId() {
            Checkout chiyoda = aStoredCheckout();
            assertEquals(Optional.of(chiyoda), find.forCitizen(chiyoda.id()));
        }

        @Test
        void cancelingACreatedCheckoutStoresItCanceled() {
            Checkout checkout = aStoredCheckout();

            Checkout canceled = ok(cancellation.cancel(MYNA_KEY, checkout.id()));

            assertEquals(CheckoutStatus.CANCELED, canceled.status());
            assertEquals(CheckoutStatus.CANCELED, repository.stored(checkout.id()).status());
            assertEquals(checkout.version() + 1, repository.stored(checkout.id()).version());
        }

        @Test
        void aKeyCannotCancelAnotherOrganizationsCheckout() {
            Checkout checkout = aStoredCheckout();
            rejected("not_found", cancellation.cancel(SHINJUKU_KEY, checkout.id()));
            assertEquals(checkout, repository.stored(checkout.id()));
        }

        @Test
        void aCheckoutWithAnAttemptUnderWayCannotBeCanceled() {
            Checkout pending = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            rejected("checkout_not_cancelable", cancellation.cancel(MYNA_KEY, pending.id()));
            assertEquals(pending, repository.stored(pending.id()));
        }

        @Test
        void cancelingTwiceIsRefusedWithoutWriting() {
            Checkout checkout = aStoredCheckout();
            ok(cancellation.cancel(MYNA_KEY, checkout.id()));
            int writes = repository.writes();

            rejected("checkout_not_cancelable", cancellation.cancel(MYNA_KEY, checkout.id()));
            assertEquals(writes, repository.writes());
        }

        @Test
        void aCancelRetriesWhenAnotherWriterWasFirst() {
            Checkout checkout = aStoredCheckout();
            repository.concurrently(c -> c);

            ok(cancellation.cancel(MYNA_KEY, checkout.id()));

            assertEquals(CheckoutStatus.CANCELED, repository.stored(checkout.id()).status());
            assertEquals(2, repository.stored(checkout.id()).version());
        }
    }

    // ---- startPayment --------------------------------------------------------------------------

    @Nested
    class StartAPayment {

        @Test
        void startingAPaymentCreatesTheAttemptAtTheProviderAndStoresItPending() {
            Checkout checkout = aStoredCheckout();
            clock.advance(Duration.ofMinutes(2));

            StartPayment.Outcome.Started started = ok(startPayment(checkout.id(), PaymentMethod.PAYPAY));

            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            assertEquals(List.of(new RecordingPaymentProvider.StartCall(checkout.id(), paymentId, 300, RETURN_URL)),
                    paypay.started);
            assertEquals(new jp.kokin.domain.provider.ProviderSession.Redirect.Get(paypay.redirectUrl(paymentId)),
                    started.redirect());
            Checkout stored = repository.stored(checkout.id());
            assertEquals(CheckoutStatus.PENDING, stored.status());
            Payment payment = stored.payment(paymentId).orElseThrow();
            assertEquals(started.payment(), payment);
            assertEquals(PaymentStatus.PENDING, payment.status());
            assertEquals("paypay", payment.provider());
            assertEquals(RecordingPaymentProvider.providerPaymentId(paymentId), payment.providerPaymentId());
            assertEquals(clock.instant(), payment.createdAt());
        }

        @Test
        void a_provider_payment_id_at_the_limit_is_stored_and_a_longer_one_fails_the_attempt_unstored() {
            Checkout checkout = aStoredCheckout();
            String atLimit = "i".repeat(CheckoutLimits.MAX_PROVIDER_PAYMENT_ID);
            paypay.givesPaymentId(atLimit);
            ok(startPayment(checkout.id(), PaymentMethod.PAYPAY));
            assertEquals(atLimit, repository.stored(checkout.id()).payments().getFirst().providerPaymentId());

            paypay.givesPaymentId(atLimit + "i");
            var refused = startPayment(checkout.id(), PaymentMethod.PAYPAY);
            assertEquals("provider_unavailable", ((Result.Err<StartPayment.Outcome.Started>) refused).rejection().code());
            Payment second = repository.stored(checkout.id()).payments().get(1);
            assertEquals(PaymentStatus.FAILED, second.status());
            assertEquals(null, second.providerPaymentId(), "never stored");
        }

        @Test
        void anotherAttemptCancelsTheSupersededOneAtItsProviderAndRecordsItCanceled() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String first = CheckoutIds.paymentId(checkout.id(), 1);
            String second = CheckoutIds.paymentId(checkout.id(), 2);

            ok(startPayment(checkout.id(), PaymentMethod.CARD));

            assertEquals(List.of(first), paypay.canceled, "canceled at the provider that has it");
            assertEquals(List.of(), sandbox.canceled);
            Checkout stored = repository.stored(checkout.id());
            assertEquals(CheckoutStatus.PENDING, stored.status());
            assertEquals(PaymentStatus.CANCELED, stored.payment(first).orElseThrow().status());
            assertEquals(PaymentStatus.PENDING, stored.payment(second).orElseThrow().status());
        }

        @Test
        void anAttemptTheProviderCannotCancelStaysPendingSoItsOutcomeIsStillRecorded() {
            paypay.cannotCancel();
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY, PaymentMethod.CARD);

            assertEquals(List.of(PaymentStatus.PENDING, PaymentStatus.PENDING),
                    checkout.payments().stream().map(Payment::status).toList());

            Recorded recorded = recorded(recording.event("paypay", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 300, clock.instant()));
            assertTrue(recorded.becamePaid());
        }

        @Test
        void theAttemptIsStoredBeforeTheProviderIsCalledAndFailsWhenTheProviderCannotBeReached() {
            Checkout checkout = aStoredCheckout();
            paypay.down();

            rejected("provider_unavailable", startPayment(checkout.id(), PaymentMethod.PAYPAY));

            Checkout stored = repository.stored(checkout.id());
            Payment attempt = stored.payments().getFirst();
            assertEquals(PaymentStatus.FAILED, attempt.status(), "the citizen never got the provider's page");
            assertEquals(null, attempt.providerPaymentId());
            assertEquals(CheckoutStatus.CREATED, stored.status(), "the checkout can be paid again");
            paypay.up();
            ok(startPayment(checkout.id(), PaymentMethod.PAYPAY));
        }

        @Test
        void aProviderFailureLeavesTheEarlierAttemptAlone() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.CARD);
            paypay.down();

            rejected("provider_unavailable", startPayment(checkout.id(), PaymentMethod.PAYPAY));

            assertEquals(List.of(), sandbox.canceled);
            Checkout stored = repository.stored(checkout.id());
            assertEquals(PaymentStatus.PENDING, stored.payments().getFirst().status());
            assertEquals(CheckoutStatus.PENDING, stored.status());
        }

        @Test
        void aRefusedStartNeverReachesTheProvider() {
            Checkout cardOnly = ok(creation.create(MYNA_KEY, aRequest().withItem(JUMINHYO, 1)
                    .offering(PaymentMethod.CARD).build(), null)).checkout();

            rejected("method_not_offered", startPayment(cardOnly.id(), PaymentMethod.PAYPAY));

            assertEquals(List.of(), paypay.started);
        }

        @Test
        void anExpiredCheckoutIsNotPayable() {
            Checkout checkout = aStoredCheckout();
            clock.set(checkout.expiresAt());
            rejected("checkout_not_payable", startPayment(checkout.id(), PaymentMethod.PAYPAY));
            assertEquals(List.of(), paypay.started);
        }

        @Test
        void anUnknownCheckoutIsNotFound() {
            // what the page read is not (or no longer) stored: the attempt cannot be stored either
            Checkout neverStored = TestCheckouts.aCheckout().withId(CheckoutIds.newCheckoutId()).build();

            rejected("not_found", started(starts.start(neverStored, PaymentMethod.PAYPAY, CheckoutUseCasesTest::callbacks)));

            assertEquals(Optional.empty(), find.forCitizen(neverStored.id()));
            assertEquals(List.of(), paypay.started);
        }

        @Test
        void aStartRetriesWhenAnotherWriterWasFirst() {
            Checkout checkout = aStoredCheckout();
            repository.concurrently(c -> c);

            StartPayment.Outcome.Started started = ok(startPayment(checkout.id(), PaymentMethod.PAYPAY));

            Checkout stored = repository.stored(checkout.id());
            assertEquals(List.of(started.payment()), stored.payments());
            assertEquals(3, stored.version(), "the concurrent write, the attempt, its provider id");
        }
    }

    // ---- recordPaymentEvent --------------------------------------------------------------------

    private record Recorded(Checkout checkout, boolean changed, boolean becamePaid) {}

    private static Recorded recorded(RecordOutcome outcome) {
        RecordOutcome.Recorded r = ok(result(outcome));
        return new Recorded(r.checkout(), r.changed(), r.becamePaid());
    }

    @Nested
    class RecordPaymentEvent {

        @Test
        void aSuccessIsStoredAsPaidAtTheProvidersTime() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            Instant completed = CREATED_AT.plus(Duration.ofMinutes(4));
            clock.set(completed.plusSeconds(20));

            Recorded recorded = recorded(recording.event("paypay", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 300, completed));

            assertTrue(recorded.changed());
            assertTrue(recorded.becamePaid());
            Checkout stored = repository.stored(checkout.id());
            assertEquals(CheckoutStatus.PAID, stored.status());
            assertEquals(completed, stored.paidAt());
            assertEquals(recorded.checkout().atVersion(stored.version()), stored);
        }

        @Test
        void onlyTheWriteThatMakesTheCheckoutPaidSaysThatItsReceiptIsDue() {
            paypay.cannotCancel();
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY, PaymentMethod.CARD);
            String first = CheckoutIds.paymentId(checkout.id(), 1);
            String second = CheckoutIds.paymentId(checkout.id(), 2);

            recorded(recording.event("sandbox", second, PaymentEvent.SUCCEEDED, 300, clock.instant()));
            assertEquals(List.of(checkout.id()), receiptDue.due(), "paid: the receipt is due");

            recorded(recording.event("sandbox", second, PaymentEvent.SUCCEEDED, 300, clock.instant()));
            recorded(recording.event("paypay", first, PaymentEvent.SUCCEEDED, 300, clock.instant()));
            assertEquals(List.of(checkout.id()), receiptDue.due(), "a repeat and a duplicate payment ask for nothing more");
        }

        @Test
        void aRefusedReportSaysNoReceiptIsDue() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            rejected("amount_mismatch", recording.event("paypay", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 30, clock.instant()));
            assertEquals(List.of(), receiptDue.due());
        }

        @Test
        void aRepeatedReportIsAcknowledgedWithoutWriting() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            recorded(recording.event("paypay", paymentId, PaymentEvent.SUCCEEDED, 300, clock.instant()));
            int writes = repository.writes();

            Recorded repeat = recorded(recording.event("paypay", paymentId, PaymentEvent.SUCCEEDED, 300,
                    clock.instant()));

            assertFalse(repeat.changed());
            assertFalse(repeat.becamePaid());
            assertEquals(writes, repository.writes());
        }

        @Test
        void aPaymentIdThatIsNotOursIsUnknown() {
            rejected("unknown_payment", recording.event("sandbox", "pi_3NxYZ", PaymentEvent.SUCCEEDED, 300,
                    clock.instant()));
            rejected("unknown_payment", recording.event("sandbox", null, PaymentEvent.SUCCEEDED, 300,
                    clock.instant()));
        }

        @Test
        void aPaymentIdOfNoStoredCheckoutIsUnknown() {
            String orphan = CheckoutIds.paymentId(CheckoutIds.newCheckoutId(), 1);
            rejected("unknown_payment", recording.event("sandbox", orphan, PaymentEvent.SUCCEEDED, 300,
                    clock.instant()));
        }

        @Test
        void anAttemptTheCheckoutNeverHadIsUnknown() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            rejected("unknown_payment", recording.event("sandbox", CheckoutIds.paymentId(checkout.id(), 2),
                    PaymentEvent.SUCCEEDED, 300, clock.instant()));
            assertEquals(checkout, repository.stored(checkout.id()));
        }

        @Test
        void aProviderCannotReportOnAnotherProvidersPayment() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            rejected("unknown_payment", recording.event("sandbox", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 300, clock.instant()));
            assertEquals(CheckoutStatus.PENDING, repository.stored(checkout.id()).status());
        }

        @Test
        void aSuccessForAnotherAmountIsRefusedAndNothingIsStored() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            rejected("amount_mismatch", recording.event("paypay", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 30, clock.instant()));
            assertEquals(checkout, repository.stored(checkout.id()));
        }

        @Test
        void aSecondSuccessIsStoredAsADuplicate() {
            paypay.cannotCancel();
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY, PaymentMethod.CARD);
            Instant first = clock.instant();
            recorded(recording.event("sandbox", CheckoutIds.paymentId(checkout.id(), 2), PaymentEvent.SUCCEEDED, 300,
                    first));
            clock.advance(Duration.ofMinutes(1));

            Recorded duplicate = recorded(recording.event("paypay", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 300, clock.instant()));

            assertTrue(duplicate.changed());
            assertFalse(duplicate.becamePaid());
            Checkout stored = repository.stored(checkout.id());
            assertTrue(stored.payment(CheckoutIds.paymentId(checkout.id(), 1)).orElseThrow().duplicatePayment());
            assertEquals(first, stored.paidAt());
        }

        @Test
        void aReportRetriesOnAConcurrentWriteAndKeepsTheOtherWritersChange() {
            paypay.cannotCancel();
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY, PaymentMethod.CARD);
            String first = CheckoutIds.paymentId(checkout.id(), 1);
            String second = CheckoutIds.paymentId(checkout.id(), 2);
            Instant now = clock.instant();
            repository.concurrently(c -> TestCheckouts.changed(
                    c.applyPaymentEvent(first, PaymentEvent.FAILED, 0, now, now)).checkout());

            Recorded recorded = recorded(recording.event("sandbox", second, PaymentEvent.SUCCEEDED, 300, now));

            assertTrue(recorded.becamePaid());
            Checkout stored = repository.stored(checkout.id());
            assertEquals(CheckoutStatus.PAID, stored.status());
            assertEquals(PaymentStatus.FAILED, stored.payment(first).orElseThrow().status(),
                    "the other writer's change survives: the retry re-read the checkout");
            assertEquals(PaymentStatus.SUCCEEDED, stored.payment(second).orElseThrow().status());
            assertEquals(checkout.version() + 2, stored.version());
        }

        @Test
        void aReportThatLosesEveryRaceIsAConflictForTheProviderToRetry() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            for (int i = 0; i < 5; i++) {
                repository.concurrently(c -> c);
            }
            rejected("conflict", recording.event("paypay", CheckoutIds.paymentId(checkout.id(), 1),
                    PaymentEvent.SUCCEEDED, 300, clock.instant()));
            assertEquals(CheckoutStatus.PENDING, repository.stored(checkout.id()).status());
        }
    }

    // ---- confirm and reconcile (the janitor) -------------------------------------------------------

    @Nested
    class ConfirmAndReconcile {

        private final Duration minAge = Duration.ofMinutes(3);
        private final Duration grace = Duration.ofMinutes(10);

        @Test
        void aHintIsConfirmedByAskingTheProviderAndRecordingItsAnswer() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            Instant paidAt = clock.instant().plusSeconds(40);
            paypay.knows(paymentId, new ProviderStatus.Succeeded(300, paidAt));

            Recorded recorded = recorded(confirmation.confirm("paypay", paymentId));

            assertTrue(recorded.becamePaid());
            assertEquals(paidAt, repository.stored(checkout.id()).paidAt());
            assertEquals(List.of(paymentId), paypay.queried);
        }

        @Test
        void aPaymentConfirmedByAskingOrByTheJanitorHasItsReceiptDueOnce() {
            Checkout confirmed = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            Checkout reconciled = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            paypay.knows(CheckoutIds.paymentId(confirmed.id(), 1), new ProviderStatus.Succeeded(300, clock.instant()));
            paypay.knows(CheckoutIds.paymentId(reconciled.id(), 1), new ProviderStatus.Succeeded(300, clock.instant()));
            clock.advance(minAge);

            assertTrue(recorded(confirmation.confirm("paypay", CheckoutIds.paymentId(confirmed.id(), 1))).becamePaid());
            assertTrue(janitor.reconcile(repository.stored(reconciled.id()), minAge, grace).getFirst().becamePaid());
            recorded(confirmation.confirm("paypay", CheckoutIds.paymentId(confirmed.id(), 1))); // already paid: not asked

            assertEquals(List.of(confirmed.id(), reconciled.id()), receiptDue.due());
        }

        @Test
        void returnPageLoadsAndForgedHintsAskTheProviderAboutAPaymentAtMostOnceInTheQueryInterval() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            Duration interval = ConfirmPayment.QUERY_INTERVAL;

            recorded(confirmation.confirm("paypay", paymentId)); // still pending at PayPay
            for (int i = 0; i < 19; i++) {
                rejected("asked_recently", confirmation.confirm("paypay", paymentId));
            }
            assertEquals(List.of(paymentId), paypay.queried, "one query for 20 triggers");

            clock.advance(interval.minusMillis(1));
            rejected("asked_recently", confirmation.confirm("paypay", paymentId));
            assertEquals(1, paypay.queried.size(), "not before the interval is over");

            clock.advance(Duration.ofMillis(1));
            recorded(confirmation.confirm("paypay", paymentId));
            assertEquals(List.of(paymentId, paymentId), paypay.queried, "asked again once the interval is over");
        }

        @Test
        void aConfirmationWithinTheQueryIntervalSaysThatTheProviderWasAskedRecentlyAndChangesNothing() {
            // The citizen's return page asks while PayPay still says CREATED; the citizen then pays and
            // PayPay's genuine hint arrives a moment later: it must not be taken as "nothing happened".
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            recorded(confirmation.confirm("paypay", paymentId));
            Checkout afterTheReturnPage = repository.stored(checkout.id());
            paypay.knows(paymentId, new ProviderStatus.Succeeded(300, clock.instant()));
            clock.advance(Duration.ofSeconds(2));

            rejected("asked_recently", confirmation.confirm("paypay", paymentId));

            assertEquals(afterTheReturnPage, repository.stored(checkout.id()), "nothing was written");
            assertEquals(List.of(paymentId), paypay.queried, "PayPay was not asked again");

            clock.advance(ConfirmPayment.QUERY_INTERVAL);
            assertTrue(recorded(confirmation.confirm("paypay", paymentId)).becamePaid(), "the redelivered hint is confirmed");
        }

        @Test
        void aConfirmationAboutAnotherProvidersPaymentAsksNobody() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.CARD);

            rejected("unknown_payment", confirmation.confirm("paypay", CheckoutIds.paymentId(checkout.id(), 1)));

            assertEquals(List.of(), paypay.queried);
            assertEquals(List.of(), sandbox.queried);
        }

        @Test
        void aProviderThatCannotBeReachedChangesNothing() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            Checkout before = repository.stored(checkout.id());
            paypay.down();

            rejected("provider_unavailable", confirmation.confirm("paypay", CheckoutIds.paymentId(checkout.id(), 1)));
            List<ReconcilePayments.Reconciled> outcomes = janitor.reconcile(before, Duration.ZERO, grace);

            assertEquals(List.of(ReconcilePayments.Reconciled.Outcome.UNKNOWN),
                    outcomes.stream().map(ReconcilePayments.Reconciled::outcome).toList());
            // only the time we asked is stored (QUERY_INTERVAL); the attempt and the checkout are as they were
            Checkout after = repository.stored(checkout.id());
            assertEquals(before.status(), after.status());
            assertEquals(before.payments().stream().map(p -> p.askedAt(clock.instant())).toList(), after.payments());
        }

        @Test
        void theJanitorLeavesYoungAttemptsAloneAndResolvesOldOnesWhoseWebhookNeverCame() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            paypay.knows(paymentId, new ProviderStatus.Succeeded(300, clock.instant()));

            assertEquals(List.of(), janitor.reconcile(repository.stored(checkout.id()), minAge, grace));
            assertEquals(List.of(), paypay.queried);

            clock.advance(minAge);
            List<ReconcilePayments.Reconciled> outcomes = janitor.reconcile(repository.stored(checkout.id()), minAge, grace);

            assertEquals(ReconcilePayments.Reconciled.Outcome.RECORDED, outcomes.getFirst().outcome());
            assertTrue(outcomes.getFirst().recorded().becamePaid());
            assertEquals(CheckoutStatus.PAID, repository.stored(checkout.id()).status());
        }

        @Test
        void theJanitorRecordsDeclinedAndExpiredAnswers() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            paypay.knows(paymentId, new ProviderStatus.Expired());
            clock.advance(minAge);

            janitor.reconcile(repository.stored(checkout.id()), minAge, grace);

            Checkout stored = repository.stored(checkout.id());
            assertEquals(PaymentStatus.EXPIRED, stored.payment(paymentId).orElseThrow().status());
            assertEquals(CheckoutStatus.CREATED, stored.status(), "the citizen may try again while the checkout is open");
        }

        @Test
        void anAttemptStillPendingLongAfterExpiryIsCanceledAtTheProviderThenExpired() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            clock.set(checkout.expiresAt());
            assertEquals(ReconcilePayments.Reconciled.Outcome.STILL_PENDING,
                    janitor.reconcile(repository.stored(checkout.id()), minAge, grace).getFirst().outcome());
            assertEquals(List.of(), paypay.canceled);

            clock.set(checkout.expiresAt().plus(grace));
            janitor.reconcile(repository.stored(checkout.id()), minAge, grace);

            assertEquals(List.of(paymentId), paypay.canceled);
            assertEquals(PaymentStatus.EXPIRED, repository.stored(checkout.id()).payment(paymentId).orElseThrow().status());
        }

        @Test
        void aPaymentThatRacedTheCancelIsRecordedAsPaidNotExpired() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            Instant paidAt = checkout.expiresAt().minusSeconds(5);
            paypay.afterCancel(new ProviderStatus.Succeeded(300, paidAt));
            clock.set(checkout.expiresAt().plus(grace));

            janitor.reconcile(repository.stored(checkout.id()), minAge, grace);

            Checkout stored = repository.stored(checkout.id());
            assertEquals(CheckoutStatus.PAID, stored.status());
            assertEquals(paidAt, stored.paidAt());
            assertEquals(PaymentStatus.SUCCEEDED, stored.payments().getFirst().status());
        }

        @Test
        void aProviderThatWillNotConfirmTheCancelKeepsThePaymentPending() {
            paypay.cannotCancel();
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            clock.set(checkout.expiresAt().plus(grace));

            var outcome = janitor.reconcile(repository.stored(checkout.id()), minAge, grace).getFirst();

            assertEquals(ReconcilePayments.Reconciled.Outcome.UNKNOWN, outcome.outcome());
            assertEquals(PaymentStatus.PENDING, repository.stored(checkout.id()).payments().getFirst().status());
        }

        @Test
        void aWrongAmountIsNeverRecordedAsPaidAndIsReportedForAPerson() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            paypay.knows(paymentId, new ProviderStatus.Succeeded(30, clock.instant()));
            clock.advance(minAge);

            var outcome = janitor.reconcile(repository.stored(checkout.id()), minAge, grace).getFirst();

            assertEquals(ReconcilePayments.Reconciled.Outcome.REFUSED, outcome.outcome());
            assertTrue(outcome.detail().startsWith("amount_mismatch"), outcome.detail());
            assertEquals(PaymentStatus.PENDING, repository.stored(checkout.id()).payments().getFirst().status());
            clock.advance(ConfirmPayment.QUERY_INTERVAL); // the janitor has just asked; a later confirmation asks again
            rejected("amount_mismatch", confirmation.confirm("paypay", paymentId));
        }
    }

    @Nested
    class RecordReport {

        @Test
        void a_report_whose_echo_differs_from_what_was_sent_is_refused_and_changes_nothing() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            Checkout before = repository.stored(checkout.id());
            var forged = new jp.kokin.domain.provider.Notification.Report(paymentId,
                    new ProviderStatus.Succeeded(300, clock.instant()), clock.instant(),
                    (c, p) -> c.id().equals(checkout.id()) && p.id().equals(paymentId) ? Optional.of("amount") : Optional.empty());

            Rejection rejection = rejected("invalid_signature", recording.report("paypay", forged));

            assertTrue(rejection.detail().contains("amount"), rejection.detail());
            assertEquals(before, repository.stored(checkout.id()));
        }

        @Test
        void a_report_whose_echo_agrees_is_recorded() {
            Checkout checkout = aStoredCheckoutWithAttempts(PaymentMethod.PAYPAY);
            String paymentId = CheckoutIds.paymentId(checkout.id(), 1);
            var report = new jp.kokin.domain.provider.Notification.Report(paymentId,
                    new ProviderStatus.Succeeded(300, clock.instant()), clock.instant(), (c, p) -> Optional.empty());

            assertTrue(recorded(recording.report("paypay", report)).becamePaid());
        }
    }
}
