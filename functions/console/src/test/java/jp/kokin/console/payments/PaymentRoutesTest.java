package jp.kokin.console.payments;

import static jp.kokin.console.ConsoleTestKit.user;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.console.ConsoleTestKit;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.console.AuditActions;
import jp.kokin.domain.console.AuditEntry;
import jp.kokin.domain.console.HistoryEvent;
import jp.kokin.domain.console.NotificationDelivery;
import jp.kokin.domain.console.PaymentQuery;
import jp.kokin.domain.console.StaffUser;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInStatus;

/** 収納一覧, the search, the CSV export and a checkout's page. */
class PaymentRoutesTest {
    private final ConsoleTestKit kit = new ConsoleTestKit();
    private final StaffUser viewer = user("viewer", "viewer.131016");
    private final StaffUser admin = user("admin", "platform_admin");

    private static String body(APIGatewayV2HTTPResponse r) {
        return r.getBody();
    }

    @Test
    void the_list_shows_the_last_seven_jst_days_of_the_users_organizations_only() {
        Checkout mine = TestPayments.paidChiyoda(kit, "APP-1");
        Checkout old = TestPayments.paid(kit, TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, "APP-OLD",
                ConsoleTestKit.NOW.minus(Duration.ofDays(8)), null);
        Checkout other = TestPayments.paid(kit, TestCatalogs.SHINJUKU, TestCatalogs.JUMINHYO, "APP-2", TestPayments.YESTERDAY, null);

        var response = kit.get("/console/payments", viewer);

        assertEquals(200, response.getStatusCode());
        String html = body(response);
        assertTrue(html.contains("<table id=\"payments\">"), html);
        assertTrue(html.contains("class=\"checkout-link\" href=\"/console/payments/" + mine.id() + "\""), html);
        assertFalse(html.contains(old.id()), "older than 7 days");
        assertFalse(html.contains(other.id()), "another organization");
        assertTrue(html.contains("value=\"2026-11-25\""), "from defaults to 6 days before today (JST)");
        assertTrue(html.contains("¥300"), html);
    }

    @Test
    void a_date_range_includes_older_payments_and_filters_narrow_the_list() {
        Checkout old = TestPayments.paid(kit, TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, "APP-OLD",
                ConsoleTestKit.NOW.minus(Duration.ofDays(20)), null);
        Checkout koseki = TestPayments.paid(kit, TestCatalogs.CHIYODA, TestCatalogs.KOSEKI, "APP-K", TestPayments.YESTERDAY, null);
        Checkout unpaid = TestPayments.created(kit, TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, "APP-U", TestPayments.YESTERDAY);

        String all = body(kit.get("/console/payments?from=2026-11-01&to=2026-12-01", viewer));
        String paidKoseki = body(kit.get("/console/payments?from=2026-11-01&to=2026-12-01&status=paid&procedure=koseki&minAmount=400", viewer));

        assertTrue(all.contains(old.id()) && all.contains(koseki.id()) && all.contains(unpaid.id()), all);
        assertTrue(paidKoseki.contains(koseki.id()), paidKoseki);
        assertFalse(paidKoseki.contains(old.id()) || paidKoseki.contains(unpaid.id()), paidKoseki);
    }

