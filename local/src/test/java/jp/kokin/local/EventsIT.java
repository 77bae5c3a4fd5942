package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import jp.kokin.adapters.provider.stripe.StripeSignature;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Reply;
import jp.kokin.domain.webhook.StandardWebhook;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample event in {@code events/} is accepted by its function: posted to
 * {@code /_local/invoke/{LogicalId}} of the local platform (demo seed), none fails the invocation
 * (502) or answers 5xx, and each answers what that event should get on a fresh running.platform().
 * The file name says the function: {@code events/<function>-<case>.json}.
 */
class EventsIT {

    /** File name prefix → logical id in template.yaml (longest prefix wins). */
    static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("checkout-", "CheckoutFunction"),
            Map.entry("checkout-history-", "CheckoutHistoryFunction"),
            Map.entry("console-", "ConsoleFunction"),
            Map.entry("provider-event-", "ProviderEventFunction"),
            Map.entry("receipt-sweeper-", "ReceiptSweeperFunction"),
            Map.entry("receipt-", "ReceiptFunction"),
            Map.entry("portal-notification-", "PortalNotificationFunction"),
            Map.entry("settlement-api-", "SettlementApiFunction"),
            Map.entry("settlement-", "SettlementFunction"),
            Map.entry("sandbox-", "SandboxProviderFunction"),
            Map.entry("payment-janitor-", "PaymentJanitorFunction"),
            Map.entry("treasury-report-", "TreasuryReportFunction"));

    @RegisterExtension
    static final RunningPlatform running = new RunningPlatform();
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper json = new ObjectMapper();

    static Path eventsDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("events"))) {
                return dir.resolve("events");
            }
        }
        throw new IllegalStateException("no events/ beside template.yaml above " + Path.of("").toAbsolutePath());
    }

    static List<Path> eventFiles() {
        try (Stream<Path> files = Files.list(eventsDir())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String functionOf(String fileName) {
        return FUNCTIONS.entrySet().stream().filter(e -> fileName.startsWith(e.getKey()))
                .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                .map(Map.Entry::getValue)
                .orElseThrow(() -> new AssertionError(fileName + " does not start with a known function prefix " + FUNCTIONS.keySet()));
    }

    static HttpResponse<String> invoke(String functionId, byte[] event) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(running.platform().baseUrl() + "/_local/invoke/" + functionId))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode problem(JsonNode apiResponse) {
        try {
            return json.readTree(apiResponse.path("body").asText());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + apiResponse, e);
        }
    }

    static Consumer<JsonNode> api(int status, String problemCode) {
        return r -> {
            assertEquals(status, r.path("statusCode").asInt(), r.toString());
            if (problemCode != null) {
                assertEquals("application/problem+json", r.path("headers").path("content-type").asText(), r.toString());
                assertEquals(problemCode, problem(r).path("code").asText(), r.toString());
            }
        };
    }

    static Consumer<JsonNode> page(int status) {
        return r -> {
            assertEquals(status, r.path("statusCode").asInt(), r.toString());
            assertTrue(r.path("headers").path("content-type").asText().startsWith("text/html"), r.toString());
        };
    }

    /**
     * A signed webhook sample: its demo seed account, how long after it was sent the adapter still
     * believes it, and the provider's acknowledgement.
     */
    record SignedSample(String file, String provider, Duration window, String acknowledgement) {}

    static final SignedSample SANDBOX_SAMPLE = new SignedSample("provider-event-sandbox-payment-succeeded.json", "sandbox",
            StandardWebhook.TOLERANCE, "{\"received\":true}");
    static final SignedSample STRIPE_SAMPLE = new SignedSample("provider-event-stripe-checkout-session-completed.json", "stripe",
            Duration.ofSeconds(StripeSignature.DEFAULT_TOLERANCE_SECONDS), "{\"received\":true}");
    /** The demo seed sets no {@code notificationMaxAgeSeconds} for SBPS: the adapter's default, a day. */
    static final SignedSample SBPS_SAMPLE = new SignedSample("provider-event-sbps-dpay-result-ok.json", "sbps",
            Duration.ofDays(1), "OK,");

    /**
     * The provider's acknowledgement, exactly as the account's adapter (built from the demo seed by
     * its registry) answers a notification it accepts: status, content type and {@code body}.
     */
    static Consumer<JsonNode> acknowledged(String provider, String body) {
        return r -> {
            Reply reply;
            try {
                reply = SignEventsTest.demoAdapter(provider, Instant.now()).accepted();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertEquals(body, reply.body(), "the " + provider + " adapter's acknowledgement");
            assertEquals(reply.status(), r.path("statusCode").asInt(), r.toString());
            assertEquals(reply.contentType(), r.path("headers").path("content-type").asText(), r.toString());
            assertEquals(reply.body(), r.path("body").asText(), r.toString());
        };
    }

    /**
     * A signed sample as checked in: refused as {@code invalid_signature} once more than
     * {@code window} has passed since it was sent ({@code requestContext.timeEpoch}), acknowledged
     * before that (either, within a minute of the boundary).
     */
    static Consumer<JsonNode> signedAsCheckedIn(SignedSample sample) {
        return r -> {
            Instant stale;
            try {
                stale = SignEventsTest.sentAt(json.readTree(eventsDir().resolve(sample.file()).toFile())).plus(sample.window());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Instant now = Instant.now();
            if (now.isAfter(stale.plusSeconds(60))) {
                api(401, "invalid_signature").accept(r);
            } else if (now.isBefore(stale.minusSeconds(60))) {
                acknowledged(sample.provider(), sample.acknowledgement()).accept(r);
            } else {
                int status = r.path("statusCode").asInt();
                assertTrue(status == 200 || status == 401, r.toString());
            }
        };
    }

    /** What each sample gets on a fresh platform with the demo seed (no checkout exists but the ones created here). */
    static final Map<String, Consumer<JsonNode>> EXPECTED = Map.ofEntries(
            Map.entry("checkout-create.json", r -> {
                assertEquals(201, r.path("statusCode").asInt(), r.toString());
                JsonNode c = problem(r);
                assertEquals(300, c.path("amount").asLong(), c.toString());
                assertEquals("created", c.path("status").asText());
            }),
            Map.entry("checkout-get.json", api(404, "not_found")),
            Map.entry("checkout-cancel.json", api(404, "not_found")),
            Map.entry("checkout-get-receipt.json", api(404, "not_found")),
            Map.entry("checkout-payment-page.json", page(404)),
            Map.entry("checkout-choose-method.json", page(404)),
            Map.entry("checkout-refund-bank-account-page.json", page(404)),
            Map.entry("checkout-refund-request.json", api(404, "not_found")),
            Map.entry("checkout-refund-approve.json", api(404, "not_found")),
            // signed with the demo seed's secrets for their own time: rejected once that is past the adapter's window
            // (see events/README.md); theSignedWebhookSamples… below shows that only their age is rejected
            Map.entry(SANDBOX_SAMPLE.file(), signedAsCheckedIn(SANDBOX_SAMPLE)),
            Map.entry(STRIPE_SAMPLE.file(), signedAsCheckedIn(STRIPE_SAMPLE)),
            Map.entry(SBPS_SAMPLE.file(), signedAsCheckedIn(SBPS_SAMPLE)),
            // unsigned: a hint about a payment the ledger does not know; acknowledged, nothing changes
            Map.entry("provider-event-paypay-transaction-completed.json", acknowledged("paypay", "OK")),
            Map.entry("settlement-api-statements.json", r -> {
                assertEquals(200, r.path("statusCode").asInt(), r.toString());
                assertEquals("2026-11-26", problem(r).path("date").asText(), r.toString());
            }),
            Map.entry("settlement-api-transfer-file.json", api(404, "settlement_not_found")),
            Map.entry("settlement-api-statement-csv.json", api(404, "not_found")),
            Map.entry("settlement-api-runs.json", r -> {
                assertEquals(200, r.path("statusCode").asInt(), r.toString());
                assertEquals(0, problem(r).path("runs").size(), r.toString());
            }),
            Map.entry("settlement-api-run.json", api(404, "not_found")),
            Map.entry("settlement-api-run-transfer-file.json", api(404, "not_found")),
            Map.entry("settlement-api-run-statement-csv.json", api(404, "not_found")),
            Map.entry("settlement-api-run-refund-transfer-file.json", api(404, "not_found")),
            Map.entry("settlement-api-run-repayment-request-csv.json", api(404, "not_found")),
            Map.entry("settlement-api-payins-due.json", r -> {
                assertEquals(200, r.path("statusCode").asInt(), r.toString());
                assertEquals(0, problem(r).path("payins").size(), r.toString());
            }),
            Map.entry("settlement-api-payin.json", api(404, "not_found")),
            Map.entry("settlement-api-payin-slip-html.json", api(404, "not_found")),
            Map.entry("settlement-api-payin-paid.json", api(404, "not_found")),
            Map.entry("settlement-api-payin-confirmed.json", api(404, "not_found")),
            Map.entry("settlement-api-outstanding.json", r -> {
                assertEquals(200, r.path("statusCode").asInt(), r.toString());
                assertEquals(0, problem(r).path("amount").asLong(-1), r.toString());
                assertEquals(0, problem(r).path("ministries").size(), r.toString());
            }),
            // November 2026 is not settled on a fresh platform: the report of a period not settled is refused
            Map.entry("settlement-api-treasury-report-csv.json", api(400, "invalid_request")),
            // November is not settled on a fresh platform: the report job drops the message (logged, counted), no retry
            Map.entry("treasury-report-november.json", r -> assertEquals(0, r.path("batchItemFailures").size(), r.toString())),
            Map.entry("sandbox-checkout-page.json", page(404)),
            // the sample checkout does not exist here: the record is reported failed, to be retried
            Map.entry("receipt-paid-checkout.json", r -> assertEquals("0f6e4c1a-7b1e-4d2a-9c1e-000000000001",
                    r.path("batchItemFailures").path(0).path("itemIdentifier").asText(), r.toString())),
            // a checkout item removed (only a test clean-up would): no history, nothing to retry
            Map.entry("console-payments-signed-out.json", r -> {
                assertEquals(303, r.path("statusCode").asInt(), r.toString());
                assertEquals("/console/auth/sign-in?next=%2Fconsole%2Fpayments%3Ffrom%3D2026-11-20%26to%3D2026-11-26",
                        r.path("headers").path("Location").asText(), r.toString());
            }),
            Map.entry("console-sign-in.json", r -> {
                assertEquals(303, r.path("statusCode").asInt(), r.toString());
                String location = r.path("headers").path("Location").asText();
                assertTrue(location.startsWith(running.platform().baseUrl() + "/_oidc/authorize?"), location);
                assertTrue(location.contains("code_challenge_method=S256"), location);
            }),
            Map.entry("checkout-history-checkout-removed.json", r -> assertEquals(0, r.path("batchItemFailures").size(), r.toString())),
            // delivered to the demo portal (the local runner's mock portal)
            Map.entry("portal-notification-receipt-issued.json", r -> {
                assertEquals(0, r.path("batchItemFailures").size(), r.toString());
                assertTrue(running.platform().portalNotifications().stream()
                        .anyMatch(n -> "msg_chk_demodemodemodemodemodemode_receipt".equals(n.webhookId())), "the portal got it");
            }),
            Map.entry("settlement-schedule.json", r -> assertEquals("2026-11-26", r.path("businessDate").asText(), r.toString())),
            // no run has completed on a fresh platform: nothing can be late
            Map.entry("settlement-watch.json", r -> {
                assertEquals(0, r.path("latePayments").asLong(-1), r.toString());
                assertEquals(0, r.path("payinsDueSoon").asLong(-1), r.toString());
                assertEquals(0, r.path("payinsOverdue").asLong(-1), r.toString());
                assertEquals(0, r.path("payinsPastCutoff").asLong(-1), r.toString());
            }),
            Map.entry("receipt-sweeper-schedule.json", r -> assertEquals(0, r.path("enqueued").asInt(), r.toString())),
            // nothing is pending on a fresh platform: nothing asked, nothing failed
            Map.entry("payment-janitor-schedule.json", r -> {
                assertTrue(r.isObject(), r.toString());
                assertEquals(0, r.path("recorded").asInt(), r.toString());
                assertEquals(0, r.path("failed").asInt(0), r.toString());
            }));

    @TestFactory
    Stream<DynamicTest> everySampleEventIsAcceptedByItsFunction() {
        List<Path> files = eventFiles();
        assertFalse(files.isEmpty(), "events/ has samples");
        return files.stream().map(file -> dynamicTest(file.getFileName().toString(), () -> {
            String name = file.getFileName().toString();
            byte[] event = Files.readAllBytes(file);
            JsonNode parsed = json.readTree(event);
            if (parsed.has("routeKey")) {
                assertEquals("2.0", parsed.path("version").asText(), name + " is an HTTP API payload 2.0 event");
            }

            var response = invoke(functionOf(name), event);

            assertEquals(200, response.statusCode(), name + " failed the invocation: " + response.body());
            JsonNode result = json.readTree(response.body());
            assertNotNull(result, name);
            if (parsed.has("routeKey")) {
                int status = result.path("statusCode").asInt();
                assertTrue(status >= 200 && status < 500, name + " answered " + status + ": " + response.body());
            }
            Consumer<JsonNode> expected = EXPECTED.get(name);
            if (expected != null) {
                expected.accept(result);
            }
        }));
    }

    @Test
    void everyExpectationHasItsSample() {
        List<String> names = eventFiles().stream().map(p -> p.getFileName().toString()).toList();
        List<String> missing = new ArrayList<>(EXPECTED.keySet());
        missing.removeAll(names);
        assertEquals(List.of(), missing, "samples listed here but missing from events/");
    }

    /**
     * Each signed webhook sample is signed with the demo seed's secret for its own time: the
     * account's adapter believes it (a success of 300 yen for the sample payment) when it was sent
     * and refuses it once its window has passed; re-signed now by {@link SignEvents}, the webhook
     * function acknowledges it the way the provider expects (the ledger has no such payment:
     * nothing changes).
     */
    @TestFactory
    Stream<DynamicTest> theSignedWebhookSamplesAreSignedWithTheDemoSecretsAndOnlyTheirAgeIsRejected() {
        return Stream.of(SANDBOX_SAMPLE, STRIPE_SAMPLE, SBPS_SAMPLE).map(s -> dynamicTest(s.file(), () -> {
            ObjectNode event = (ObjectNode) json.readTree(eventsDir().resolve(s.file()).toFile());
            Instant sent = SignEventsTest.sentAt(event);
            Instant tooLate = sent.plus(s.window()).plusSeconds(1);

            var report = assertInstanceOf(ProviderEvent.Report.class,
                    SignEventsTest.demoAdapter(s.provider(), sent).verify(SignEventsTest.inbound(event, sent)));
            assertEquals("pay_demodemodemodemodemodemode_1", report.paymentId());
            assertEquals(300, assertInstanceOf(ProviderStatus.Succeeded.class, report.status()).amount());
            var stale = assertThrows(ProviderEventException.class, () -> SignEventsTest.demoAdapter(s.provider(), tooLate)
                    .verify(SignEventsTest.inbound(event, tooLate)));
            assertEquals(ProviderEventException.Kind.UNAUTHENTICATED, stale.kind());

            JsonNode seed = json.readTree(SeedLoader.demoSeed(running.platform().baseUrl()));
            assertTrue(SignEvents.sign(event, seed.path("providers"), Instant.now()).isPresent());
            var response = invoke("ProviderEventFunction", json.writeValueAsBytes(event));

            assertEquals(200, response.statusCode(), response.body());
            acknowledged(s.provider(), s.acknowledgement()).accept(json.readTree(response.body()));
        }));
    }
}
