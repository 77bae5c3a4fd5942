package jp.kokin.console.treasury;

import static jp.kokin.console.ConsoleTestKit.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.Test;

import jp.kokin.console.ConsoleTestKit;
import jp.kokin.console.settlement.SettlementFixtures;
import jp.kokin.domain.console.AuditActions;
import jp.kokin.domain.console.AuditEntry;
import jp.kokin.domain.console.StaffUser;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInPayment;
import jp.kokin.domain.settlement.treasury.PayInStatus;

/** 国庫納付: the lists, a pay-in's page and slip, recording it paid and confirmed, and the Art. 6(2) reports. */
class PayInRoutesTest {
    private static final String PAGE = "/console/payins/" + SettlementFixtures.PAYIN;
    private final ConsoleTestKit kit = new ConsoleTestKit();
    private final StaffUser mofa = user("mofa", "viewer.MOFA", "settlement_approver.MOFA");
    private final StaffUser mofa2 = user("mofa2", "viewer.MOFA", "settlement_approver.MOFA");
    private final StaffUser mofaViewer = user("mofa-viewer", "viewer.MOFA");
    private final StaffUser chiyoda = user("viewer", "viewer.131016");
    private final StaffUser chiyodaSettler = user("chiyoda-settler", "settlement_approver.131016");

    PayInRoutesTest() {
        new SettlementFixtures(kit);
    }