    @Test
    void an_unpaid_checkout_past_its_expiry_is_listed_and_exported_as_expired_and_the_expired_filter_finds_it() {
        Checkout expired = TestPayments.created(kit, TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, "APP-EXP", TestPayments.YESTERDAY); // 60 min
        Checkout open = TestPayments.created(kit, TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, "APP-OPEN", ConsoleTestKit.NOW.minusSeconds(60));

        String all = body(kit.get("/console/payments", viewer));
        String expiredOnly = body(kit.get("/console/payments?status=expired", viewer));
        String createdOnly = body(kit.get("/console/payments?status=created", viewer));
        String key = kit.exportPage(kit.get("/console/payments.csv?encoding=utf-8", viewer));

        String row = all.substring(all.indexOf(expired.id()), all.indexOf("</tr>", all.indexOf(expired.id())));
        assertTrue(row.contains("期限切れ"), row);
        assertTrue(expiredOnly.contains(expired.id()) && !expiredOnly.contains(open.id()), expiredOnly);
        assertTrue(createdOnly.contains(open.id()) && !createdOnly.contains(expired.id()), createdOnly);
        String csv = new String(kit.exports.bytes(key).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(csv.lines().anyMatch(l -> l.startsWith(expired.id() + ",") && l.contains(",expired,")), csv);
    }

    @Test
    void a_range_longer_than_the_limit_is_refused_with_a_clear_400_page_not_a_500() {
        LocalDate to = LocalDate.of(2026, 12, 1);
        LocalDate from = to.minusDays(PaymentQuery.MAX_DAYS); // MAX_DAYS + 1 days inclusive

        var response = kit.get("/console/payments?from=" + from + "&to=" + to, viewer);

        assertEquals(400, response.getStatusCode());
        assertTrue(body(response).contains("366"), body(response));
        assertTrue(body(response).contains("id=\"payment-filters\""), "the form to correct it");
    }

    @Test
    void an_organization_outside_the_users_scope_is_refused_with_a_400_page() {
        TestPayments.paid(kit, TestCatalogs.SHINJUKU, TestCatalogs.JUMINHYO, "APP-2", TestPayments.YESTERDAY, null);

        var response = kit.get("/console/payments?org=131041", viewer);

        assertEquals(400, response.getStatusCode());
        assertTrue(body(response).contains("指定の団体は閲覧できません"), body(response));
    }

    @Test
    void malformed_dates_and_amounts_are_400_pages() {
        assertEquals(400, kit.get("/console/payments?from=yesterday", viewer).getStatusCode());
        assertEquals(400, kit.get("/console/payments?minAmount=-1", viewer).getStatusCode());
        assertEquals(400, kit.get("/console/payments?status=bogus", viewer).getStatusCode());
        assertEquals(400, kit.get("/console/payments?cursor=not-a-number", viewer).getStatusCode());
    }

    @Test
    void a_long_list_is_paged_with_a_next_page_link_that_keeps_the_filters() {
        for (int i = 0; i < 55; i++) {
            TestPayments.paid(kit, TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, "APP-" + i, TestPayments.YESTERDAY.minusSeconds(i), null);
        }

        String first = body(kit.get("/console/payments?status=paid", viewer));
        int start = first.indexOf("id=\"next-page\" href=\"") + "id=\"next-page\" href=\"".length();
        String next = first.substring(start, first.indexOf('"', start)).replace("&amp;", "&");
        String second = body(kit.get(next, viewer));

        assertEquals(50, count(first, "class=\"checkout-link\""));
        assertTrue(next.contains("status=paid") && next.contains("cursor="), next);
        assertEquals(5, count(second, "class=\"checkout-link\""));
        assertFalse(second.contains("id=\"next-page\""));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void a_search_with_one_hit_goes_straight_to_the_checkout_by_reference_or_by_receipt_number() {
        Checkout c = TestPayments.paid(kit, TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, "APP-777", TestPayments.YESTERDAY, "R-2026-000123");

        var byReference = kit.get("/console/payments/search?q=APP-777", viewer);
        var byReceipt = kit.get("/console/payments/search?q=R-2026-000123", viewer);

        assertEquals(303, byReference.getStatusCode());
        assertEquals("/console/payments/" + c.id(), byReference.getHeaders().get("Location"));
        assertEquals("/console/payments/" + c.id(), byReceipt.getHeaders().get("Location"));
    }

    @Test
    void a_search_never_reveals_another_organizations_payment_and_lists_several_hits() {
        TestPayments.paid(kit, TestCatalogs.SHINJUKU, TestCatalogs.JUMINHYO, "APP-SHARED", TestPayments.YESTERDAY, null);
        Checkout a = TestPayments.paid(kit, TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, "APP-TWICE", TestPayments.YESTERDAY, null);
        Checkout b = TestPayments.paid(kit, TestCatalogs.CHIYODA, TestCatalogs.KOSEKI, "APP-TWICE", TestPayments.YESTERDAY.plusSeconds(1), null);

        var hidden = kit.get("/console/payments/search?q=APP-SHARED", viewer);
        var several = kit.get("/console/payments/search?q=APP-TWICE", viewer);

        assertEquals(200, hidden.getStatusCode());
        assertTrue(body(hidden).contains("見つかりませんでした"), body(hidden));
        assertEquals(200, several.getStatusCode());
        assertTrue(body(several).contains(a.id()) && body(several).contains(b.id()), body(several));
    }

    @Test
    void the_csv_export_streams_every_row_with_a_bom_and_the_japanese_header_and_is_audited() {
        for (int i = 0; i < PaymentRoutes.EXPORT_PAGE + 3; i++) {
            TestPayments.paid(kit, TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, "=HYPERLINK(" + i + ")", TestPayments.YESTERDAY.minusSeconds(i), null);
        }

        var response = kit.get("/console/payments.csv?encoding=utf-8", viewer);

        String key = kit.exportPage(response);
        byte[] bytes = kit.exports.bytes(key).orElseThrow();
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3));
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertEquals("受付番号,団体コード,ポータル,申請番号,手続,状態,支払方法,金額,作成日時(JST),支払日時(JST),領収書番号,返金額(承認済以降)", lines.getFirst());
        assertEquals(PaymentRoutes.EXPORT_PAGE + 3 + 1, lines.size(), "every row, past one store page");
        assertTrue(lines.get(1).matches("chk_[a-z2-7]{26},131016,myna,'=HYPERLINK\\(0\\),juminhyo,paid,paypay,300,2026-11-30 10:00:00,2026-11-30 10:05:00,,0"),
                lines.get(1));
        AuditEntry export = kit.audit.all().getLast();
        assertEquals(AuditActions.EXPORTED, export.action());
        assertEquals(Integer.toString(PaymentRoutes.EXPORT_PAGE + 4), export.detail().get("rows"));
    }

