package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.simulators.Simulator;
import jp.kokin.simulators.paypay.PayPaySimulator;
import jp.kokin.simulators.sbps.SbpsSimulator;
import jp.kokin.simulators.stripe.StripeSimulator;
import jp.kokin.webhook.PaymentJanitorHandler;
import jp.kokin.webhook.PaymentJanitorWiring;

/**
 * What goes wrong with real providers, through the local runner and each provider's simulator (the
 * adapters speak their wire formats exactly as in production): lost notifications, forged ones,
 * repeats, wrong amounts, providers that time out or answer 5xx. In every case nothing is believed
 * that the provider did not say, and nothing is lost: the payment janitor settles what notifications
 * did not.
 */
class ProvidersIT {
    private static final String PORTAL_KEY = "demo-portal-key";

    @RegisterExtension
    static final RunningPlatform running = new RunningPlatform();
    private final String base = running.baseUrl();
    private static PaymentJanitorHandler janitor;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Citizen citizen = new Citizen();

    @BeforeAll
    static void start() {
        // The template's janitor, but asking about every pending attempt at once (not after 3 minutes).
        Map<String, String> env = new LinkedHashMap<>(running.platform().provisioned().environmentOf("PaymentJanitorFunction"));
        env.putAll(running.platform().embeddedAws().awsEnv());
        env.put("JANITOR_MIN_AGE_SECONDS", "0");
        env.put("PROVIDER_TIMEOUT_MS", "1000");
        janitor = new PaymentJanitorHandler(PaymentJanitorWiring.fromEnv(env));
    }

    @AfterEach
    void providersBackToNormal() {
        for (String name : List.of("paypay", "sbps", "stripe")) {
            Simulator s = simulator(name);
            s.dropNotifications(false);
            s.failNext(0, 500);
            s.hangNext(0, Duration.ZERO);
        }
    }

    private static Simulator simulator(String provider) {
        return running.platform().simulator(provider).orElseThrow();
    }

    private static String providerOf(String method) {
        return switch (method) {
            case "paypay" -> "paypay";
            case "dpay", "aupay" -> "sbps";
            default -> "stripe";
        };
    }

    /** What the simulator's citizen does when the provider takes another amount than ours. */
    private static void payWithAmount(String provider, String paymentId, long amount) {
        switch (simulator(provider)) {
            case PayPaySimulator p -> p.payWithAmount(paymentId, amount);
            case SbpsSimulator p -> p.payWithAmount(paymentId, amount);
            case StripeSimulator p -> p.payWithAmount(paymentId, amount);
            default -> throw new IllegalStateException(provider);
        }
    }

