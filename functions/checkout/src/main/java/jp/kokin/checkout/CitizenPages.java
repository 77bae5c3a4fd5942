package jp.kokin.checkout;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.ConfirmPayment;
import jp.kokin.domain.checkout.FindCheckout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.PaymentStatus;
import jp.kokin.domain.checkout.RecordOutcome;
import jp.kokin.domain.checkout.RecordPayment;
import jp.kokin.domain.checkout.Rejection;
import jp.kokin.domain.checkout.StartPayment;
import jp.kokin.domain.provider.Callbacks;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.receipt.FindReceipt;

/**
 * The citizens' pages of {@code CheckoutFunction}: the hosted payment page, choosing a method,
 * the return page and the receipt page. Each parses, calls one use case and maps its outcome to
 * a page ({@link Pages}).
 */
final class CitizenPages {
    private final Supplier<Catalog> catalog;
    private final Providers providers;
    private final FindCheckout find;
    private final FindReceipt receipts;
    private final StartPayment start;
    private final ConfirmPayment confirm;
    private final Clock clock;

    CitizenPages(CheckoutWiring wiring) {
        this.catalog = wiring.catalog();
        this.providers = wiring.providers();
        this.find = new FindCheckout(wiring.checkouts());
        this.receipts = new FindReceipt(wiring.receipts());
        this.start = new StartPayment(wiring.checkouts(), wiring.providers(), wiring.clock());
        this.confirm = new ConfirmPayment(wiring.checkouts(), wiring.providers(),
                new RecordPayment(wiring.checkouts(), wiring.receiptDue(), organizationCode -> catalog.get()
                        .organization(organizationCode).map(jp.kokin.domain.catalog.Organization::refunds)
                        .orElse(jp.kokin.domain.refund.RefundPolicy.DEFAULT), wiring.clock()), wiring.clock());
        this.clock = wiring.clock();
    }

    /** {@code GET /pay/{id}}. */
    APIGatewayV2HTTPResponse payment(HttpRequest request) {
        return find.forCitizen(request.pathParameter("id"))
                .map(c -> HttpResponses.html(200, paymentPage(c, null)))
                .orElseGet(CitizenPages::notFound);
    }

    /** {@code POST /pay/{id}}: the citizen chose a method. */
    APIGatewayV2HTTPResponse choose(HttpRequest request, String baseUrl) {
        Optional<Checkout> checkout = find.forCitizen(request.pathParameter("id"));
        if (checkout.isEmpty()) {
            return notFound();
        }
        Checkout c = checkout.get();
        boolean en = c.language() == Language.EN;
        Optional<PaymentMethod> method = PaymentMethod.fromWire(request.form().get("method"));
        if (method.isEmpty()) {
            return HttpResponses.html(400, paymentPage(c,
                    en ? "Please choose a payment method." : "お支払い方法を選んでください。"));
        }
        return switch (start.start(c, method.get(), p -> Callbacks.forAttempt(baseUrl, c.id(), p.id(), p.provider()))) {
            case StartPayment.Outcome.Started started -> {
                Log.info("payment.started", "checkoutId", c.id(), "paymentId", started.payment().id(),
                        "method", method.get().wire(), "provider", started.payment().provider());
                yield switch (started.redirect()) {
                    case ProviderSession.Redirect.Get get -> HttpResponses.redirect(get.url());
                    case ProviderSession.Redirect.FormPost form ->
                            HttpResponses.html(200, Pages.formPost(started.checkout(), method.get(), form));
                };
            }
            case StartPayment.Outcome.ProviderUnavailable unavailable -> {
                Log.warn("payment.provider_unavailable", "checkoutId", c.id(), "method", method.get().wire());
                yield HttpResponses.html(503, paymentPage(unavailable.checkout(), en
                        ? "The payment provider is not available. Please try again later."
                        : "お支払い事業者に接続できませんでした。しばらくしてからお試しください。"));
            }
            case StartPayment.Outcome.Refused refused ->
                    HttpResponses.html(409, paymentPage(refused.checkout(), refusal(refused.rejection().kind(), en)));
        };
    }

    /** What the page says when an attempt is refused; null: the page itself shows why (expired, paid, …). */
    private static String refusal(Rejection.Code code, boolean en) {
        return switch (code) {
            case METHOD_NOT_OFFERED -> en ? "That method is not available for this payment." : "この支払いではその方法は使えません。";
            case TOO_MANY_ATTEMPTS -> en ? "Too many attempts. Please start again from the portal."
                    : "試行回数が上限に達しました。ポータルからやり直してください。";
            default -> null;
        };
    }

    /**
     * {@code GET|POST /pay/{id}/return}: back before the provider's notification, the provider is
     * asked rather than make the citizen wait. Nothing is believed from the redirect itself; an
     * unreachable provider (or one asked a moment ago) leaves the page "confirming".
     */
    APIGatewayV2HTTPResponse returned(HttpRequest request) {
        Optional<Checkout> checkout = find.forCitizen(request.pathParameter("id"));
        if (checkout.isEmpty()) {
            return notFound();
        }
        Checkout c = checkout.get();
        Payment payment = request.query("payment").flatMap(c::payment).orElse(null);
        if (payment != null && payment.status() == PaymentStatus.PENDING
                && confirm.confirm(payment.provider(), payment.id()) instanceof RecordOutcome.Recorded recorded) {
            c = recorded.checkout();
            payment = c.payment(payment.id()).orElse(payment);
            if (recorded.becamePaid()) {
                Log.info("payment.confirmed_on_return", "checkoutId", c.id(), "paymentId", payment.id());
            }
        }
        return HttpResponses.html(200, Pages.result(c, payment, organizationName(c.organizationCode()), clock.instant()));
    }

    /** {@code GET /receipts/{number}/{token}}: in Japanese, or in English with {@code ?lang=en}. */
    APIGatewayV2HTTPResponse receipt(HttpRequest request) {
        Language language = request.query("lang").filter("en"::equals).map(en -> Language.EN).orElse(Language.JA);
        return receipts.forPage(request.pathParameter("number"), request.pathParameter("token"))
                .map(r -> HttpResponses.html(200, Pages.receipt(r, organizationName(r.organizationCode()),
                        find.forCitizen(r.checkoutId()).map(CheckoutJson::succeededRefunds).orElse(List.of()), language)))
                .orElseGet(CitizenPages::notFound);
    }

    /** The payment page, offering the checkout's methods that a usable provider serves (not a disabled sandbox). */
    private String paymentPage(Checkout c, String error) {
        List<PaymentMethod> available = c.methods().stream()
                .filter(m -> providers.forMethod(c.organizationCode(), m).isPresent())
                .toList();
        return Pages.payment(c, available, organizationName(c.organizationCode()), clock.instant(), error);
    }

    private String organizationName(String organizationCode) {
        return catalog.get().organization(organizationCode).map(Organization::name).orElse(organizationCode);
    }

    private static APIGatewayV2HTTPResponse notFound() {
        return HttpResponses.html(404, Pages.notFound(Language.JA));
    }
}