    @Test
    void the_shift_jis_export_has_no_bom_and_windows_31j_bytes() {
        TestPayments.paidChiyoda(kit, "APP-1");

        kit.get("/console/payments.csv?encoding=shift_jis", viewer);

        byte[] bytes = kit.exports.bytes(kit.exports.keys().iterator().next()).orElseThrow();
        byte[] header = "受付番号,団体コード".getBytes(Charset.forName("windows-31j"));
        assertArrayEquals(header, Arrays.copyOf(bytes, header.length));
    }

    @Test
    void the_export_refuses_an_organization_outside_the_scope_and_writes_nothing() {
        var response = kit.get("/console/payments.csv?org=131041", viewer);

        assertEquals(400, response.getStatusCode());
        assertTrue(kit.exports.keys().isEmpty());
    }

    @Test
    void the_checkout_page_shows_items_with_creditors_attempts_receipt_history_and_deliveries() {
        Checkout c = TestPayments.paid(kit, TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, "APP-9", TestPayments.YESTERDAY, "R-1");
        kit.history.append(List.of(new HistoryEvent(c.id(), 1, 0, c.createdAt(), "checkout.created", Map.of()),
                new HistoryEvent(c.id(), 3, 0, c.paidAt(), "checkout.status", Map.of("from", "pending", "to", "paid"))));
        kit.deliveries.put(new NotificationDelivery(c.id(), "msg_1", "myna", "checkout.paid", "failed", 8, 500,
                c.paidAt(), c.paidAt().plusSeconds(3600), "{}"));

        var response = kit.get("/console/payments/" + c.id(), viewer);

        assertEquals(200, response.getStatusCode());
        String html = body(response);
        assertTrue(html.contains("住民票の写し") && html.contains("千代田区 (131016)"), html);
        assertTrue(html.contains("PayPay") && html.contains("sandbox"), "the attempt's method and provider");
        assertTrue(html.contains("R-1") && html.contains("href=\"/receipts/R-1/tokR-1\""), "the receipt number and the payer's page");
        assertTrue(html.contains("<table id=\"history\">") && html.contains("checkout.status") && html.contains("to: paid"), html);
        assertTrue(html.contains("<table id=\"deliveries\">") && html.contains("msg_1") && html.contains("HTTP 500"), html);
        assertTrue(html.contains("未精算"), "not settled yet");
        assertFalse(html.contains("/resend"), "a viewer may not resend");
        assertFalse(html.contains("id=\"request-refund\""), "a viewer may not request refunds");
    }

    @Test
    void another_organizations_checkout_is_not_found_like_a_missing_one() {
        Checkout other = TestPayments.paid(kit, TestCatalogs.SHINJUKU, TestCatalogs.JUMINHYO, "APP-2", TestPayments.YESTERDAY, null);

        assertEquals(404, kit.get("/console/payments/" + other.id(), viewer).getStatusCode());
        assertEquals(404, kit.get("/console/payments/chk_aaaaaaaaaaaaaaaaaaaaaaaaaa", viewer).getStatusCode());
        assertEquals(404, kit.get("/console/payments/not-an-id", viewer).getStatusCode());
    }

