package jp.kokin.checkout;

import static jp.kokin.domain.checkout.TestCatalogs.MOFA;
import static jp.kokin.domain.checkout.TestCatalogs.PASSPORT;
import static jp.kokin.domain.checkout.TestCatalogs.TOKYO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.HttpEvents;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.catalog.LocalizedText;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;
import jp.kokin.domain.checkout.LineAmount;
import jp.kokin.domain.checkout.RecordingPaymentProvider;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.Providers;
import jp.kokin.domain.receipt.InMemoryReceiptLedger;
import jp.kokin.domain.receipt.PayerNotice;
import jp.kokin.domain.receipt.Receipt;
import jp.kokin.domain.receipt.ReceiptService;
import jp.kokin.domain.receipt.RecordingReceiptDue;

/**
 * The receipt of a checkout with national lines, as the portals' API and the citizen's page show it: a
 * 領収書 for the other lines and the designated payment agent's notice (Art. 6(1)) for the national ones.
 */
class PayerNoticeReceiptTest {
    private static final String PORTAL_KEY = "myna-key";
    /** 2026-11-26 12:00 JST. */
    private static final Instant PAID_AT = Instant.parse("2026-11-26T03:00:00Z");

    private final TestClock clock = new TestClock(PAID_AT.plusSeconds(5));
    private final Catalog catalog = TestCatalogs.aTreasuryCatalog().build();
    private final InMemoryReceiptLedger ledger = new InMemoryReceiptLedger();
    private final InMemoryCheckoutRepository checkouts = new InMemoryCheckoutRepository();
    private final Map<String, Receipt> receipts = new HashMap<>();
    private final RecordingPaymentProvider sandbox = new RecordingPaymentProvider("sandbox");
    private final Providers providers = new Providers() {
        @Override
        public Optional<PaymentProvider> forMethod(String organizationCode, jp.kokin.domain.checkout.PaymentMethod method) {
            return Optional.of(sandbox);
        }

        @Override
        public Optional<PaymentProvider> named(String name) {
            return Optional.of(sandbox);
        }
    };
    private final CheckoutHandler handler = new CheckoutHandler(new CheckoutWiring(() -> catalog, checkouts,
            number -> Optional.ofNullable(receipts.get(number)), providers, new RecordingReceiptDue(),
            "https://pay.example.jp", clock));

    /** A checkout of {@code procedure} of {@code organization} paid at {@link #PAID_AT}, with its receipt issued. */
    private Receipt issued(String organization, String procedure) {
        Checkout created = TestCheckouts.aCheckout().forOrganization(organization).withItem(procedure, 1)
                .createdAt(PAID_AT.minus(Duration.ofMinutes(5))).build();
        Checkout paid = TestCheckouts.paid(created, PAID_AT).atVersion(2);
        ledger.put(paid);
        Result<ReceiptService.Issued> result = new ReceiptService(ledger, () -> catalog, clock).issue(paid.id());
        ReceiptService.Issued issued = ((Result.Ok<ReceiptService.Issued>) result).value();
        checkouts.put(issued.checkout());
        receipts.put(issued.receipt().number(), issued.receipt());
        return issued.receipt();
    }

