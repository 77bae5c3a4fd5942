package jp.kokin.console.daily;

import static jp.kokin.console.ConsoleTestKit.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import jp.kokin.console.ConsoleTestKit;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.console.AuditActions;
import jp.kokin.domain.refund.RefundStatus;

/** 収入日計表 as staff see it: their organizations' days, the chart, and the CSV. */
class DailyRevenueRoutesTest {
    private final ConsoleTestKit kit = new ConsoleTestKit();

    DailyRevenueRoutesTest() {
        kit.checkouts.put(DailyRevenueTest.paid(TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, 2, DailyRevenueTest.MONDAY,
                DailyRevenueTest.MONDAY, PaymentMethod.PAYPAY));
        kit.checkouts.put(DailyRevenueTest.refunded(DailyRevenueTest.paid(TestCatalogs.CHIYODA, TestCatalogs.KOSEKI, 1,
                DailyRevenueTest.MONDAY, DailyRevenueTest.MONDAY, PaymentMethod.CARD), 450, RefundStatus.SUCCEEDED));
        kit.checkouts.put(DailyRevenueTest.paid(TestCatalogs.SHINJUKU, TestCatalogs.JUMINHYO, 1, DailyRevenueTest.MONDAY,
                DailyRevenueTest.MONDAY, PaymentMethod.PAYPAY));
        // created on 11-29 JST, paid on 11-30 JST: counted on the day it was paid
        kit.checkouts.put(DailyRevenueTest.paid(TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, 1, DailyRevenueTest.MONDAY.minusSeconds(12 * 3600),
                DailyRevenueTest.MONDAY.minusSeconds(3600), PaymentMethod.PAYPAY));
    }

    @Test
    void a_viewer_sees_their_organizations_day_by_procedure_and_method_with_the_chart() {
        var response = kit.get("/console/daily?from=2026-11-30&to=2026-11-30", user("viewer", "viewer.131016"));

        assertEquals(200, response.getStatusCode(), response.getBody());
        String body = response.getBody();
        assertTrue(body.contains("id=\"daily\""));
        assertTrue(body.contains("<svg "));
        assertTrue(body.contains("role=\"img\""));
        assertTrue(body.contains("住民票の写し"));
        assertTrue(body.contains("¥900"), "住民票 2 + 1 paid by PayPay: " + body);
        assertTrue(body.contains("<td class=\"num\">¥450</td><td class=\"num\">¥450</td><td class=\"num\">¥0</td>"), "戸籍 by card, refunded whole");
        assertTrue(body.contains("<tfoot><tr><th scope=\"row\">合計</th><td class=\"num\">3</td><td class=\"num\">¥1,350</td><td class=\"num\">¥450</td><td class=\"num\">¥900</td>"),
                body);
        assertFalse(body.contains("新宿区"), "another organization's payments are not counted");
    }

    @Test
    void another_organization_is_not_found_and_a_long_range_is_refused() {
        assertEquals(404, kit.get("/console/daily?org=131041", user("viewer", "viewer.131016")).getStatusCode());
        assertEquals(400, kit.get("/console/daily?from=2026-10-01&to=2026-11-30", user("viewer", "viewer.131016")).getStatusCode());
        assertEquals(400, kit.get("/console/daily?from=2026-12-01&to=2026-11-30", user("viewer", "viewer.131016")).getStatusCode());
    }

    @Test
    void the_csv_export_has_a_row_per_day_creditor_item_and_method_in_integer_yen() {
        var response = kit.get("/console/daily.csv?from=2026-11-30&to=2026-11-30&encoding=shift_jis", user("viewer", "viewer.131016"));

        String key = kit.exportPage(response);
        String csv = new String(kit.exports.bytes(key).orElseThrow(), Charset.forName("windows-31j"));
        assertTrue(csv.startsWith("収納日,団体コード,団体名,区分,歳入科目・手続コード,歳入科目・手続名,支払方法,件数,収納額,返金額,差引額\r\n"), csv);
        assertTrue(csv.contains("2026-11-30,131016,千代田区,手続,juminhyo,住民票の写し,paypay,2,900,0,900\r\n"), csv);
        assertTrue(csv.contains("2026-11-30,131016,千代田区,手続,koseki,戸籍全部事項証明書,card,1,450,450,0\r\n"), csv);
        assertEquals(AuditActions.EXPORTED, kit.audit.all().getLast().action());
        assertFalse(new String(kit.exports.bytes(key).orElseThrow(), StandardCharsets.ISO_8859_1).startsWith("\u00ef\u00bb\u00bf"));
    }

    @Test
    void a_platform_wide_user_over_many_organizations_is_asked_to_choose_one() {
        var many = TestCatalogs.aTreasuryCatalog();
        for (int i = 0; i < DailyRevenueRoutes.MAX_ORGANIZATIONS; i++) {
            many.withOrganization("ORG-" + i, "団体" + i, TestCatalogs.account("0001", "001", "1234567", "ﾀﾞﾝﾀｲ"));
        }
        kit.catalog = many.build();
        var admin = user("admin", "platform_admin");

        var page = kit.get("/console/daily?from=2026-11-30&to=2026-11-30", admin);
        assertEquals(200, page.getStatusCode());
        assertTrue(page.getBody().contains("団体を選んで"), page.getBody());
        assertFalse(page.getBody().contains("id=\"daily\""));
        assertTrue(kit.get("/console/daily?from=2026-11-30&to=2026-11-30&org=131016", admin).getBody().contains("id=\"daily\""));
        assertEquals(422, kit.get("/console/daily.csv?from=2026-11-30&to=2026-11-30", admin).getStatusCode());
    }
}
