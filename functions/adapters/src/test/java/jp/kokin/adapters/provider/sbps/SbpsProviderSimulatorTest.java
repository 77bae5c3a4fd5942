package jp.kokin.adapters.provider.sbps;

import static jp.kokin.adapters.provider.sbps.SbpsFixtures.CLOCK;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.KEY;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.MERCHANT;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.NOW;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.PREVIOUS_KEY;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.SERVICE;
import static jp.kokin.adapters.provider.sbps.SbpsFixtures.SJIS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Reply;
import jp.kokin.simulators.SimulatorServer;
import jp.kokin.simulators.sbps.SbpsSimulator;

/** The adapter against the SBPS simulator: the same code that would talk to SBPS. */
class SbpsProviderSimulatorTest {

    private final SbpsSimulator simulator = new SbpsSimulator(MERCHANT, SERVICE, KEY, CLOCK);
    private final SimulatorServer server = SimulatorServer.start(simulator);
    private final FakeKokin kokin = new FakeKokin();
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Checkout checkout = SbpsFixtures.checkout();
    private final Payment payment = SbpsFixtures.payment(checkout, PaymentMethod.DPAY);

    @AfterEach
    void stop() {
        server.close();
        kokin.close();
    }

    /** Kokin's webhook endpoint: verifies with an adapter and answers what it says. */
    private static final class FakeKokin implements AutoCloseable {
        final HttpServer http;
        final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        volatile SbpsProvider verifier;