    @Test
    void a_settled_line_links_its_run_and_a_national_line_the_pay_in_that_carried_it() {
        Instant created = Instant.parse("2026-11-29T01:00:00Z");
        Checkout c = TestPayments.paid(kit, TestCatalogs.TOKYO, TestCatalogs.PASSPORT, "PP-1", created, null);
        String runId = "stl_20261130_001";
        kit.checkouts.put(c.claimedBy(runId));
        kit.payIns.create(new PayIn("pin_20261130_001_001", runId, LocalDate.of(2026, 11, 30), TestCatalogs.MOFA, "016", "外務省",
                "一般会計", "0160001", "官", 2026, TestCatalogs.PASSPORT_REVENUE, 14000, 1, LocalDate.of(2026, 12, 7), false,
                PayInStatus.DUE, ConsoleTestKit.NOW, null, null, List.of(), Map.of(), 1));

        String html = body(kit.get("/console/payments/" + c.id(), admin));

        assertTrue(html.contains("href=\"/console/settlement-runs/" + runId + "\""), html);
        assertTrue(html.contains("href=\"/console/payins/pin_20261130_001_001\""), html);
    }

    @Test
    void an_operator_resends_a_notification_which_is_audited_and_answered_with_a_notice() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");
        NotificationDelivery d = new NotificationDelivery(c.id(), "msg_1", "myna", "checkout.paid", "failed", 8, 500,
                c.paidAt(), c.paidAt(), "{}");
        kit.deliveries.put(d);
        String page = body(kit.get("/console/payments/" + c.id(), admin));

        var response = kit.post("/console/payments/" + c.id() + "/notifications/msg_1/resend", Map.of(), admin);

        assertTrue(page.contains("action=\"/console/payments/" + c.id() + "/notifications/msg_1/resend\""), page);
        assertEquals(303, response.getStatusCode());
        assertEquals("/console/payments/" + c.id() + "?notice=resent", response.getHeaders().get("Location"));
        assertEquals(List.of(d), kit.deliveries.resent());
        AuditEntry entry = kit.audit.all().getLast();
        assertEquals(AuditActions.NOTIFICATION_RESENT, entry.action());
        assertEquals("msg_1", entry.target());
        assertTrue(body(kit.get("/console/payments/" + c.id() + "?notice=resent", admin)).contains("通知を再送しました"));
    }

    @Test
    void a_resend_needs_the_operate_permission_a_csrf_token_and_an_existing_notification() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");
        kit.deliveries.put(new NotificationDelivery(c.id(), "msg_1", "myna", "checkout.paid", "failed", 8, 500, c.paidAt(), c.paidAt(), "{}"));
        String path = "/console/payments/" + c.id() + "/notifications/msg_1/resend";

        assertEquals(403, kit.post(path, Map.of(), viewer).getStatusCode());
        assertEquals(403, kit.post(path, Map.of("_csrf", "forged"), admin).getStatusCode());
        assertEquals(404, kit.post("/console/payments/" + c.id() + "/notifications/msg_2/resend", Map.of(), admin).getStatusCode());
        assertTrue(kit.deliveries.resent().isEmpty());
    }

    @Test
    void a_notification_whose_body_was_not_kept_shows_no_resend_button_and_a_resend_is_a_409_page() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");
        kit.deliveries.put(new NotificationDelivery(c.id(), "msg_big", "myna", "refund.paid", "failed", 10, 500, c.paidAt(), c.paidAt(), null));

        String page = body(kit.get("/console/payments/" + c.id(), admin));
        var response = kit.post("/console/payments/" + c.id() + "/notifications/msg_big/resend", Map.of(), admin);

        assertFalse(page.contains("/notifications/msg_big/resend"), page);
        assertTrue(page.contains("本文が保存されていないため再送できません"), page);
        assertEquals(409, response.getStatusCode(), response.getBody());
        assertTrue(kit.deliveries.resent().isEmpty());
        assertFalse(kit.audit.all().stream().anyMatch(e -> e.action().equals(AuditActions.NOTIFICATION_RESENT)));
        assertEquals(404, kit.post("/console/payments/" + c.id() + "/notifications/" + "x".repeat(2000) + "/resend", Map.of(), admin)
                .getStatusCode(), "an id no notification has is not looked up");
    }

    @Test
    void pages_are_in_english_when_asked() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");

        String list = body(kit.get("/console/payments?lang=en", viewer));
        String page = body(kit.get("/console/payments/" + c.id() + "?lang=en", viewer));

        assertTrue(list.contains("<h1>Payments</h1>") && list.contains("<th scope=\"col\">Checkout</th>"), list);
        assertTrue(page.contains("Payment attempts") && page.contains("History"), page);
    }
}