    private static String text(APIGatewayV2HTTPResponse response) {
        return response.getIsBase64Encoded() ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8) : response.getBody();
    }

    private Map<String, String> payment() {
        return Map.of("paidOn", "2026-12-01", "bank", "日本銀行本店", "reference", "R-0001", "_back", PAGE);
    }

    private PayIn stored() {
        return kit.payIns.find(SettlementFixtures.PAYIN).orElseThrow();
    }

    @Test
    void the_due_list_shows_a_ministrys_pay_ins_to_that_ministry_only() {
        var mine = kit.get("/console/payins?status=due", mofa).getBody();
        assertTrue(mine.contains("id=\"payins\""));
        assertTrue(mine.contains("href=\"/console/payins/" + SettlementFixtures.PAYIN + "\""), mine);

        var theirs = kit.get("/console/payins?status=due", chiyoda).getBody();
        assertFalse(theirs.contains(SettlementFixtures.PAYIN));
        assertEquals(400, kit.get("/console/payins?status=lost", mofa).getStatusCode());
    }

    @Test
    void paid_and_confirmed_lists_read_the_business_dates_of_the_range() {
        kit.post(PAGE + "/paid", payment(), mofa);

        assertTrue(kit.get("/console/payins?status=paid&from=2026-11-30&to=2026-11-30", mofa).getBody().contains(SettlementFixtures.PAYIN));
        assertFalse(kit.get("/console/payins?status=paid&from=2026-11-01&to=2026-11-29", mofa).getBody().contains(SettlementFixtures.PAYIN));
        assertFalse(kit.get("/console/payins?status=due", mofa).getBody().contains(SettlementFixtures.PAYIN));
    }

    @Test
    void a_pay_in_page_summarises_its_lines_and_links_its_slip() {
        var response = kit.get(PAGE, mofaViewer);

        assertEquals(200, response.getStatusCode(), response.getBody());
        String body = response.getBody();
        assertTrue(body.contains(PAGE + "/documents/slip.html"));
        assertTrue(body.contains(PAGE + "/documents/slip.csv"));
        assertTrue(body.contains("id=\"payin-lines\""));
        assertTrue(body.contains("¥28,000"));
        assertFalse(body.contains("id=\"record-paid\""), "a viewer records nothing");
        assertTrue(text(kit.get(PAGE + "/documents/slip.html", mofaViewer)).contains("納付書 " + SettlementFixtures.PAYIN));
        assertEquals(404, kit.get(PAGE + "/documents/other.txt", mofaViewer).getStatusCode());
    }

    @Test
    void another_organizations_pay_in_is_not_found() {
        assertEquals(404, kit.get(PAGE, chiyoda).getStatusCode());
        assertEquals(404, kit.get(PAGE + "/documents/slip.html", chiyoda).getStatusCode());
        assertEquals(404, kit.post(PAGE + "/paid", payment(), chiyodaSettler).getStatusCode());
        assertEquals(404, kit.get("/console/payins/pin_20261130_001_999", mofa).getStatusCode());
        assertEquals(PayInStatus.DUE, stored().status());
    }

    @Test
    void recording_needs_the_settlement_approver_role() {
        assertEquals(403, kit.post(PAGE + "/paid", payment(), mofaViewer).getStatusCode());
        assertEquals(PayInStatus.DUE, stored().status());
    }

    @Test
    void a_settlement_approver_records_the_payment_then_the_confirmation_in_both_audits() {
        assertTrue(kit.get(PAGE, mofa).getBody().contains("id=\"record-paid\""));

        var paid = kit.post(PAGE + "/paid", payment(), mofa);
        assertEquals(303, paid.getStatusCode(), paid.getBody());
        PayIn p = stored();
        assertEquals(PayInStatus.PAID, p.status());
        assertEquals(new PayInPayment(LocalDate.parse("2026-12-01"), "日本銀行本店", "R-0001"), p.paid());
        assertEquals("paid", p.audit().getLast().action());
        assertEquals(mofa.principal(), p.audit().getLast().principal());
        assertTrue(kit.get(PAGE, mofa2).getBody().contains("id=\"record-confirmed\""));

        assertEquals(303, kit.post(PAGE + "/paid", payment(), mofa).getStatusCode(), "a repeat with the same payment changes nothing");
        assertEquals(p.version(), stored().version());
        var other = Map.of("paidOn", "2026-12-01", "bank", "別の銀行", "reference", "R-0002", "_back", PAGE);
        assertEquals(409, kit.post(PAGE + "/paid", other, mofa).getStatusCode(), "a recorded payment is not changed");

        assertEquals(303, kit.post(PAGE + "/confirmed", Map.of("note", "確認済", "_back", PAGE), mofa2).getStatusCode());
        assertEquals(PayInStatus.CONFIRMED, stored().status());
        assertEquals("confirmed", stored().audit().getLast().action());

        var actions = kit.audit.all().stream().map(AuditEntry::action).toList();
        assertEquals(java.util.List.of(AuditActions.PAYIN_PAID, AuditActions.PAYIN_CONFIRMED), actions);
        assertEquals("MOFA", kit.audit.all().getFirst().organization());
        assertEquals("R-0001", kit.audit.all().getFirst().detail().get("reference"));
    }

    @Test
    void the_officer_who_recorded_the_payment_cannot_also_record_its_confirmation() {
        assertEquals(303, kit.post(PAGE + "/paid", payment(), mofa).getStatusCode());

        String page = kit.get(PAGE, mofa).getBody();
        var same = kit.post(PAGE + "/confirmed", Map.of("_back", PAGE), mofa);

        assertFalse(page.contains("id=\"record-confirmed\""), page);
        assertTrue(page.contains("id=\"confirm-needs-another\""), page);
        assertEquals(403, same.getStatusCode(), same.getBody());
        assertEquals(PayInStatus.PAID, stored().status());
        assertFalse(kit.audit.all().stream().anyMatch(e -> e.action().equals(AuditActions.PAYIN_CONFIRMED)));
        assertEquals(303, kit.post(PAGE + "/confirmed", Map.of("_back", PAGE), mofa2).getStatusCode(), "a second officer may");
        assertEquals(PayInStatus.CONFIRMED, stored().status());
    }

    @Test
    void recording_the_payment_needs_a_recent_sign_in() {
        StaffUser stale = new StaffUser(mofa.principal(), mofa.subject(), mofa.name(), mofa.email(), mofa.grants(),
                ConsoleTestKit.NOW.minus(Duration.ofMinutes(6)));

        var response = kit.post(PAGE + "/paid", payment(), stale);

        assertEquals(303, response.getStatusCode());
        assertEquals("/console/auth/sign-in?reauth=1&next=" + java.net.URLEncoder.encode(PAGE, StandardCharsets.UTF_8),
                response.getHeaders().get("Location"));
        assertEquals(PayInStatus.DUE, stored().status());
    }

    @Test
    void a_payment_dated_in_the_future_or_before_the_runs_date_or_incomplete_is_refused() {
        assertEquals(422, kit.post(PAGE + "/paid", Map.of("paidOn", "2026-12-02", "bank", "b", "reference", "r"), mofa).getStatusCode());
        assertEquals(422, kit.post(PAGE + "/paid", Map.of("paidOn", "2026-11-29", "bank", "b", "reference", "r"), mofa).getStatusCode());
        assertEquals(422, kit.post(PAGE + "/paid", Map.of("paidOn", "2026-12-01", "reference", "r"), mofa).getStatusCode());
        assertEquals(409, kit.post(PAGE + "/confirmed", Map.of(), mofa).getStatusCode(), "confirming a pay-in still due");
        assertEquals(PayInStatus.DUE, stored().status());
        assertTrue(kit.audit.all().isEmpty());
    }

    @Test
    void an_issued_art_6_2_report_is_linked_and_served_to_its_ministry_only() {
        String q = "?ministry=MOFA&from=2026-11-01&to=2026-11-30";
        var page = kit.get("/console/treasury-reports" + q, mofaViewer).getBody();
        assertTrue(page.contains("/console/treasury-reports/report.html?ministry=MOFA&amp;from=2026-11-01&amp;to=2026-11-30&amp;version=1"), page);

        var html = kit.get("/console/treasury-reports/report.html" + q + "&version=1", mofaViewer);
        assertEquals(200, html.getStatusCode());
        assertTrue(text(html).contains("第6条第2項報告"));
        assertEquals(404, kit.get("/console/treasury-reports" + q, chiyoda).getStatusCode());
        assertEquals(404, kit.get("/console/treasury-reports/report.csv" + q + "&version=1", chiyoda).getStatusCode());
        assertTrue(kit.get("/console/treasury-reports?ministry=MOFA&from=2026-10-01&to=2026-10-31", mofaViewer).getBody()
                .contains("/v1/treasury/reports?ministry=MOFA"), "a report not issued yet points to the API that issues it");
    }
}