        FakeKokin() {
            try {
                http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            http.createContext("/webhooks/sbps", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.getFirst()));
                Reply reply;
                try {
                    received.add(verifier.verify(new InboundProviderEvent(headers, body, "127.0.0.1", CLOCK.instant())));
                    reply = verifier.accepted();
                } catch (ProviderEventException e) {
                    received.add(e);
                    reply = new Reply(401, "text/plain", "NG," + e.kind());
                }
                byte[] out = reply.body().getBytes(StandardCharsets.US_ASCII);
                exchange.getResponseHeaders().set("Content-Type", reply.contentType());
                exchange.sendResponseHeaders(reply.status(), out.length);
                exchange.getResponseBody().write(out);
                exchange.close();
            });
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort();
        }

        Object next() throws InterruptedException {
            Object o = received.poll(5, TimeUnit.SECONDS);
            assertNotNull(o, "no notification reached Kokin");
            return o;
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    private Map<String, Object> config() {
        return SbpsFixtures.config(server.baseUrl(), KEY);
    }

    private SbpsProvider provider(Map<String, Object> config) {
        SbpsProvider provider = SbpsFixtures.provider(config);
        kokin.verifier = provider;
        return provider;
    }

    private ProviderSession.Redirect.FormPost start(SbpsProvider provider, Checkout c, Payment p) throws ProviderException {
        return (ProviderSession.Redirect.FormPost) provider.start(c, p, SbpsFixtures.callbacks(kokin.url(), c, p)).redirect();
    }

    private static Map<String, String> fields(ProviderSession.Redirect.FormPost form) {
        Map<String, String> m = new LinkedHashMap<>();
        form.fields().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    /** What the citizen's browser does with the form: a Shift_JIS POST. */
    private HttpResponse<String> submit(ProviderSession.Redirect.FormPost form) throws Exception {
        String body = form.fields().stream()
                .map(e -> URLEncoder.encode(e.getKey(), SJIS) + "=" + URLEncoder.encode(e.getValue(), SJIS))
                .collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(URI.create(form.action()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> click(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElseThrow();
    }

    // ---- the citizen's journey -----------------------------------------------------------------

    @Test
    void a_citizen_pays_on_the_sbps_page_and_kokin_hears_of_it_before_the_browser_comes_back() throws Exception {
        var form = start(provider(config()), checkout, payment);

        HttpResponse<String> posted = submit(form);
        assertEquals(303, posted.statusCode(), posted.body());
        String page = location(posted);
        HttpResponse<String> shown = browser.send(HttpRequest.newBuilder(URI.create(page)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(shown.body().contains("d払い"), shown.body());
        assertTrue(shown.body().contains("1,200円"), shown.body());

        HttpResponse<String> paid = click(page + "/pay");

        assertEquals(303, paid.statusCode());
        assertEquals(fields(form).get("success_url"), location(paid));
        Object received = kokin.received.poll(); // already there: SBPS notifies before redirecting
        var report = assertInstanceOf(ProviderEvent.Report.class, received);
        assertEquals(payment.id(), report.paymentId());
        assertEquals(new ProviderStatus.Succeeded(1200, NOW), report.status());
        assertEquals(200, simulator.sent().getLast().status());
        assertEquals(SbpsSimulator.Status.PAID, simulator.status(payment.id()).orElseThrow());
    }

    @Test
    void a_declined_payment_is_reported_failed_and_the_browser_goes_to_the_error_url() throws Exception {
        var form = start(provider(config()), checkout, SbpsFixtures.payment(checkout, PaymentMethod.AUPAY));
        String page = location(submit(form));

        HttpResponse<String> declined = click(page + "/decline");

        assertEquals(fields(form).get("error_url"), location(declined));
        var report = assertInstanceOf(ProviderEvent.Report.class, kokin.next());
        assertInstanceOf(ProviderStatus.Failed.class, report.status());
    }

    @Test
    void japanese_names_with_characters_outside_shift_jis_survive_the_round_trip() throws Exception {
        var item = CheckoutItem.price(SbpsFixtures.procedure("koseki", "髙島𠮷〜の戸籍謄本", 450), 1);
        Checkout c = SbpsFixtures.checkout(List.of(item), NOW);
        Payment p = SbpsFixtures.payment(c, PaymentMethod.DPAY);
        var form = start(provider(config()), c, p);
        String page = location(submit(form));
        assertTrue(browser.send(HttpRequest.newBuilder(URI.create(page)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body().contains("？島？？の戸籍謄本"));

        click(page + "/pay");

        var report = assertInstanceOf(ProviderEvent.Report.class, kokin.next(), "the echoed item_name verified");
        assertEquals(new ProviderStatus.Succeeded(450, NOW), report.status());
    }

    @Test
    void adapter_and_simulator_agree_on_the_hash_and_the_simulator_refuses_another_key() throws Exception {
        var signedWithOtherKey = start(provider(SbpsFixtures.config(server.baseUrl(), PREVIOUS_KEY)), checkout, payment);

        HttpResponse<String> refused = submit(signedWithOtherKey);

        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("5102"), refused.body());
        var e = assertThrows(SbpsSimulator.PurchaseRejectedException.class,
                () -> simulator.purchase(fields(signedWithOtherKey)));
        assertEquals("5102", e.code());
        assertTrue(simulator.status(payment.id()).isEmpty());
        simulator.purchase(fields(start(provider(config()), checkout, payment))); // the right key is accepted
    }

    @Test
    void notifications_signed_with_the_previous_key_are_believed_during_a_rotation() throws Exception {
        // SBPS still signs with the old key; Kokin already lists the new one first
        var form = start(provider(SbpsFixtures.config(server.baseUrl(), KEY)), checkout, payment);
        simulator.purchase(fields(form));
        kokin.verifier = SbpsFixtures.provider(SbpsFixtures.config(server.baseUrl(), List.of(PREVIOUS_KEY, KEY)));

        simulator.pay(payment.id());

        assertInstanceOf(ProviderEvent.Report.class, kokin.next());
    }

    @Test
    void an_amount_reported_by_sbps_is_passed_on_as_reported() throws Exception {
        simulator.purchase(fields(start(provider(config()), checkout, payment)));

        simulator.payWithAmount(payment.id(), 1);

        var report = assertInstanceOf(ProviderEvent.Report.class, kokin.next());
        assertEquals(new ProviderStatus.Succeeded(1, NOW), report.status());
    }

    // ---- inquiry ---------------------------------------------------------------------------------

    private SbpsProvider queried(Duration timeout, Map<String, Object> extra) {
        Map<String, Object> config = config();
        config.put("queryPath", "/api/xmlapi.do");
        config.putAll(extra);
        simulator.dropNotifications(true);
        return (SbpsProvider) SbpsProvider.FACTORY.create(SbpsFixtures.settings(config),
                SbpsFixtures.context(CLOCK, timeout));
    }

    private SbpsProvider purchased(Map<String, Object> extra) throws Exception {
        SbpsProvider provider = queried(Duration.ofSeconds(2), extra);
        simulator.purchase(fields(start(provider, checkout, payment)));
        return provider;
    }

    @Test
    void query_reports_a_paid_purchase_with_its_amount() throws Exception {
        SbpsProvider provider = purchased(Map.of());
        simulator.pay(payment.id());

        assertEquals(new ProviderStatus.Succeeded(1200, NOW), provider.query(checkout, payment));
    }

    @Test
    void query_reports_a_declined_purchase_as_failed() throws Exception {
        SbpsProvider provider = purchased(Map.of());
        simulator.decline(payment.id());

        assertInstanceOf(ProviderStatus.Failed.class, provider.query(checkout, payment));
    }

    @Test
    void query_reports_an_open_page_as_pending_and_a_canceled_one_as_canceled() throws Exception {
        SbpsProvider provider = purchased(Map.of());

        assertEquals(new ProviderStatus.Pending(), provider.query(checkout, payment));
        simulator.cancel(payment.id());
        assertEquals(new ProviderStatus.Canceled(), provider.query(checkout, payment));
    }

    @Test
    void query_about_an_order_sbps_never_received_is_pending_so_the_domain_expires_it() throws Exception {
        SbpsProvider provider = queried(Duration.ofSeconds(2), Map.of());

        assertEquals(new ProviderStatus.Pending(), provider.query(checkout, payment));
    }

    @Test
    void a_5xx_from_sbps_is_an_unknown_outcome() throws Exception {
        SbpsProvider provider = purchased(Map.of());
        simulator.failNext(1, 503);

        assertThrows(ProviderException.class, () -> provider.query(checkout, payment));
        assertEquals(new ProviderStatus.Pending(), provider.query(checkout, payment), "answers again afterwards");
    }

    @Test
    void a_slow_sbps_is_an_unknown_outcome() throws Exception {
        SbpsProvider provider = queried(Duration.ofMillis(300), Map.of());
        simulator.hangNext(1, Duration.ofSeconds(1));

        assertThrows(ProviderException.class, () -> provider.query(checkout, payment));
    }

    @Test
    void wrong_api_credentials_are_an_unknown_outcome_not_a_verdict() throws Exception {
        SbpsProvider provider = purchased(Map.of("queryPassword", "not-the-password"));

        var e = assertThrows(ProviderException.class, () -> provider.query(checkout, payment));
        assertTrue(e.getMessage().contains("401"), e.getMessage());
    }

    @Test
    void an_inquiry_hashed_with_another_key_is_refused_by_sbps() throws Exception {
        SbpsProvider provider = purchased(Map.of());
        var other = queried(Duration.ofSeconds(2), Map.of("hashKey", PREVIOUS_KEY, "queryPassword", KEY));

        var e = assertThrows(ProviderException.class, () -> other.query(checkout, payment));
        assertTrue(e.getMessage().contains("40105999"), e.getMessage());
        assertEquals(new ProviderStatus.Pending(), provider.query(checkout, payment));
    }
}
