package jp.kokin.domain.checkout;

import static jp.kokin.domain.checkout.TestCatalogs.CHIYODA;
import static jp.kokin.domain.checkout.TestCatalogs.JUMINHYO;
import static jp.kokin.domain.checkout.TestCatalogs.MYNA_KEY;
import static jp.kokin.domain.checkout.TestCatalogs.RETURN_URL;
import static jp.kokin.domain.checkout.TestCheckouts.CREATED_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.provider.Callbacks;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.receipt.RecordingReceiptDue;

/**
 * The checkout use cases over the in-memory repository, two recording providers (PayPay, and the
 * sandbox for every other method) and a receipt-due recorder; the tests of each use case extend it.
 */
abstract class CheckoutUseCaseFixture {

    final TestClock clock = new TestClock(CREATED_AT);
    final InMemoryCheckoutRepository repository = new InMemoryCheckoutRepository();
    final RecordingPaymentProvider paypay = new RecordingPaymentProvider("paypay");
    final RecordingPaymentProvider sandbox = new RecordingPaymentProvider("sandbox");
    final Providers providers = new Providers() {
        @Override
        public Optional<PaymentProvider> forMethod(String organizationCode, PaymentMethod method) {
            return Optional.of(method == PaymentMethod.PAYPAY ? paypay : sandbox);
        }

        @Override
        public Optional<PaymentProvider> named(String name) {
            return Optional.ofNullable(name.equals("paypay") ? paypay : name.equals("sandbox") ? sandbox : null);
        }
    };
    final RecordingReceiptDue receiptDue = new RecordingReceiptDue();
    final CreateCheckout creation = new CreateCheckout(TestCatalogs::standard, repository, clock);
    final FindCheckout find = new FindCheckout(repository);
    final CancelCheckout cancellation = new CancelCheckout(repository, clock);
    final StartPayment starts = new StartPayment(repository, providers, clock);
    final RecordPayment recording = new RecordPayment(repository, receiptDue, clock);
    final ConfirmPayment confirmation = new ConfirmPayment(repository, providers, recording, clock);
    final ReconcilePayments janitor = new ReconcilePayments(repository, providers, recording, clock);

    static Callbacks callbacks(Payment payment) {
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

    static NewCheckout aJuminhyoRequest() {
        return aRequest().withItem(JUMINHYO, 1).build();
    }

    static <T> T ok(Result<T> result) {
        if (result instanceof Result.Ok<T> ok) {
            return ok.value();
        }
        throw new AssertionError("expected success but got " + result);
    }

    static Rejection rejected(String code, Result<?> result) {
        Result.Err<?> err = assertInstanceOf(Result.Err.class, result, () -> "expected " + code + " but got " + result);
        assertEquals(code, err.rejection().code(), err.rejection().detail());
        return err.rejection();
    }

    static Set<String> fieldsAndCodes(Rejection rejection) {
        return rejection.errors().stream().map(e -> e.field() + ":" + e.code()).collect(Collectors.toSet());
    }

    /** What the hosted page does: read the stored checkout, start an attempt on it. */
    Result<StartPayment.Outcome.Started> startPayment(String checkoutId, PaymentMethod method) {
        return started(starts.start(repository.stored(checkoutId), method, CheckoutUseCaseFixture::callbacks));
    }

    /** A start as a result: started, or the rejection it was not started with. */
    static Result<StartPayment.Outcome.Started> started(StartPayment.Outcome outcome) {
        return switch (outcome) {
            case StartPayment.Outcome.Started started -> Result.ok(started);
            case StartPayment.Outcome.Refused refused -> new Result.Err<>(refused.rejection());
            case StartPayment.Outcome.ProviderUnavailable unavailable -> new Result.Err<>(unavailable.rejection());
        };
    }

    /** A recording as a result: recorded, or the rejection it was not recorded with. */
    static Result<RecordOutcome.Recorded> result(RecordOutcome outcome) {
        return switch (outcome) {
            case RecordOutcome.Recorded recorded -> Result.ok(recorded);
            case RecordOutcome.NotRecorded notRecorded -> new Result.Err<>(notRecorded.rejection());
        };
    }

    static Rejection rejected(String code, RecordOutcome outcome) {
        return rejected(code, result(outcome));
    }

    Checkout aStoredCheckout() {
        return ok(creation.create(MYNA_KEY, aJuminhyoRequest(), null)).checkout();
    }

    Checkout aStoredCheckoutWithAttempts(PaymentMethod... methods) {
        Checkout checkout = aStoredCheckout();
        for (PaymentMethod method : methods) {
            ok(startPayment(checkout.id(), method));
        }
        return repository.stored(checkout.id());
    }

    // ---- recording ---------------------------------------------------------------------------

    record Recorded(Checkout checkout, boolean changed, boolean becamePaid) {}

    static Recorded recorded(RecordOutcome outcome) {
        RecordOutcome.Recorded r = ok(result(outcome));
        return new Recorded(r.checkout(), r.changed(), r.becamePaid());
    }
}
