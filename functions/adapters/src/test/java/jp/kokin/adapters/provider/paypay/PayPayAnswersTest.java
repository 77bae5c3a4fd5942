package jp.kokin.adapters.provider.paypay;

import static jp.kokin.adapters.provider.paypay.PayPayFixtures.callbacks;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.config;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.context;
import static jp.kokin.adapters.provider.paypay.PayPayFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderStatus;

/**
 * How the adapter reads answers the simulator never gives (other currencies, refunds, states of
 * pre-authorized payments, broken envelopes), from a server that answers a fixed body.
 */
class PayPayAnswersTest {

    private final HttpServer server;
    private volatile int status = 200;
    private volatile String body = "";
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private final Checkout checkout = PayPayFixtures.checkout(false);
    private final Payment payment = PayPayFixtures.firstPayment(checkout).withProviderPaymentId("04-abcdefgh12345678");

    PayPayAnswersTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("X-ASSUME-MERCHANT") + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private PayPayProvider provider() {
        return new PayPayProvider(settings(config("http://127.0.0.1:" + server.getAddress().getPort())), context());
    }

    private void answer(int status, String data) {
        this.status = status;
        this.body = "{\"resultInfo\":{\"code\":\"SUCCESS\",\"message\":\"Success\",\"codeId\":\"08100001\"},\"data\":" + data + "}";
    }

    private ProviderStatus details(String status, String amount, String currency) throws ProviderException {
        answer(200, """
                {"paymentId":"04123456789012345678","status":"%s","acceptedAt":1743139337,"merchantPaymentId":"%s",
                 "amount":{"amount":%s,"currency":"%s"},"requestedAt":1743139300}""".formatted(status, payment.id(), amount, currency));
        return provider().query(checkout, payment);
    }

    @Test
    void requests_name_the_merchant_and_are_signed_for_their_path() throws Exception {
        details("CREATED", "1200", "JPY");

        String request = requests.poll();
        assertTrue(request.startsWith("GET /v2/codes/payments/" + payment.id() + " " + PayPayFixtures.MERCHANT_ID
                + " hmac OPA-Auth:" + PayPayFixtures.API_KEY + ":"), request);
        assertTrue(request.endsWith(":empty"), request);
    }

    @Test
    void completed_and_refunded_payments_succeeded_at_their_acceptance() throws Exception {
        assertEquals(new ProviderStatus.Succeeded(1200, Instant.ofEpochSecond(1743139337)), details("COMPLETED", "1200", "JPY"));
        assertEquals(new ProviderStatus.Succeeded(1200, Instant.ofEpochSecond(1743139337)), details("REFUNDED", "1200", "JPY"));
    }

    @Test
    void a_payment_in_another_currency_never_matches_an_amount_in_yen() throws Exception {
        assertEquals(-1, assertInstanceOf(ProviderStatus.Succeeded.class, details("COMPLETED", "1200", "USD")).amount());
    }

    @Test
    void each_paypay_status_has_its_meaning() throws Exception {
        assertInstanceOf(ProviderStatus.Pending.class, details("CREATED", "1200", "JPY"));
        assertInstanceOf(ProviderStatus.Pending.class, details("AUTHORIZED", "1200", "JPY"));
        assertInstanceOf(ProviderStatus.Pending.class, details("REAUTHORIZING", "1200", "JPY"));
        assertInstanceOf(ProviderStatus.Failed.class, details("FAILED", "1200", "JPY"));
        assertInstanceOf(ProviderStatus.Canceled.class, details("CANCELED", "1200", "JPY"));
        assertInstanceOf(ProviderStatus.Expired.class, details("EXPIRED", "1200", "JPY"));
    }

    @Test
    void an_unknown_status_or_a_paid_answer_without_amount_is_unreadable() {
        assertThrows(ProviderException.class, () -> details("SETTLED", "1200", "JPY"));
        assertThrows(ProviderException.class, () -> details("COMPLETED", "\"1200\"", "JPY"));
    }

    @Test
    void answers_without_an_envelope_are_unknown_outcomes() {
        for (String broken : new String[] {"", "<html>Service Unavailable</html>", "{\"data\":{}}"}) {
            status = 200;
            body = broken;
            assertThrows(ProviderException.class, () -> provider().query(checkout, payment), broken);
            assertThrows(ProviderException.class,
                    () -> provider().start(checkout, payment, callbacks(checkout, payment)), broken);
        }
    }

    @Test
    void a_created_code_without_url_is_unreadable() {
        answer(201, "{\"codeId\":\"04-x\",\"url\":\"\"}");

        assertThrows(ProviderException.class, () -> provider().start(checkout, payment, callbacks(checkout, payment)));
    }

    @Test
    void a_refusal_carries_paypays_result_code_and_rate_limits_are_unknown_outcomes() {
        body = "{\"resultInfo\":{\"code\":\"INVALID_PARAMS\",\"message\":\"x\",\"codeId\":\"08100006\"},\"data\":null}";
        status = 400;
        var e = assertThrows(ProviderException.class, () -> provider().query(checkout, payment));
        assertTrue(e.getMessage().contains("INVALID_PARAMS"), e.getMessage());

        body = "{\"resultInfo\":{\"code\":\"RATE_LIMIT\",\"message\":\"x\",\"codeId\":\"x\"},\"data\":null}";
        status = 429;
        assertThrows(ProviderException.class, () -> provider().query(checkout, payment));
    }

    @Test
    void the_code_id_and_url_of_a_created_code_are_taken_as_they_are() throws Exception {
        answer(201, """
                {"codeId":"04-Ab3dE5fG7hJ9kL1m","url":"https://qr-stg.sandbox.paypay.ne.jp/28180104abcdef",
                 "deeplink":"paypay://payment?link_key=x","expiryDate":1743139637}""");

        var session = provider().start(checkout, payment, callbacks(checkout, payment));

        assertEquals("04-Ab3dE5fG7hJ9kL1m", session.providerPaymentId());
        assertEquals("https://qr-stg.sandbox.paypay.ne.jp/28180104abcdef",
                ((jp.kokin.domain.provider.ProviderSession.Redirect.Get) session.redirect()).url());
        assertTrue(requests.poll().startsWith("POST /v2/codes " + PayPayFixtures.MERCHANT_ID + " hmac OPA-Auth:"));
    }

    /** A details answer padded (with JSON whitespace before the closing brace) to {@code size} bytes. */
    private void detailsOfSize(int size) {
        answer(200, """
                {"paymentId":"04123456789012345678","status":"COMPLETED","acceptedAt":1743139337,"merchantPaymentId":"%s",
                 "amount":{"amount":300,"currency":"JPY"},"requestedAt":1743139300}""".formatted(payment.id()));
        body = body.substring(0, body.length() - 1) + " ".repeat(size - body.length()) + "}";
    }

    @Test
    void an_answer_of_the_largest_size_read_is_read() throws Exception {
        detailsOfSize(jp.kokin.adapters.provider.ProviderContext.MAX_ANSWER_BYTES);

        assertEquals(300, ((ProviderStatus.Succeeded) provider().query(checkout, payment)).amount());
    }

    @Test
    void an_answer_longer_than_the_limit_is_an_unknown_outcome() {
        detailsOfSize(jp.kokin.adapters.provider.ProviderContext.MAX_ANSWER_BYTES + 1);

        var e = org.junit.jupiter.api.Assertions.assertThrows(ProviderException.class, () -> provider().query(checkout, payment));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }
}
