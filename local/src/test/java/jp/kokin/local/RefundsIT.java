package jp.kokin.local;

import static jp.kokin.local.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.webhook.StandardWebhook;
import jp.kokin.webhook.PaymentJanitorHandler;
import jp.kokin.webhook.PaymentJanitorWiring;

/**
 * Refunds through the local runner, over HTTP, as a portal, two operators and a citizen use them,
 * for each provider's simulator (and the sandbox provider): the citizen pays, an operator requests
 * part of it back and a second operator approves (four eyes), the rest likewise, and a third
 * refund is refused; the portal receives each {@code refund.succeeded} notification, signed. Where
 * the provider cannot make the refund (SB Payment Service refunds d払い and au PAY only in whole), the portal is
 * told {@code refund.action_required} with the citizen's bank-account link, the citizen gives an
 * account on that page, and the settlement run pays it by bank transfer.
 */
class RefundsIT {
    private static final String PORTAL_KEY = "demo-portal-key";
    private static final String OPERATOR_KEY = "demo-operator-key";
    private static final String APPROVER_KEY = "demo-approver-key";
    /** The demo seed's 新宿区 takes card payments through the sandbox provider here (the others through the simulators). */
    private static final String SANDBOX_ORGANIZATION = "131041";

    private static LocalPlatform platform;
    private static String base;
    private static String portalSecret;
    private static PaymentJanitorHandler janitor;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Citizen citizen = new Citizen();

