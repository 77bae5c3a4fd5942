package jp.kokin.console.settlement;

import static jp.kokin.console.ConsoleTestKit.user;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.Test;

import jp.kokin.console.ConsoleTestKit;
import jp.kokin.console.ConsoleWiring;
import jp.kokin.domain.console.RunRelease;
import jp.kokin.domain.console.RunReleases;
import jp.kokin.domain.console.AuditActions;
import jp.kokin.domain.console.AuditEntry;
import jp.kokin.domain.console.StaffUser;

/** 精算: the runs, a run's page as each user sees it, and the two-person release of its transfer files. */
class SettlementRoutesTest {
    private static final String RUN_PAGE = "/console/settlement-runs/" + SettlementFixtures.RUN;
    private final ConsoleTestKit kit = new ConsoleTestKit();
    private final SettlementFixtures fixtures = new SettlementFixtures(kit);
    private final StaffUser chiyodaViewer = user("viewer", "viewer.131016");
    private final StaffUser settler = user("settler", "settlement_approver");
    private final StaffUser settler2 = user("settler2", "settlement_approver");
    private final StaffUser mofa = user("mofa", "viewer.MOFA", "settlement_approver.MOFA");

    static byte[] bytes(APIGatewayV2HTTPResponse response) {
        return response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody()) : response.getBody().getBytes();
    }

    private Map<String, String> form() {
        return Map.of("_back", RUN_PAGE);
    }

    @Test
    void the_runs_list_shows_the_run_with_the_totals_of_the_viewers_own_organization() {
        var response = kit.get("/console/settlement-runs?from=2026-11-25&to=2026-12-01", chiyodaViewer);

        assertEquals(200, response.getStatusCode(), response.getBody());
        String body = response.getBody();
        assertTrue(body.contains("id=\"runs\""));
        assertTrue(body.contains("href=\"/console/settlement-runs/stl_20261130_001\""), body);
        assertTrue(body.contains("¥750"), "千代田区's statement alone, not the run's ¥1,050: " + body);
        assertFalse(body.contains("¥1,050"));
    }

    @Test
    void a_viewer_sees_the_statements_carried_over_lines_and_repayment_requests_of_their_organization_only() {
        var response = kit.get(RUN_PAGE, chiyodaViewer);

        assertEquals(200, response.getStatusCode(), response.getBody());
        String body = response.getBody();
        assertTrue(body.contains("id=\"statements\""));
        assertTrue(body.contains(RUN_PAGE + "/statements/131016.html"));
        assertFalse(body.contains("/statements/131041"), "another organization's statement is not listed");
        assertTrue(body.contains("id=\"carried-over\""));
        assertTrue(body.contains("href=\"/console/payments/chk_carried\""), "the carried-over payment is listed");
        assertFalse(body.contains("chk_today"), "a payment of the day is not carried over");
        assertTrue(body.contains("id=\"repayment-requests\""));
        assertTrue(body.contains(RUN_PAGE + "/repayment-requests/131016.html"));
        assertTrue(body.contains("id=\"release\""));
        assertFalse(body.contains("id=\"prepare-run\""), "a viewer cannot prepare the release");
        assertFalse(body.contains("/console/payins/" + SettlementFixtures.PAYIN), "外務省's pay-in is not 千代田区's");
    }

    @Test
    void a_ministry_user_sees_the_runs_pay_in_of_their_ministry() {
        var body = kit.get(RUN_PAGE, mofa).getBody();

        assertTrue(body.contains("href=\"/console/payins/" + SettlementFixtures.PAYIN + "\""), body);
    }

    @Test
    void a_run_that_does_not_exist_and_another_organizations_statement_are_not_found() {
        assertEquals(404, kit.get("/console/settlement-runs/stl_20261129_001", chiyodaViewer).getStatusCode());
        assertEquals(404, kit.get("/console/settlement-runs/not-a-run", chiyodaViewer).getStatusCode());
        assertEquals(404, kit.get(RUN_PAGE + "/statements/131041.html", chiyodaViewer).getStatusCode());
        assertEquals(404, kit.get(RUN_PAGE + "/repayment-requests/131041.csv", user("shinjuku", "viewer.131041")).getStatusCode());
    }

    @Test
    void a_statement_is_served_from_the_bucket_after_its_digest_is_checked() {
        var html = kit.get(RUN_PAGE + "/statements/131016.html", chiyodaViewer);
        assertEquals(200, html.getStatusCode());
        assertTrue(new String(bytes(html), java.nio.charset.StandardCharsets.UTF_8).contains("計算書 131016"));

        var csv = kit.get(RUN_PAGE + "/statements/131016.csv", chiyodaViewer);
        assertEquals(200, csv.getStatusCode());
        assertTrue(csv.getHeaders().get("Content-Disposition").contains("statement-131016-stl_20261130_001.csv"));

        kit.documents.tamper("runs/" + SettlementFixtures.RUN + "/statements/131016.html", "<p>changed</p>".getBytes());
        assertEquals(500, kit.get(RUN_PAGE + "/statements/131016.html", chiyodaViewer).getStatusCode(), "a changed document is never served");
    }

    @Test
    void preparing_needs_settlement_rights_over_every_organization() {
        assertEquals(403, kit.post(RUN_PAGE + "/prepare", form(), chiyodaViewer).getStatusCode(), "a viewer");
        assertEquals(403, kit.post(RUN_PAGE + "/prepare", form(), mofa).getStatusCode(), "a settlement approver of one ministry");
        assertTrue(kit.releases.find(SettlementFixtures.RUN).isEmpty());
    }

    @Test
    void one_settlement_approver_prepares_and_another_approves_then_the_transfer_file_downloads_and_is_audited() {
        assertEquals(403, kit.get(RUN_PAGE + "/transfer-file", settler).getStatusCode(), "refused before the release is prepared");

        var prepared = kit.post(RUN_PAGE + "/prepare", form(), settler);
        assertEquals(303, prepared.getStatusCode(), prepared.getBody());
        assertEquals(RUN_PAGE, prepared.getHeaders().get("Location"));
        assertEquals(403, kit.get(RUN_PAGE + "/transfer-file", settler).getStatusCode(), "refused before approval");
        assertTrue(kit.get(RUN_PAGE, settler).getBody().contains("id=\"approve-not-allowed\""), "the preparer is told why they cannot approve");
        assertFalse(kit.get(RUN_PAGE, settler).getBody().contains("id=\"approve-run\""));
        assertTrue(kit.get(RUN_PAGE, settler2).getBody().contains("id=\"approve-run\""));

        var byPreparer = kit.post(RUN_PAGE + "/approve", form(), settler);
        assertEquals(403, byPreparer.getStatusCode());
        assertTrue(byPreparer.getBody().contains("準備した本人は承認できません"), byPreparer.getBody());
        assertFalse(kit.releases.find(SettlementFixtures.RUN).orElseThrow().approved());

        assertEquals(303, kit.post(RUN_PAGE + "/approve", form(), settler2).getStatusCode());
        assertEquals(409, kit.post(RUN_PAGE + "/approve", form(), user("settler3", "settlement_approver")).getStatusCode(), "approved once");
        assertTrue(kit.get(RUN_PAGE, settler).getBody().contains("id=\"transfer-file\""));

        var file = kit.get(RUN_PAGE + "/transfer-file", settler);
        assertEquals(200, file.getStatusCode());
        assertArrayEquals(SettlementFixtures.TRANSFER_FILE, bytes(file));
        assertTrue(file.getHeaders().get("Content-Disposition").contains("zengin-stl_20261130_001.txt"));
        var refunds = kit.get(RUN_PAGE + "/refund-transfer-file", settler2);
        assertArrayEquals(SettlementFixtures.REFUND_TRANSFER_FILE, bytes(refunds));

        var actions = kit.audit.all().stream().map(AuditEntry::action).toList();
        assertEquals(java.util.List.of(AuditActions.RUN_PREPARED, AuditActions.RUN_APPROVED, AuditActions.TRANSFER_FILE_DOWNLOADED,
                AuditActions.TRANSFER_FILE_DOWNLOADED), actions);
        AuditEntry download = kit.audit.all().get(2);
        assertEquals(fixtures.transferFile.sha256(), download.detail().get("sha256"));
        assertEquals(SettlementFixtures.RUN, download.target());
        assertEquals(fixtures.refundTransferFile.sha256(), kit.audit.all().get(3).detail().get("sha256"));
    }

    @Test
    void a_settlement_approver_of_one_ministry_cannot_download_the_transfer_file_even_after_approval() {
        kit.post(RUN_PAGE + "/prepare", form(), settler);
        kit.post(RUN_PAGE + "/approve", form(), settler2);

        assertEquals(403, kit.get(RUN_PAGE + "/transfer-file", mofa).getStatusCode());
        assertEquals(403, kit.get(RUN_PAGE + "/transfer-file", chiyodaViewer).getStatusCode());
    }

    @Test
    void approving_needs_a_recent_sign_in() {
        kit.post(RUN_PAGE + "/prepare", form(), settler);
        StaffUser stale = new StaffUser(settler2.principal(), settler2.subject(), settler2.name(), settler2.email(), settler2.grants(),
                ConsoleTestKit.NOW.minus(Duration.ofMinutes(6)));

        var response = kit.post(RUN_PAGE + "/approve", form(), stale);

        assertEquals(303, response.getStatusCode());
        assertTrue(response.getHeaders().get("Location").startsWith("/console/auth/sign-in?reauth=1&next="), response.getHeaders().toString());
        assertFalse(kit.releases.find(SettlementFixtures.RUN).orElseThrow().approved());
    }

    @Test
    void approving_a_run_nobody_prepared_is_refused() {
        var response = kit.post(RUN_PAGE + "/approve", form(), settler2);

        assertEquals(409, response.getStatusCode());
        assertTrue(kit.releases.find(SettlementFixtures.RUN).isEmpty());
        assertTrue(kit.audit.all().isEmpty());
    }

    @Test
    void an_approval_that_loses_the_conditional_write_shows_a_conflict() {
        kit.post(RUN_PAGE + "/prepare", form(), settler);
        var w = kit.wiring();
        RunReleases racing = new RunReleases() {
            public java.util.Optional<RunRelease> find(String runId) { return kit.releases.find(runId); }
            public boolean prepare(RunRelease prepared) { return kit.releases.prepare(prepared); }
            public boolean approve(RunRelease approved) { return false; } // another approver won meanwhile
        };
        kit.useWiring(new ConsoleWiring(w.catalog(), w.checkouts(), w.receipts(), w.runs(), w.documents(), w.payIns(), w.reports(),
                w.payments(), w.history(), w.deliveries(), w.audit(), racing, w.sessions(), w.identity(), w.settings(), w.clock()));

        var response = kit.post(RUN_PAGE + "/approve", form(), settler2);

        assertEquals(409, response.getStatusCode());
        assertEquals(java.util.List.of(AuditActions.RUN_PREPARED), kit.audit.all().stream().map(AuditEntry::action).toList());
    }
}
