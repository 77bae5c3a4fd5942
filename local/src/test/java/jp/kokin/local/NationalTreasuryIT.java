package jp.kokin.local;

import static jp.kokin.local.PlatformHttp.get;
import static jp.kokin.local.PlatformHttp.json;
import static jp.kokin.local.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.domain.calendar.BankCalendar;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.format.zengin.TransferFile;
import jp.kokin.domain.format.zengin.ZenginReader;

/**
 * A passport fee (外務省 14,000 yen paid into the national treasury, 東京都 2,000 yen by transfer)
 * through the local runner, as the citizen, the portal and the agent's operators see it: the receipt
 * page carries the municipal receipt and the agent's notice (Art. 6(1)); the settlement run's Zengin
 * file holds 東京都's line only and a pay-in (国庫納付) for 外務省 holds the national line, due on a
 * bank business day; the 納付書, the Art. 6(2) report and the notice show the same figures; an
 * operator records the pay-in paid, then confirmed, and each step is audited. Its own platform: the
 * day holds this test's payment only.
 */
class NationalTreasuryIT {
    private static final String PORTAL_KEY = "demo-portal-key";
    private static final String OPERATOR_KEY = "demo-operator-key";
    private static final String APPROVER_KEY = "demo-approver-key";
    private static final String REFERENCE = "E2E-NATIONAL-PASSPORT";
    @RegisterExtension
    static final RunningPlatform running = new RunningPlatform();
    private final String base = running.baseUrl();
    private final PlatformHttp web = new PlatformHttp(base);