    private String newCheckout(String reference) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/checkouts"))
                .header("authorization", "Bearer " + PORTAL_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"organizationCode":"131016","items":[{"procedureCode":"juminhyo","quantity":1}],
                         "reference":"%s","returnUrl":"%s/_local/portal/return"}""".formatted(reference, base)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return Json.parse(r.body()).get("id").asText();
    }

    private JsonNode checkout(String id) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/checkouts/" + id))
                .header("authorization", "Bearer " + PORTAL_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body());
    }

    private static String paymentId(JsonNode checkout) {
        return checkout.get("payments").get(0).get("id").asText();
    }

    private HttpResponse<String> postWebhook(String provider, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/webhooks/" + provider))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            if (!List.of("content-length", "host", "connection").contains(k.toLowerCase(java.util.Locale.ROOT))) {
                b.header(k, v);
            }
        });
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The payment simulators answer at once: 20 seconds is plenty. */
    private static <T> T waitFor(String what, java.util.concurrent.Callable<T> probe) throws Exception {
        return Waits.waitFor(what, java.time.Duration.ofSeconds(20), probe);
    }

    @ParameterizedTest
    @CsvSource({"paypay", "dpay", "card"})
    void aPaymentWhoseNotificationNeverCameIsSettledByTheJanitor(String method) throws Exception {
        String provider = providerOf(method);
        String id = newCheckout("LOST-" + method);
        simulator(provider).dropNotifications(true);

        citizen.payAtProvider(base, id, method, "pay"); // paid at the provider; the browser never comes back

        JsonNode before = checkout(id);
        assertEquals("pending", before.get("status").asText(), "nothing told us yet");
        var run = janitor.run();
        assertTrue(run.getOrDefault(jp.kokin.domain.checkout.ReconcilePayments.Reconciled.Outcome.RECORDED, 0) >= 1, run.toString());
        JsonNode paid = waitFor("the receipt", () -> {
            JsonNode c = checkout(id);
            return c.get("receipt").isNull() ? null : c;
        });
        assertEquals("paid", paid.get("status").asText());
        assertEquals(provider, paid.get("payments").get(0).get("provider").asText());
    }

    @ParameterizedTest
    @CsvSource({"paypay", "dpay", "card"})
    void aProviderThatTimesOutOrFailsLeavesThePaymentPendingUntilItAnswers(String method) throws Exception {
        String provider = providerOf(method);
        String id = newCheckout("DOWN-" + method);
        simulator(provider).dropNotifications(true);
        citizen.payAtProvider(base, id, method, "pay");

        // (the janitor asks about every pending payment of this platform: every call of the run fails)
        simulator(provider).failNext(100, 503);
        janitor.run();
        assertEquals("pending", checkout(id).get("status").asText(), "a 503 is no answer");
        simulator(provider).failNext(0, 503);
        simulator(provider).hangNext(100, Duration.ofMillis(1200));
        janitor.run();
        assertEquals("pending", checkout(id).get("status").asText(), "a timeout is no answer");
        simulator(provider).hangNext(0, Duration.ZERO);

        janitor.run();
        assertEquals("paid", checkout(id).get("status").asText());
    }

    @ParameterizedTest
    @CsvSource({"paypay", "dpay", "card"})
    void aWrongAmountIsNeverRecordedAsPaidWhoeverReportsIt(String method) throws Exception {
        String provider = providerOf(method);
        String id = newCheckout("AMOUNT-" + method);
        citizen.openProviderPage(base, id, method);
        String paymentId = paymentId(checkout(id));

        int sentBefore = simulator(provider).sent().size();
        payWithAmount(provider, paymentId, 30); // the provider's notification says 30 yen for a 300 yen fee
        var sent = simulator(provider).awaitSent(l -> l.size() > sentBefore, Duration.ofSeconds(5));
        // SBPS echoes the amount we sent, under its hash: another amount is not SBPS's answer to our
        // request (401, as a forgery); the others report the amount they took (422 amount_mismatch)
        assertEquals(provider.equals("sbps") ? 401 : 422, sent.getLast().status(), "the webhook refused the amount");
        janitor.run();

        JsonNode after = checkout(id);
        assertFalse(after.get("status").asText().equals("paid"), after.toString());
        assertEquals("pending", after.get("payments").get(0).get("status").asText());
        assertTrue(after.get("receipt").isNull());
    }

    @ParameterizedTest
    @CsvSource({"paypay", "dpay", "card"})
    void aRepeatedNotificationChangesNothing(String method) throws Exception {
        String provider = providerOf(method);
        String id = newCheckout("REPEAT-" + method);
        int sentBefore = simulator(provider).sent().size();
        citizen.payAtProvider(base, id, method, "pay");
        var notification = simulator(provider).awaitSent(l -> l.size() > sentBefore, Duration.ofSeconds(5)).getLast();
        JsonNode paid = waitFor("the receipt", () -> {
            JsonNode c = checkout(id);
            return c.get("receipt").isNull() ? null : c;
        });

        var again = postWebhook(provider, notification.headers(), notification.body());

        assertEquals(200, again.statusCode(), again.body());
        JsonNode after = checkout(id);
        assertEquals(paid.get("receipt"), after.get("receipt"), "still the one receipt");
        assertEquals(paid.get("payments"), after.get("payments"));
    }

    /**
     * Issue 8 item 18: Stripe repeats a success (here from 4 threads at once) before the receipt
     * exists. Only the write that moved the checkout to paid queues the receipt, so the portal gets
     * each notification once.
     */
    @Test
    void aSuccessReplayedConcurrentlyBeforeTheReceiptExistsNotifiesThePortalOnce() throws Exception {
        String id = newCheckout("REPLAY-card");
        citizen.openProviderPage(base, id, "card");
        String paymentId = paymentId(checkout(id));
        long created = Instant.now().getEpochSecond();
        byte[] event = """
                {"id":"evt_replay_%s","object":"event","type":"checkout.session.completed","created":%d,
                 "data":{"object":{"object":"checkout.session","id":"cs_replay","client_reference_id":"%s",
                 "payment_status":"paid","amount_total":300,"currency":"jpy"}}}"""
                .formatted(paymentId, created, paymentId).getBytes(StandardCharsets.UTF_8);
        String signature = jp.kokin.adapters.provider.stripe.StripeSignature.header(Instant.now(), event,
                "whsec_KokinDemoStripeEndpointSecret0001");
        Map<String, String> headers = Map.of("content-type", "application/json", "stripe-signature", signature);
        int replays = 4;
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(replays)) {
            for (int i = 0; i < replays; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return postWebhook("stripe", headers, event).statusCode();
                }));
            }
            start.countDown();
            for (var answer : answers) {
                assertEquals(200, answer.get());
            }
        }

        waitFor("the receipt.issued notification", () -> notificationsOf(id).contains("receipt.issued") ? true : null);
        waitFor("the receipt and notification queues to drain", () -> drained("ReceiptQueue") && drained("PortalNotificationQueue") ? true : null);
        assertEquals(List.of("checkout.paid", "receipt.issued"), notificationsOf(id).stream().sorted().toList(),
                "one checkout.paid and one receipt.issued");
    }

    /** The types of the notifications the portal received about checkout {@code id}, in order. */
    private static List<String> notificationsOf(String id) {
        return running.platform().portalNotifications().stream().map(n -> Json.parse(n.body()))
                .filter(n -> id.equals(n.path("data").path("checkoutId").asText()))
                .map(n -> n.path("type").asText()).toList();
    }

    /** No message waiting or in flight on the queue. */
    private static boolean drained(String queue) {
        var attributes = running.platform().embeddedAws().sqs().getQueueAttributes(b -> b
                .queueUrl(running.platform().provisioned().queueUrl(queue))
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                        "ApproximateNumberOfMessagesDelayed"))
                .attributesAsStrings();
        return attributes.values().stream().allMatch("0"::equals);
    }

    @Test
    void aForgedStripeEventIsRefusedAndChangesNothing() throws Exception {
        String id = newCheckout("FORGED-card");
        citizen.openProviderPage(base, id, "card");
        JsonNode before = checkout(id);
        String body = """
                {"id":"evt_forged","object":"event","type":"checkout.session.completed","created":%d,
                 "data":{"object":{"id":"cs_forged","object":"checkout.session","client_reference_id":"%s",
                 "status":"complete","payment_status":"paid","amount_total":300,"currency":"jpy"}}}"""
                .formatted(Instant.now().getEpochSecond(), paymentId(before));
        long t = Instant.now().getEpochSecond();
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("whsec_NotTheEndpointSecret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String v1 = java.util.HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));

        var r = postWebhook("stripe", Map.of("content-type", "application/json", "stripe-signature", "t=" + t + ",v1=" + v1),
                body.getBytes(StandardCharsets.UTF_8));

        assertEquals(401, r.statusCode(), r.body());
        assertEquals(before, checkout(id));
    }

    @Test
    void aForgedSbpsResultIsRefusedAndChangesNothing() throws Exception {
        String id = newCheckout("FORGED-dpay");
        citizen.openProviderPage(base, id, "dpay");
        JsonNode before = checkout(id);
        int sentBefore = simulator("sbps").sent().size();
        simulator("sbps").dropNotifications(false);
        // a genuine result for another payment, with our payment id and amount written over it
        String other = newCheckout("FORGED-dpay-other");
        citizen.payAtProvider(base, other, "dpay", "pay");
        var genuine = simulator("sbps").awaitSent(l -> l.size() > sentBefore, Duration.ofSeconds(5)).getLast();
        String otherPayment = paymentId(checkout(other));
        byte[] forged = new String(genuine.body(), java.nio.charset.Charset.forName("Shift_JIS"))
                .replace(otherPayment, paymentId(before)).getBytes(java.nio.charset.Charset.forName("Shift_JIS"));

        var r = postWebhook("sbps", genuine.headers(), forged);

        assertEquals(401, r.statusCode(), r.body());
        assertEquals(before, checkout(id));
    }

    @Test
    void anUnsignedPayPayNotificationIsOnlyBelievedWhenPayPayConfirmsIt() throws Exception {
        String id = newCheckout("FORGED-paypay");
        citizen.openProviderPage(base, id, "paypay");
        JsonNode before = checkout(id);
        String body = """
                {"notification_type":"Transaction","merchant_id":"100000000000000001","store_id":"","pos_id":"",
                 "order_id":"04000000000000000001","merchant_order_id":"%s","authorized_at":"","expires_at":"",
                 "paid_at":"2026-11-26T10:00:00Z","order_amount":300,"state":"COMPLETED"}""".formatted(paymentId(before));

        var r = postWebhook("paypay", Map.of("content-type", "application/json"), body.getBytes(StandardCharsets.UTF_8));

        assertEquals(200, r.statusCode(), "acknowledged as a hint: " + r.body());
        assertEquals(before.get("payments"), checkout(id).get("payments"), "PayPay says CREATED: nothing changes");
    }

    @ParameterizedTest
    @CsvSource({"paypay", "card"})
    void aProviderThatCannotStartThePaymentShowsTheCitizenAnErrorAndTheCheckoutStaysPayable(String method) throws Exception {
        String provider = providerOf(method);
        String id = newCheckout("START-" + method);
        simulator(provider).failNext(1, 502);

        var r = citizen.choose(base, id, method);

        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("お支払い事業者に接続できませんでした"), r.body());
        JsonNode c = checkout(id);
        assertEquals("failed", c.get("payments").get(0).get("status").asText(), "the citizen never got the provider's page");
        assertEquals("created", c.get("status").asText());
        citizen.pay(base, id, method, "pay");
        waitFor("paid", () -> checkout(id).get("status").asText().equals("paid") ? true : null);
    }
}
