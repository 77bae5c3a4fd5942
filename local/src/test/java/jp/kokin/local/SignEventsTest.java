package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.kokin.adapters.catalog.CatalogCodec;
import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.ProviderRegistry;
import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.adapters.provider.stripe.StripeSignature;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.ProviderEventException;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderStatus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SignEvents} signs the webhook samples the way the adapters verify them (checked here with
 * the adapters built from the demo seed by their own registry), moves the body's times along, keeps
 * the files' layout, and refuses what it cannot sign without touching the file.
 */
class SignEventsTest {

    static final ObjectMapper json = new ObjectMapper();
    static final String PAYMENT = "pay_demodemodemodemodemodemode_1";
    /** The signed samples: file → provider account in the demo seed. */
    static final Map<String, String> SIGNED = Map.of(
            "provider-event-sandbox-payment-succeeded.json", "sandbox",
            "provider-event-stripe-checkout-session-completed.json", "stripe",
            "provider-event-sbps-dpay-result-ok.json", "sbps");

    @TempDir
    Path dir;

    /** {@code events/} beside {@code template.yaml}, above the working directory. */
    static Path eventsDir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("template.yaml")) && Files.isDirectory(d.resolve("events"))) {
                return d.resolve("events");
            }
        }
        throw new IllegalStateException("no events/ beside template.yaml above " + Path.of("").toAbsolutePath());
    }

    static JsonNode demoSeed() throws IOException {
        return json.readTree(SeedLoader.demoSeed("http://127.0.0.1:3000"));
    }

    /** The demo seed's accounts as the webhook function builds them (its registry, inline secrets). */
    static PaymentProvider demoAdapter(String name, Instant at) throws IOException {
        Catalog catalog = CatalogCodec.parse(json.readTree(DemoSecrets.admitDemoKeys(json.writeValueAsBytes(demoSeed()))));
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        var context = new ProviderContext(clock, ProviderContext.httpClient(Duration.ofSeconds(1)),
                SecretResolver.inlineOnly(clock), Duration.ofSeconds(1));
        return new ProviderRegistry(() -> catalog, context, ProviderRegistry.Sandbox.ENABLED).named(name).orElseThrow();
    }

    /** The notification an event carries, as received at {@code at}. */
    static InboundProviderEvent inbound(JsonNode event, Instant at) {
        Map<String, String> headers = new LinkedHashMap<>();
        event.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        return new InboundProviderEvent(headers, SignEvents.body((ObjectNode) event),
                event.path("requestContext").path("http").path("sourceIp").asText(), at);
    }

    /** When API Gateway received the event: {@code requestContext.timeEpoch}. */
    static Instant sentAt(JsonNode event) {
        return Instant.ofEpochMilli(event.path("requestContext").path("timeEpoch").asLong());
    }

    static ObjectNode sample(String file) throws IOException {
        return (ObjectNode) json.readTree(eventsDir().resolve(file).toFile());
    }

    @TestFactory
    Stream<DynamicTest> eachSignedSampleIsExactlyWhatSignEventsWritesForItsOwnTime() {
        return SIGNED.keySet().stream().sorted().map(file -> dynamicTest(file, () -> {
            String checkedIn = Files.readString(eventsDir().resolve(file));
            ObjectNode event = sample(file);

            assertTrue(SignEvents.sign(event, demoSeed().path("providers"), sentAt(event)).isPresent());

            assertEquals(checkedIn, SignEvents.write(event), "signature, times and layout reproduce");
        }));
    }

    @TestFactory
    Stream<DynamicTest> reSignedLaterTheAdapterBelievesTheSameReportWithItsTimesMovedAlong() {
        Duration shift = Duration.ofDays(40).plusHours(3).plusSeconds(17);
        return SIGNED.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> dynamicTest(e.getKey(), () -> {
            ObjectNode event = sample(e.getKey());
            Instant then = sentAt(event);
            Instant later = then.plus(shift);
            var original = assertInstanceOf(ProviderEvent.Report.class,
                    demoAdapter(e.getValue(), then).verify(inbound(event, then)));
            assertThrows(ProviderEventException.class, () -> demoAdapter(e.getValue(), later).verify(inbound(event, later)),
                    "as checked in, it is too old by then");

            SignEvents.sign(event, demoSeed().path("providers"), later);

            var resigned = assertInstanceOf(ProviderEvent.Report.class,
                    demoAdapter(e.getValue(), later).verify(inbound(event, later)));
            assertEquals(PAYMENT, resigned.paymentId());
            assertEquals(original.paymentId(), resigned.paymentId());
            assertEquals(original.occurredAt().plus(shift), resigned.occurredAt());
            var was = assertInstanceOf(ProviderStatus.Succeeded.class, original.status());
            var now = assertInstanceOf(ProviderStatus.Succeeded.class, resigned.status());
            assertEquals(300, now.amount());
            assertEquals(was.at().plus(shift), now.at(), "paid at the same moment of the story");
            assertEquals(later.toEpochMilli(), event.path("requestContext").path("timeEpoch").asLong());
            assertEquals(SignEvents.body(event).length, event.path("headers").path("content-length").asInt());
        }));
    }

    @Test
    void aPayPayNotificationIsNotSignedAndStaysAsItIs() throws Exception {
        ObjectNode event = sample("provider-event-paypay-transaction-completed.json");
        ObjectNode before = event.deepCopy();

        assertTrue(SignEvents.sign(event, demoSeed().path("providers"), Instant.now()).isEmpty());

        assertEquals(before, event);
    }

    @Test
    void theCommandRewritesTheFilesWithAnotherSeedsSecret() throws Exception {
        Path file = copy("provider-event-stripe-checkout-session-completed.json");
        Path seed = seedWith("stripe", "webhookSecret", List.of("whsec_current_one", "whsec_previous_one"));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Instant before = Instant.now().minusSeconds(1);

        int status = SignEvents.run(new String[] {"--seed", seed.toString(), file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("stripe (stripe) signed at"), out.toString(StandardCharsets.UTF_8));
        JsonNode event = json.readTree(file.toFile());
        String header = event.path("headers").path("stripe-signature").asText();
        byte[] body = SignEvents.body((ObjectNode) event);
        StripeSignature.verify(header, body, List.of("whsec_current_one"), Instant.now(), Duration.ofSeconds(300));
        assertThrows(StripeSignature.InvalidSignatureException.class, () -> StripeSignature.verify(header, body,
                List.of("whsec_KokinDemoStripeEndpointSecret0001"), Instant.now(), Duration.ofSeconds(300)));
        assertTrue(!sentAt(event).isBefore(before), "the request context is dated now too");
    }

    @Test
    void aSecretGivenAsAReferenceIsRefusedAndTheFileIsLeftAlone() throws Exception {
        Path file = copy("provider-event-sbps-dpay-result-ok.json");
        String original = Files.readString(file);
        Path seed = seedWith("sbps", "hashKey", "secretsmanager:kokin/sbps-hash-key");
        var err = new ByteArrayOutputStream();

        int status = SignEvents.run(new String[] {"--seed", seed.toString(), file.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(1, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("providers.sbps.hashKey is a reference"), err.toString());
        assertEquals(original, Files.readString(file));
    }

    @Test
    void anSbpsFormForAnotherMerchantIsRefused() throws Exception {
        Path seed = seedWith("sbps", "merchantId", "99999");
        ObjectNode event = sample("provider-event-sbps-dpay-result-ok.json");
        ObjectNode before = event.deepCopy();

        var e = assertThrows(SignEvents.SignException.class,
                () -> SignEvents.sign(event, json.readTree(seed.toFile()).path("providers"), Instant.now()));

        assertTrue(e.getMessage().contains("merchant_id 99999"), e.getMessage());
        assertEquals(before, event);
    }

    @Test
    void anEventForAnAccountTheSeedDoesNotHaveIsRefused() throws Exception {
        ObjectNode event = sample("provider-event-stripe-checkout-session-completed.json");
        event.withObjectProperty("pathParameters").put("provider", "stripe-tokyo");

        var e = assertThrows(SignEvents.SignException.class,
                () -> SignEvents.sign(event, demoSeed().path("providers"), Instant.now()));

        assertTrue(e.getMessage().contains("providers.stripe-tokyo"), e.getMessage());
    }

    @Test
    void withoutFilesOrWithAnUnknownOptionItPrintsTheUsage() {
        for (String[] args : List.of(new String[0], new String[] {"--sead", "x.json", "events/a.json"})) {
            var err = new ByteArrayOutputStream();
            assertEquals(2, SignEvents.run(args, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("jp.kokin.local.SignEvents [--seed FILE]"));
        }
    }

    private Path copy(String sample) throws IOException {
        return Files.copy(eventsDir().resolve(sample), dir.resolve(sample));
    }

    /** The demo seed with one setting of one account replaced. */
    private Path seedWith(String provider, String key, Object value) throws IOException {
        ObjectNode seed = (ObjectNode) demoSeed();
        ((ObjectNode) seed.path("providers").path(provider)).set(key, json.valueToTree(value));
        Path file = dir.resolve("seed.json");
        json.writeValue(file.toFile(), seed);
        return file;
    }
}