    @BeforeAll
    static void start() throws Exception {
        JsonNode seed;
        try (InputStream in = LocalPlatform.class.getResourceAsStream("/demo-seed.json")) {
            seed = Json.parse(in.readAllBytes());
        }
        portalSecret = seed.get("portals").get(0).get("notificationSecret").asText();
        for (JsonNode org : seed.get("organizations")) {
            if (org.get("code").asText().equals(SANDBOX_ORGANIZATION)) {
                ((ObjectNode) org).putObject("methods").put("card", "sandbox");
            }
        }
        Path seedFile = Files.createTempFile("kokin-refunds-seed", ".json");
        seedFile.toFile().deleteOnExit();
        Files.writeString(seedFile, Json.write(seed));
        platform = LocalPlatform.start(LocalOptions.defaults().withPort(0).withoutSchedules().withSeedFile(seedFile));
        base = platform.baseUrl();
        // The template's janitor, asking about refund work (and pending payments) at once rather than after minutes.
        Map<String, String> env = new LinkedHashMap<>(platform.provisioned().environmentOf("PaymentJanitorFunction"));
        env.putAll(platform.embeddedAws().awsEnv());
        env.put("PUBLIC_BASE_URL", base); // as the runner gives its functions: the bank-account links are on it
        env.put("SANDBOX_ENABLED", "true");
        env.put("ALLOW_LOOPBACK_URLS", "true");
        env.put("JANITOR_MIN_AGE_SECONDS", "0");
        env.put("PROVIDER_TIMEOUT_MS", "2000");
        janitor = new PaymentJanitorHandler(PaymentJanitorWiring.fromEnv(env));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    /** pay, refund 200 of 600 yen, refund the remaining 400, then a third refund of 1 yen is refused. */
    @ParameterizedTest(name = "{0}: {1} through {2}")
    @CsvSource({"sandbox, card, 131041", "paypay, paypay, 131016", "stripe, card, 131016"})
    void aPaymentIsRefundedInTwoPartsApprovedByASecondOperatorAndAThirdRefundIsRefused(String provider, String method,
                                                                                       String organization) throws Exception {
        String reference = "REFUND-" + provider.toUpperCase(java.util.Locale.ROOT);
        String id = paidCheckout(organization, reference, method, provider);

        // The first part: requested by one operator (with an Idempotency-Key, replayed once), approved by another.
        HttpResponse<String> requested = send(refundRequest(id, OPERATOR_KEY, "part-" + id, 200, "overpaid"), 201);
        JsonNode first = json(requested);
        String firstId = first.get("id").asText();
        assertEquals("/v1/refunds/" + firstId, requested.headers().firstValue("location").orElseThrow());
        assertTrue(firstId.matches("rfd_[a-z2-7]{26}_1"), firstId);
        assertEquals("requested", first.get("status").asText(), first.toString());
        assertEquals(200, first.get("amount").asLong());
        HttpResponse<String> replay = send(refundRequest(id, OPERATOR_KEY, "part-" + id, 200, "overpaid"), 200);
        assertEquals("true", replay.headers().firstValue("idempotent-replayed").orElse(""));
        assertEquals(firstId, json(replay).get("id").asText(), "the same refund, not a second one");

        assertProblem(403, "same_principal", send(post("/v1/refunds/" + firstId + "/approve", OPERATOR_KEY, "{}")));
        assertProblem(403, "forbidden", send(post("/v1/refunds/" + firstId + "/approve", PORTAL_KEY, "{}")));
        send(post("/v1/refunds/" + firstId + "/approve", APPROVER_KEY, "{}"), 200);
        JsonNode firstDone = refundReaching(firstId, "succeeded");
        assertEquals(provider, checkout(id).get("payments").get(0).get("provider").asText());
        JsonNode half = checkout(id);
        assertEquals(200, half.get("refundedAmount").asLong(), half.toString());
        assertEquals(400, half.get("refundableAmount").asLong(), half.toString());

        // The rest, asked for by the portal this time; approved by an operator.
        String secondId = json(send(refundRequest(id, PORTAL_KEY, null, 400, "not_rendered"), 201)).get("id").asText();
        send(post("/v1/refunds/" + secondId + "/approve", OPERATOR_KEY, "{\"note\":\"application withdrawn\"}"), 200);
        JsonNode secondDone = refundReaching(secondId, "succeeded");

        // Nothing is left: a third refund is refused, saying so.
        JsonNode refused = assertProblem(409, "refund_exceeds_refundable", send(refundRequest(id, OPERATOR_KEY, null, 1, "overpaid")));
        assertEquals(0, refused.get("refundableAmount").asLong(), refused.toString());
        JsonNode after = checkout(id);
        assertEquals(600, after.get("refundedAmount").asLong(), after.toString());
        assertEquals(0, after.get("refundableAmount").asLong(), after.toString());
        assertEquals(2, json(send(get("/v1/checkouts/" + id + "/refunds", PORTAL_KEY), 200)).get("refunds").size());

        // The portal heard of each, signed, under a stable webhook-id, with the refund notice number.
        Map<String, JsonNode> heard = signedNotifications(id, 2);
        assertEquals(List.of("msg_" + firstId + "_succeeded", "msg_" + secondId + "_succeeded"), List.copyOf(heard.keySet()));
        for (JsonNode done : List.of(firstDone, secondDone)) {
            JsonNode n = heard.get("msg_" + done.get("id").asText() + "_succeeded");
            assertEquals("refund.succeeded", n.get("type").asText());
            assertEquals(done.get("amount").asLong(), n.get("data").get("amount").asLong());
            assertEquals(reference, n.get("data").get("reference").asText());
            assertEquals(done.get("noticeNumber").asText(), n.get("data").get("noticeNumber").asText());
            assertFalse(done.get("noticeNumber").isNull(), done.toString());
        }
    }

    /**
     * SB Payment Service refunds a d払い or au PAY payment only in whole (its refund request carries no amount),
     * so each part is paid by bank transfer: the portal gets the citizen's link, the citizen gives an
     * account once, and the settlement run's refund transfer file pays it.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"dpay", "aupay"})
    void aPartialRefundThatTheProviderCannotMakeIsPaidByBankTransferToTheAccountTheCitizenGives(String method) throws Exception {
        String id = paidCheckout("131016", "REFUND-" + method.toUpperCase(java.util.Locale.ROOT), method, "sbps");

        String firstId = json(send(refundRequest(id, OPERATOR_KEY, null, 200, "overpaid"), 201)).get("id").asText();
        send(post("/v1/refunds/" + firstId + "/approve", APPROVER_KEY, "{}"), 200);
        refundReaching(firstId, "bank_transfer_required");
        String link = bankAccountLink(id, firstId);
        assertTrue(link.startsWith(base + "/refunds/" + firstId + "/bank-account/"), link);

        String form = send(get(link, null), 200).body();
        assertTrue(form.contains("返金の振込先口座のご登録") && form.contains("200円"), form);
        var given = send(formPost(link, "bankCode=0005&branchCode=123&accountType=1&accountNumber=7654321&holderKana="
                + Citizen.browserEncode("やまだ はなこ", StandardCharsets.UTF_8)), 303);
        assertEquals(URI.create(link).getPath(), given.headers().firstValue("location").orElseThrow());
        assertTrue(send(get(link, null), 200).body().contains("口座情報を受け付けました"));
        assertTrue(send(formPost(link, "bankCode=0001&branchCode=001&accountType=1&accountNumber=1&holderKana=ABC"), 409)
                .body().contains("このリンクはすでに使われています"), "single use");
        String wrongToken = link.substring(0, link.length() - 1) + (link.endsWith("a") ? "b" : "a");
        assertEquals(send(get(base + "/refunds/rfd_unknown/bank-account/x", null), 404).body(), send(get(wrongToken, null), 404).body());

        String secondId = json(send(refundRequest(id, OPERATOR_KEY, null, 400, "overpaid"), 201)).get("id").asText();
        send(post("/v1/refunds/" + secondId + "/approve", APPROVER_KEY, "{}"), 200);
        refundReaching(secondId, "bank_transfer_required");
        send(formPost(bankAccountLink(id, secondId), "bankCode=9900&branchCode=018&accountType=1&accountNumber=1234567"
                + "&holderKana=" + Citizen.browserEncode("ヤマダ ハナコ", StandardCharsets.UTF_8)), 303);

        assertProblem(409, "refund_exceeds_refundable", send(refundRequest(id, OPERATOR_KEY, null, 1, "overpaid")));

        // The settlement run of the payment's business day pays both by bank transfer; once it is
        // complete the refunds succeed, are numbered and notified.
        String date = JapaneseDates.businessDate(Instant.parse(checkout(id).get("paidAt").asText())).toString();
        send(post("/_local/invoke/SettlementFunction", null, "{\"businessDate\":\"" + date + "\"}"), 200);
        refundReaching(firstId, "succeeded");
        refundReaching(secondId, "succeeded");
        Map<String, JsonNode> heard = signedNotifications(id, 4);
        for (String refundId : List.of(firstId, secondId)) {
            List<String> types = heard.entrySet().stream()
                    .filter(e -> e.getValue().get("data").get("refundId").asText().equals(refundId))
                    .peek(e -> assertTrue(e.getKey().startsWith("msg_" + refundId + "_"), e.getKey()))
                    .map(e -> e.getValue().get("type").asText()).sorted().toList();
            assertEquals(List.of("refund.action_required", "refund.succeeded"), types, refundId + ": " + heard.keySet());
            assertTrue(heard.containsKey("msg_" + refundId + "_succeeded"), heard.keySet().toString());
        }
    }

    // --- steps ---

    /** A 600-yen checkout (two 住民票) of {@code organization}, paid with {@code method} on {@code provider}'s page, with its receipt. */
    private String paidCheckout(String organization, String reference, String method, String provider) throws Exception {
        String id = json(send(post("/v1/checkouts", PORTAL_KEY, """
                {"organizationCode":"%s","items":[{"procedureCode":"juminhyo","quantity":2}],
                 "reference":"%s","returnUrl":"%s/_local/portal/return"}""".formatted(organization, reference, base)), 201))
                .get("id").asText();
        citizen.pay(base, id, method, provider.equals("sandbox") ? "succeeded" : "pay");
        JsonNode paid = waitFor("the receipt of " + reference, () -> {
            JsonNode c = checkout(id);
            return c.get("receipt").isNull() ? null : c;
        });
        assertEquals(provider, paid.get("payments").get(0).get("provider").asText());
        assertTrue(paid.has("refundableAmount"), "the checkout JSON has no refundableAmount: is the refund API there? " + paid);
        assertEquals(600, paid.get("refundableAmount").asLong(), paid.toString());
        assertEquals(0, paid.get("refundedAmount").asLong(), paid.toString());
        return id;
    }

    private HttpRequest refundRequest(String checkoutId, String key, String idempotencyKey, long amount, String reason) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/checkouts/" + checkoutId + "/refunds"))
                .header("content-type", "application/json").header("authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":" + amount + ",\"reason\":\"" + reason + "\"}"));
        if (idempotencyKey != null) {
            b.header("idempotency-key", idempotencyKey);
        }
        return b.build();
    }

    /**
     * Waits until refund {@code refundId} is {@code status} (and, once succeeded, numbered), running
     * the janitor meanwhile: it submits approved refunds, asks about submitted ones, numbers and notifies.
     */
    private JsonNode refundReaching(String refundId, String status) throws Exception {
        return waitFor("refund " + refundId + " " + status, () -> {
            JsonNode r = json(send(get("/v1/refunds/" + refundId, OPERATOR_KEY), 200));
            boolean there = r.get("status").asText().equals(status)
                    && (!status.equals("succeeded") || !r.path("noticeNumber").isNull());
            if (there) {
                return r;
            }
            assertFalse(List.of("failed", "rejected").contains(r.get("status").asText()), r.toString());
            janitor.run();
            return null;
        });
    }

    /** The bank-account link of the portal's {@code refund.action_required} notification about {@code refundId}. */
    private String bankAccountLink(String checkoutId, String refundId) throws Exception {
        JsonNode n = waitFor("refund.action_required of " + refundId, () -> signedNotifications(checkoutId, 0).values().stream()
                .filter(b -> b.get("type").asText().equals("refund.action_required")
                        && b.get("data").get("refundId").asText().equals(refundId))
                .findFirst().orElse(null));
        assertEquals("bank_transfer_required", n.get("data").get("status").asText());
        return n.get("data").get("bankAccountUrl").asText();
    }

    /**
     * The portal's refund notifications about checkout {@code id} by webhook-id (repeats have the same
     * id), each verified with the portal's secret as a Standard Webhooks receiver does; waits for
     * at least {@code atLeast}.
     */
    private Map<String, JsonNode> signedNotifications(String id, int atLeast) throws Exception {
        return waitFor(atLeast + " refund notifications of " + id, () -> {
            Map<String, JsonNode> mine = new TreeMap<>();
            for (PortalMock.Notification n : platform.portalNotifications()) {
                JsonNode body = Json.parse(n.body());
                if (body.get("type").asText().startsWith("refund.") && id.equals(body.get("data").get("checkoutId").asText())) {
                    StandardWebhook.verify(List.of(portalSecret), n.webhookId(), n.webhookTimestamp(), n.webhookSignature(),
                            n.body().getBytes(StandardCharsets.UTF_8), Instant.now());
                    mine.put(n.webhookId(), body);
                }
            }
            return mine.size() >= atLeast ? mine : null;
        });
    }

    // --- HTTP ---

    private JsonNode checkout(String id) throws Exception {
        return json(send(get("/v1/checkouts/" + id, PORTAL_KEY), 200));
    }

    private HttpRequest post(String path, String key, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            b.header("authorization", "Bearer " + key);
        }
        return b.build();
    }

    private HttpRequest get(String pathOrUrl, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl)).GET();
        if (key != null) {
            b.header("authorization", "Bearer " + key);
        }
        return b.build();
    }

    private static HttpRequest formPost(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpRequest request, int expectedStatus) throws Exception {
        HttpResponse<String> response = send(request);
        assertEquals(expectedStatus, response.statusCode(), request.method() + " " + request.uri() + " → " + response.body());
        return response;
    }

    private static JsonNode assertProblem(int status, String code, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(""));
        JsonNode problem = Json.parse(response.body());
        assertEquals(code, problem.get("code").asText(), response.body());
        return problem;
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body());
    }
}