    @Test
    void aPassportFeeGoesToTheTreasuryByAPayInAndToThePrefectureByTransfer() throws Exception {
        // The citizen pays a passport fee by card; the portal gets the receipt with the agent's notice.
        String id = json(web.send(web.post("/v1/checkouts", PORTAL_KEY, """
                {"organizationCode":"130001","items":[{"procedureCode":"passport-10y","quantity":1}],
                 "reference":"%s","returnUrl":"%s/_local/portal/return"}
                """.formatted(REFERENCE, base)), 201)).get("id").asText();
        web.payByCard(id);
        JsonNode checkout = waitFor("the receipt of " + id, () -> {
            JsonNode c = json(web.send(get(base + "/v1/checkouts/" + id, PORTAL_KEY), 200));
            return c.path("receipt").isObject() ? c : null;
        });
        String date = JapaneseDates.businessDate(Instant.parse(checkout.get("paidAt").asText())).toString();
        JsonNode receipt = json(web.send(get(base + "/v1/receipts/" + checkout.get("receipt").get("number").asText(),
                PORTAL_KEY), 200));
        assertEquals(16000, receipt.get("amount").asLong());
        assertEquals(2000, receipt.get("receiptAmount").asLong());
        assertEquals(1, receipt.get("notices").size());
        JsonNode notice = receipt.get("notices").get(0);
        assertEquals("MOFA", notice.get("organizationCode").asText());
        assertEquals(14000, notice.get("amount").asLong());
        assertEquals(date, notice.get("entrustedOn").asText());
        String noticeNumber = notice.get("number").asText();
        assertEquals("MOFA-" + JapaneseDates.fiscalYear(LocalDate.parse(date)) + "-N0000001", noticeNumber);
        String page = web.send(get(checkout.get("receipt").get("url").asText(), null), 200).body();
        assertTrue(page.contains("指定納付受託者") && page.contains(noticeNumber) && page.contains("14,000")
                && page.contains("2,000"), page);

        // The run of the day: the Zengin file pays 東京都 2,000 yen and nothing to 外務省.
        JsonNode run = json(web.send(web.post("/_local/invoke/SettlementFunction", null, "{\"businessDate\":\"" + date + "\"}"), 200));
        assertEquals(1, run.get("payins").asInt(), run.toString());
        assertEquals(14000, run.get("payinAmount").asLong(), run.toString());
        // two people release the run's transfer files: one operator prepares, another approves
        HttpResponse<byte[]> file = web.releaseAndDownloadTransferFile(date, run.get("runId").asText(), OPERATOR_KEY, APPROVER_KEY);
        TransferFile transfers = ZenginReader.read(file.body());
        assertEquals(1, transfers.count());
        assertEquals(2000, transfers.totalAmount());

        // One pay-in for 外務省: 14,000 yen, due on a bank business day (5 of them after the date, as the catalog says).
        JsonNode payins = json(web.send(get(base + "/v1/treasury/payins?businessDate=" + date, OPERATOR_KEY), 200)).get("payins");
        assertEquals(1, payins.size(), payins.toString());
        JsonNode payin = payins.get(0);
        String payinId = payin.get("id").asText();
        assertEquals("MOFA", payin.get("organizationCode").asText());
        assertEquals(14000, payin.get("amount").asLong());
        assertEquals(1, payin.get("count").asInt());
        assertEquals("due", payin.get("status").asText());
        assertEquals(JapaneseDates.fiscalYear(LocalDate.parse(date)), payin.get("fiscalYear").asInt());
        assertEquals("旅券法手数料", payin.get("revenueItem").get("name").asText());
        LocalDate due = LocalDate.parse(payin.get("dueDate").asText());
        assertEquals(due, fifthBusinessDayAfter(LocalDate.parse(date)));
        JsonNode runView = json(web.send(get(base + "/v1/settlement-runs/" + run.get("runId").asText(), OPERATOR_KEY), 200));
        assertEquals(16000, runView.get("amount").asLong(), "the run took the whole payment");
        assertEquals(1, runView.get("payins").size(), runView.toString());
        assertEquals(payinId, runView.get("payins").get(0).get("id").asText());
        assertEquals("/v1/treasury/payins/" + payinId, runView.get("payins").get(0).get("href").asText());
        assertEquals(List.of("130001"), runView.get("statements").findValuesAsText("creditorCode"));
        JsonNode outstanding = json(web.send(get(base + "/v1/treasury/outstanding", OPERATOR_KEY), 200));
        assertEquals(14000, outstanding.get("amount").asLong(), outstanding.toString());

        // The 納付書, the report and the notice show the same figures.
        String slipCsv = web.send(get(base + "/v1/treasury/payins/" + payinId + "/slip.csv", OPERATOR_KEY), 200).body();
        assertTrue(slipCsv.contains("14000") && slipCsv.contains(payinId) && slipCsv.contains(REFERENCE), slipCsv);
        String slipHtml = web.send(get(base + "/v1/treasury/payins/" + payinId + "/slip.html", OPERATOR_KEY), 200).body();
        assertTrue(slipHtml.contains("外務省") && slipHtml.contains("14,000") && slipHtml.contains(due.toString()), slipHtml);
        HttpResponse<byte[]> reportCsv = web.client().send(get(base + "/v1/treasury/reports?ministry=MOFA&from=" + date + "&to="
                + date + "&format=csv", OPERATOR_KEY), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, reportCsv.statusCode(), new String(reportCsv.body(), StandardCharsets.UTF_8));
        String report = new String(reportCsv.body(), StandardCharsets.UTF_8);
        assertTrue(report.startsWith("\uFEFF"), "CSV with a BOM");
        List<String> rows = report.lines().filter(l -> l.contains(REFERENCE)).toList();
        assertEquals(1, rows.size(), report);
        assertTrue(rows.get(0).contains("14000") && rows.get(0).contains(date), rows.get(0));
        JsonNode reportJson = json(web.send(get(base + "/v1/treasury/reports?ministry=MOFA&from=" + date + "&to=" + date,
                OPERATOR_KEY), 200));
        assertEquals(1, reportJson.get("count").asInt(), reportJson.toString());
        assertEquals(14000, reportJson.get("total").asLong(), reportJson.toString());

        // An operator records the payment at the bank, another the officer's confirmation; both are audited.
        String today = JapaneseDates.businessDate(Instant.now()).toString();
        JsonNode paid = json(web.send(web.post("/v1/treasury/payins/" + payinId + "/paid", OPERATOR_KEY, """
                {"paidOn":"%s","bank":"日本銀行本店","reference":"R-0001"}""".formatted(today)), 200));
        assertEquals("paid", paid.get("status").asText());
        web.send(web.post("/v1/treasury/payins/" + payinId + "/paid", OPERATOR_KEY, """
                {"paidOn":"%s","bank":"日本銀行本店","reference":"R-0002"}""".formatted(today)), 409);
        JsonNode confirmed = json(web.send(web.post("/v1/treasury/payins/" + payinId + "/confirmed", APPROVER_KEY, "{}"), 200));
        assertEquals("confirmed", confirmed.get("status").asText());
        JsonNode stored = json(web.send(get(base + "/v1/treasury/payins/" + payinId, OPERATOR_KEY), 200));
        List<String> audit = new ArrayList<>();
        stored.get("audit").forEach(a -> audit.add(a.get("action").asText()));
        assertEquals(List.of("created", "paid", "confirmed"), audit);
        String payer = stored.get("audit").get(1).get("principal").asText();
        String confirmer = stored.get("audit").get(2).get("principal").asText();
        assertTrue(payer.startsWith("key_") && confirmer.startsWith("key_"), stored.get("audit").toString());
        assertFalse(payer.equals(confirmer), "each operator is named");
        assertEquals(0, json(web.send(get(base + "/v1/treasury/outstanding", OPERATOR_KEY), 200)).get("amount").asLong());
    }

    private static LocalDate fifthBusinessDayAfter(LocalDate date) {
        BankCalendar calendar = BankCalendar.japan();
        LocalDate day = date;
        for (int i = 0; i < 5; i++) {
            day = calendar.nextBusinessDay(day);
        }
        return day;
    }
}