    private JsonNode receiptJson(Receipt r) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpEvents.route("GET /v1/receipts/{number}")
                .path("number", r.number()).bearer(PORTAL_KEY).build(), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return Json.parse(response.getBody());
    }

    private String page(Receipt r, String lang) {
        var request = HttpEvents.route("GET /receipts/{number}/{token}").path("number", r.number()).path("token", r.token());
        if (lang != null) {
            request.query("lang", lang);
        }
        APIGatewayV2HTTPResponse response = handler.handleRequest(request.build(), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(response.getHeaders().get("content-type").startsWith("text/html"));
        return response.getBody();
    }

    private static Set<String> fields(JsonNode n) {
        Set<String> names = new TreeSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void thePassportReceiptJsonSaysWhatTheReceiptCoversAndCarriesTheNotice() {
        Receipt r = issued(TOKYO, PASSPORT);

        JsonNode json = receiptJson(r);

        assertEquals(16_000, json.path("amount").asLong());
        assertEquals(2_000, json.path("receiptAmount").asLong(), "the 領収書 covers 東京都's line");
        assertEquals(1, json.path("notices").size());
        JsonNode notice = json.path("notices").get(0);
        assertEquals(new TreeSet<>(List.of("number", "organizationCode", "ministryName", "agentName", "fiscalYear", "amount",
                "entrustedAt", "entrustedOn", "lines")), fields(notice));
        assertEquals("MOFA-2026-N0000001", notice.path("number").asText());
        assertEquals(MOFA, notice.path("organizationCode").asText());
        assertEquals("外務省", notice.path("ministryName").asText());
        assertEquals(catalog.treasury().agentName(), notice.path("agentName").asText());
        assertEquals(2026, notice.path("fiscalYear").asInt());
        assertEquals(14_000, notice.path("amount").asLong());
        assertEquals("2026-11-26T03:00:00Z", notice.path("entrustedAt").asText());
        assertEquals("2026-11-26", notice.path("entrustedOn").asText());
        JsonNode line = notice.path("lines").get(0);
        assertEquals(new TreeSet<>(List.of("procedureCode", "procedureName", "quantity", "revenueItem", "amount")), fields(line));
        assertEquals(PASSPORT, line.path("procedureCode").asText());
        assertEquals("一般旅券（10年）", line.path("procedureName").asText());
        assertEquals(1, line.path("quantity").asInt());
        assertEquals("016-01-01-01", line.path("revenueItem").path("code").asText());
        assertEquals("旅券法手数料", line.path("revenueItem").path("name").asText());
        assertEquals(14_000, line.path("amount").asLong());
    }

    @Test
    void theEntrustmentDateIsTheJstDate() {
        Checkout created = TestCheckouts.aCheckout().forOrganization(TOKYO).withItem(PASSPORT, 1)
                .createdAt(Instant.parse("2026-11-26T15:00:00Z")).build();
        Checkout paid = TestCheckouts.paid(created, Instant.parse("2026-11-26T15:30:00Z")).atVersion(2); // 00:30 JST on the 27th
        ledger.put(paid);
        var issued = ((Result.Ok<ReceiptService.Issued>) new ReceiptService(ledger, () -> catalog, clock).issue(paid.id())).value();
        checkouts.put(issued.checkout());
        receipts.put(issued.receipt().number(), issued.receipt());

        assertEquals("2026-11-27", receiptJson(issued.receipt()).path("notices").get(0).path("entrustedOn").asText());
    }

    @Test
    void aMunicipalReceiptJsonHasNoNoticesAndCoversItsWholeAmount() {
        Receipt r = issued(TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO);

        JsonNode json = receiptJson(r);

        assertEquals(json.path("amount").asLong(), json.path("receiptAmount").asLong());
        assertTrue(json.path("notices").isArray());
        assertEquals(0, json.path("notices").size());
    }

    @Test
    void thePassportPageShowsTheReceiptForThePrefecturesLineAndTheAgentsNoticeForTheNationalLine() {
        Receipt r = issued(TOKYO, PASSPORT);

        String page = page(r, null);

        assertTrue(page.contains("<html lang=\"ja\">"), page);
        assertTrue(page.contains("<h1>領収書</h1>"), page);
        assertTrue(page.contains("金額 <strong>2,000円</strong>（非課税）"), "the 領収書's total is receiptAmount: " + page);
        assertTrue(page.contains("<td>一般旅券（10年）</td><td class=\"num\">1</td><td class=\"num\">2,000円</td>"),
                "the 領収書 lists 東京都's share of the item: " + page);
        assertFalse(page.contains("16,000円"), page);
        assertTrue(page.contains("指定納付受託者の通知"), page);
        assertTrue(page.contains("（情報通信技術を利用する方法による国の歳入等の納付に関する法律第6条第1項）"), page);
        assertTrue(page.contains(escapeOf(catalog.treasury().agentName())), page);
        assertTrue(page.contains("<dd>外務省</dd>"), page);
        assertTrue(page.contains("旅券法手数料（016-01-01-01）"), page);
        assertTrue(page.contains("<strong>14,000円</strong>"), page);
        assertTrue(page.contains("<dt>納付受託日時</dt><dd>令和8年11月26日 12時00分（2026-11-26 12:00 日本時間）</dd>"), page);
        assertTrue(page.contains("MOFA-2026-N0000001"), page);
        assertTrue(page.indexOf("<h1>領収書</h1>") < page.indexOf("指定納付受託者の通知"), "the receipt, then the notice");
        assertFalse(page.contains("<script"), "printable, no script");
    }

    @Test
    void theEnglishPageSaysTheSameInEnglish() {
        Receipt r = issued(TOKYO, PASSPORT);

        String page = page(r, "en");

        assertTrue(page.contains("<html lang=\"en\">"), page);
        assertTrue(page.contains("<h1>Receipt</h1>"), page);
        assertTrue(page.contains("Amount <strong>¥2,000</strong> (no consumption tax)"), page);
        assertTrue(page.contains("Notice of the designated payment agent"), page);
        assertTrue(page.contains("Article 6(1)"), page);
        assertTrue(page.contains("<strong>¥14,000</strong>"), page);
        assertTrue(page.contains("<dt>Entrusted at</dt><dd>2026-11-26 12:00 (Japan time)</dd>"), page);
        assertTrue(page.contains("MOFA-2026-N0000001"), page);
        assertTrue(page.contains("旅券法手数料"), "the revenue item is named as the treasury names it: " + page);
        assertFalse(page.contains("<script"));
    }

    @Test
    void aCheckoutOfNationalLinesOnlyHasTheNoticeInPlaceOfAReceiptAndShowsItsReceiptNumber() {
        CheckoutItem visa = new CheckoutItem("visa", new LocalizedText("査証", "Visa"), 1,
                List.of(new LineAmount(MOFA, 3000, 3000)), 3000);
        PayerNotice notice = new PayerNotice("MOFA-2026-N0000007", MOFA, "外務省", "Kokin 指定納付受託者", 2026,
                List.of(new PayerNotice.Line(0, 0, "visa", "査証", 1, "016-01-01-02", "査証手数料", 3000)), 3000, PAID_AT);
        Receipt r = new Receipt("MOFA-2026-0000001", "chk_aaaaaaaaaaaaaaaaaaaaaaaaaa", MOFA, "APP-1", 3000, List.of(visa),
                PAID_AT, PAID_AT.plusSeconds(5), "a".repeat(Receipt.TOKEN_LENGTH), List.of(notice));

        String page = Pages.receipt(r, "外務省", List.of(), Language.JA);

        assertEquals(0, r.receiptAmount());
        assertFalse(page.contains("上記の金額を領収しました"), page);
        // the number it took from the body's receipt series is shown, so the printed series has no gap
        assertTrue(page.contains("領収書番号: <strong>MOFA-2026-0000001</strong>（全額が国の歳入のため、領収書に代えて上記の通知を交付します。）"),
                page);
        assertTrue(page.contains("<h1>指定納付受託者の通知"), page);
        assertTrue(page.contains("<title>指定納付受託者の通知 MOFA-2026-N0000007</title>"), page);
    }

    @Test
    void aMunicipalReceiptPageIsByteForByteWhatItWasBeforePayersNotices() throws IOException {
        Receipt r = new Receipt("131016-2026-0000001", "chk_01jd0000000000000000000000", "131016", "APP-2026-0001", 600,
                List.of(new CheckoutItem("juminhyo", new LocalizedText("住民票の写し", "Certificate of residence"), 2,
                        List.of(new LineAmount("131016", 300, 600)), 600)),
                Instant.parse("2026-11-26T03:00:00Z"), Instant.parse("2026-11-26T03:00:05Z"), "a".repeat(32));
        String before;
        try (InputStream in = getClass().getResourceAsStream("receipt-municipal-ja.html")) {
            before = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertEquals(before, Pages.receipt(r, "千代田区"));
    }

    private static String escapeOf(String text) {
        return jp.kokin.domain.format.Html.escape(text);
    }
}
