package jp.kokin.console.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import jp.kokin.console.ConsoleTestKit;
import jp.kokin.domain.console.AuditEntry;
import jp.kokin.domain.console.StaffUser;

/** 監査ログ: who may read it, what a scoped auditor sees, pages, and the CSV export. */
class AuditRoutesTest {
    private final ConsoleTestKit kit = new ConsoleTestKit();
    private static final StaffUser AUDITOR = ConsoleTestKit.user("auditor", "auditor");
    private static final StaffUser CHIYODA_AUDITOR = ConsoleTestKit.user("chiyoda", "auditor.131016");
    private static final StaffUser ADMIN = ConsoleTestKit.user("admin", "platform_admin");

    private void entry(int n, String org, String action) {
        Instant at = ConsoleTestKit.NOW.minusSeconds(3600).plusSeconds(n); // 2026-12-01 09:00 JST + n s
        kit.audit.append(new AuditEntry("aud_" + String.format("%013d", at.toEpochMilli()) + String.format("%08x", n), at,
                "usr_00000000000000" + String.format("%02d", n % 100), "職員" + n, action, "rfd_" + n, org, "203.0.113." + (n % 200),
                "Mozilla/5.0", Map.of("amount", Integer.toString(n))));
    }

    @Test
    void an_auditor_sees_todays_entries_with_who_what_when_and_from_where() {
        entry(1, "131016", "refund.approved");
        var response = kit.get("/console/audit", AUDITOR);
        assertEquals(200, response.getStatusCode());
        String body = response.getBody();
        assertTrue(body.contains("<table id=\"audit\">"), body);
        assertTrue(body.contains("<th scope=\"col\">IPアドレス</th>"));
        assertTrue(body.contains("2026-12-01 09:00:01") && body.contains("職員1") && body.contains("refund.approved")
                && body.contains("203.0.113.1") && body.contains("amount=1"), body);
    }

    @Test
    void an_auditor_of_one_organization_sees_only_its_entries_and_none_of_the_platform_wide_ones() {
        entry(1, "131016", "refund.approved");
        entry(2, "131041", "refund.approved");
        entry(3, "-", "sign_in");
        String body = kit.get("/console/audit", CHIYODA_AUDITOR).getBody();
        assertTrue(body.contains("rfd_1"));
        assertFalse(body.contains("rfd_2"), "another organization's entry");
        assertFalse(body.contains("rfd_3"), "a platform-wide entry");
        String all = kit.get("/console/audit", ADMIN).getBody();
        assertTrue(all.contains("rfd_1") && all.contains("rfd_2") && all.contains("rfd_3"));
    }

    @Test
    void staff_without_the_audit_permission_are_refused() {
        assertEquals(403, kit.get("/console/audit", ConsoleTestKit.user("viewer", "viewer")).getStatusCode());
        assertEquals(403, kit.get("/console/audit.csv", ConsoleTestKit.user("settler", "settlement_approver")).getStatusCode());
    }

    @Test
    void a_long_day_is_paged_and_the_next_page_continues_where_the_first_ended() {
        for (int i = 0; i < 55; i++) {
            entry(i, "131016", "refund.requested");
        }
        String first = kit.get("/console/audit?from=2026-12-01&to=2026-12-01", AUDITOR).getBody();
        Matcher next = Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"").matcher(first);
        assertTrue(next.find(), first);
        assertTrue(first.contains("rfd_49<") && !first.contains("rfd_50<"));
        String second = kit.get(next.group(1).replace("&amp;", "&"), AUDITOR).getBody();
        assertTrue(second.contains("rfd_50<") && second.contains("rfd_54<") && !second.contains("rfd_49<"), second);
        assertFalse(second.contains("id=\"next-page\""));
    }

    @Test
    void dates_that_are_not_a_range_are_answered_with_a_clear_400() {
        assertEquals(400, kit.get("/console/audit?from=2026-12-02&to=2026-12-01", AUDITOR).getStatusCode());
        assertEquals(400, kit.get("/console/audit?from=yesterday", AUDITOR).getStatusCode());
    }

    @Test
    void the_csv_export_has_the_japanese_header_every_entry_and_is_itself_audited() {
        entry(1, "131016", "refund.approved");
        entry(2, "131016", "=HYPERLINK(\"x\")");
        var response = kit.get("/console/audit.csv?from=2026-12-01&to=2026-12-01&encoding=utf-8", AUDITOR);
        String key = kit.exportPage(response);
        String csv = new String(kit.exports.bytes(key).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\uFEFF日時(JST),利用者,ID,操作,対象,団体,IPアドレス,ブラウザ,詳細\r\n"), csv);
        assertTrue(csv.contains("2026-12-01 09:00:01,職員1,usr_0000000000000001,refund.approved,rfd_1,131016,203.0.113.1,Mozilla/5.0,amount=1\r\n"), csv);
        assertTrue(csv.contains(",\"'=HYPERLINK(\"\"x\"\")\","), "formula neutralised: " + csv);
        assertTrue(kit.audit.all().stream().anyMatch(e -> e.action().equals("export") && e.target().equals("audit")));
    }
}
