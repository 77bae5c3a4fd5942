package jp.kokin.console.refunds;

import static jp.kokin.console.ConsoleTestKit.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.console.ConsoleTestKit;
import jp.kokin.console.payments.TestPayments;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.console.AuditActions;
import jp.kokin.domain.console.AuditEntry;
import jp.kokin.domain.console.StaffUser;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundStatus;

/** Requesting a refund in the console, the queue, and the second person's approval or rejection. */
class RefundRoutesTest {
    private final ConsoleTestKit kit = new ConsoleTestKit();
    private final StaffUser requester = user("requester", "refund_requester.131016");
    private final StaffUser approver = user("approver", "refund_approver.131016");
    private final StaffUser viewer = user("viewer", "viewer.131016");
    /** Holds both roles: may request, may never decide their own request. */
    private final StaffUser both = user("both", "refund_requester.131016", "refund_approver.131016");
    private final StaffUser shinjuku = user("shinjuku", "viewer.131041", "refund_requester.131041", "refund_approver.131041");

    private static Map<String, String> form(String... pairs) {
        var m = new HashMap<String, String>();
        m.put("idempotencyKey", "k-" + pairs.length + "-" + String.join("|", pairs).hashCode());
        m.put("reason", "overpaid");
        m.put("legalBasis", "地方自治法施行令第165条の7");
        m.put("amount", "100");
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private String requestRefund(Checkout c, StaffUser who, Map<String, String> form) {
        var response = kit.post("/console/payments/" + c.id() + "/refunds", form, who);
        assertEquals(303, response.getStatusCode(), response.getBody());
        String location = response.getHeaders().get("Location");
        assertTrue(location.startsWith("/console/refunds/rfd_"), location);
        return location.substring("/console/refunds/".length(), location.indexOf('?'));
    }

    private Refund stored(Checkout c, String refundId) {
        return kit.checkouts.stored(c.id()).refund(refundId).orElseThrow();
    }

    private List<AuditEntry> audited(String action) {
        return kit.audit.all().stream().filter(e -> e.action().equals(action)).toList();
    }

    @Test
    void the_request_form_has_the_fields_a_keyboard_user_needs_and_a_hidden_idempotency_key() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");

        var page = kit.get("/console/payments/" + c.id() + "/refunds/new", requester);
        String checkoutPage = kit.get("/console/payments/" + c.id(), requester).getBody();

        assertEquals(200, page.getStatusCode());
        String html = page.getBody();
        for (String id : List.of("id=\"refund-form\"", "id=\"amount\"", "id=\"reason\"", "id=\"legal-basis\"", "id=\"note\"",
                "id=\"submit-refund\"", "name=\"idempotencyKey\"", "name=\"_csrf\"", "<label for=\"amount\"", "<label for=\"legal-basis\"")) {
            assertTrue(html.contains(id), id);
        }
        assertFalse(html.contains("id=\"decision-reference\""), "no national line");
        assertTrue(checkoutPage.contains("id=\"request-refund\""), checkoutPage);
    }

    @Test
    void a_requested_refund_is_stored_requested_by_the_staff_principal_with_its_legal_basis_and_audited() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");

        String refundId = requestRefund(c, requester, form("note", "窓口で過大に徴収"));

        Refund refund = stored(c, refundId);
        assertEquals(RefundStatus.REQUESTED, refund.status());
        assertEquals(requester.principal(), refund.requestedBy());
        assertEquals("地方自治法施行令第165条の7", refund.legalBasis());
        assertEquals(100, refund.amount());
        AuditEntry entry = audited(AuditActions.REFUND_REQUESTED).getFirst();
        assertEquals(refundId, entry.target());
        assertEquals("131016", entry.organization());
        String page = kit.get("/console/refunds/" + refundId + "?notice=requested", requester).getBody();
        assertTrue(page.contains("返金を申請しました") && page.contains("地方自治法施行令第165条の7"), page);
    }

    @Test
    void a_double_submit_of_the_same_form_makes_one_refund_and_one_audit_entry() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");
        Map<String, String> same = form();

        String first = requestRefund(c, requester, same);
        String second = requestRefund(c, requester, same);

        assertEquals(first, second);
        assertEquals(1, kit.checkouts.stored(c.id()).refunds().size());
        assertEquals(1, audited(AuditActions.REFUND_REQUESTED).size());
    }

    @Test
    void a_refund_over_what_is_refundable_is_refused_with_a_422_page_and_nothing_stored() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");

        var response = kit.post("/console/payments/" + c.id() + "/refunds", form("amount", "301"), requester);

        assertEquals(422, response.getStatusCode());
        assertTrue(response.getBody().contains("返金できる額を超えています") && response.getBody().contains("¥300"), response.getBody());
        assertTrue(response.getBody().contains("value=\"301\""), "the form keeps what was typed");
        assertTrue(kit.checkouts.stored(c.id()).refunds().isEmpty());
        assertTrue(audited(AuditActions.REFUND_REQUESTED).isEmpty());
    }

    @Test
    void missing_legal_basis_reason_or_amount_is_a_422_form_with_the_errors() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");

        var response = kit.post("/console/payments/" + c.id() + "/refunds", form("legalBasis", "", "reason", "", "amount", "abc"), requester);

        assertEquals(422, response.getStatusCode());
        String html = response.getBody();
        assertTrue(html.contains("根拠法令等を入力してください") && html.contains("返金の理由を選んでください") && html.contains("返金額は"), html);
        assertTrue(kit.checkouts.stored(c.id()).refunds().isEmpty());
    }

    @Test
    void a_refund_of_a_national_line_asks_for_the_decision_reference_and_is_refused_without_it() {
        StaffUser tokyo = user("tokyo", "refund_requester.130001");
        Checkout c = TestPayments.paid(kit, TestCatalogs.TOKYO, TestCatalogs.PASSPORT, "PP-1", TestPayments.YESTERDAY, null);

        String formPage = kit.get("/console/payments/" + c.id() + "/refunds/new", tokyo).getBody();
        var refused = kit.post("/console/payments/" + c.id() + "/refunds", form("amount", "16000"), tokyo);
        String refundId = requestRefund(c, tokyo, form("amount", "16000", "decisionReference", "外務省還付決議第12号"));

        assertTrue(formPage.contains("id=\"decision-reference\""), formPage);
        assertEquals(422, refused.getStatusCode());
        assertTrue(refused.getBody().contains("decision_reference_required"), refused.getBody());
        assertEquals("外務省還付決議第12号", stored(c, refundId).decisionReference());
        assertEquals(1, kit.checkouts.stored(c.id()).refunds().size());
    }

    @Test
    void another_organizations_checkout_cannot_be_refunded_and_is_not_found() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");

        assertEquals(404, kit.get("/console/payments/" + c.id() + "/refunds/new", shinjuku).getStatusCode());
        assertEquals(404, kit.post("/console/payments/" + c.id() + "/refunds", form(), shinjuku).getStatusCode());
        assertTrue(kit.checkouts.stored(c.id()).refunds().isEmpty());
    }

    @Test
    void a_viewer_may_not_open_the_form_nor_post_it_and_a_post_without_the_csrf_token_is_refused() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");
        var forged = form();
        forged.put("_csrf", "forged");

        assertEquals(403, kit.get("/console/payments/" + c.id() + "/refunds/new", viewer).getStatusCode());
        assertEquals(403, kit.post("/console/payments/" + c.id() + "/refunds", form(), viewer).getStatusCode());
        assertEquals(403, kit.post("/console/payments/" + c.id() + "/refunds", forged, requester).getStatusCode());
        assertTrue(kit.checkouts.stored(c.id()).refunds().isEmpty());
    }

    @Test
    void the_queue_lists_requested_refunds_of_the_users_organizations_only() {
        Checkout mine = TestPayments.paidChiyoda(kit, "APP-1");
        Checkout theirs = TestPayments.paid(kit, TestCatalogs.SHINJUKU, TestCatalogs.JUMINHYO, "APP-2", TestPayments.YESTERDAY, null);
        String myRefund = requestRefund(mine, requester, form());
        String theirRefund = requestRefund(theirs, shinjuku, form());

        var queue = kit.get("/console/refunds?status=requested", approver);

        assertEquals(200, queue.getStatusCode());
        assertTrue(queue.getBody().contains("<table id=\"refunds\">") && queue.getBody().contains(myRefund), queue.getBody());
        assertFalse(queue.getBody().contains(theirRefund));
        assertFalse(kit.get("/console/refunds?status=rejected", approver).getBody().contains(myRefund));
    }

    @Test
    void the_approval_queue_shows_a_refund_requested_today_on_a_payment_made_long_ago_oldest_payment_first() {
        Checkout old = TestPayments.paid(kit, TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, "APP-OLD",
                ConsoleTestKit.NOW.minus(Duration.ofDays(400)), null);
        Checkout recent = TestPayments.paidChiyoda(kit, "APP-NEW");
        String recentRefund = requestRefund(recent, requester, form("idempotencyKey", "recent"));
        String oldRefund = requestRefund(old, requester, form("idempotencyKey", "old"));

        String queue = kit.get("/console/refunds", approver).getBody(); // status=requested is the default

        assertTrue(queue.contains(oldRefund) && queue.contains(recentRefund), queue);
        assertTrue(queue.indexOf(oldRefund) < queue.indexOf(recentRefund), "oldest payment first");
        assertFalse(queue.contains("id=\"next-page\""));
        // decided, it leaves the queue
        kit.checkouts.put(kit.checkouts.stored(old.id()).withRefund(stored(old, oldRefund)
                .decided(RefundStatus.REJECTED, approver.principal(), ConsoleTestKit.NOW, "duplicate")));
        assertFalse(kit.get("/console/refunds?status=requested", approver).getBody().contains(oldRefund));
        assertTrue(kit.get("/console/refunds?status=rejected", approver).getBody().contains("<table id=\"refunds\">"));
    }

    @Test
    void the_approval_queue_pages_with_a_next_link_and_shows_every_requested_refund_once() {
        int pageSize = kit.wiring().settings().pageSize();
        List<String> refunds = new java.util.ArrayList<>();
        for (int i = 0; i <= pageSize; i++) {
            Checkout c = TestPayments.paid(kit, TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, "APP-" + i,
                    ConsoleTestKit.NOW.minus(Duration.ofDays(1000 - i)), null);
            refunds.add(requestRefund(c, requester, form("idempotencyKey", "page-" + i)));
        }
        String first = kit.get("/console/refunds?status=requested", approver).getBody();
        var next = java.util.regex.Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"").matcher(first);
        assertTrue(next.find(), first);
        String second = kit.get(next.group(1).replace("&amp;", "&"), approver).getBody();
        for (int i = 0; i < pageSize; i++) {
            assertTrue(first.contains(refunds.get(i)) && !second.contains(refunds.get(i)), "refund " + i);
        }
        assertTrue(second.contains(refunds.get(pageSize)) && !first.contains(refunds.get(pageSize)));
        assertFalse(second.contains("id=\"next-page\""));
    }

    @Test
    void the_queue_refuses_an_organization_outside_the_scope_and_an_unknown_status() {
        assertEquals(400, kit.get("/console/refunds?org=131041", approver).getStatusCode());
        assertEquals(400, kit.get("/console/refunds?status=bogus", approver).getStatusCode());
        assertEquals(200, kit.get("/console/refunds?status=all&org=131016&lang=en", approver).getStatusCode());
    }

    @Test
    void an_approver_approves_another_persons_request_which_stays_approved_for_the_janitor_and_is_audited_once() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");
        String refundId = requestRefund(c, requester, form());
        String page = kit.get("/console/refunds/" + refundId, approver).getBody();

        var approved = kit.post("/console/refunds/" + refundId + "/approve", Map.of("_back", "/console/refunds/" + refundId), approver);
        var again = kit.post("/console/refunds/" + refundId + "/approve", Map.of(), approver);

        assertTrue(page.contains("id=\"approve\"") && page.contains("id=\"reject-reason\"") && page.contains("id=\"reject\""), page);
        assertEquals(303, approved.getStatusCode());
        assertEquals("/console/refunds/" + refundId + "?notice=approved", approved.getHeaders().get("Location"));
        assertEquals(303, again.getStatusCode());
        Refund refund = stored(c, refundId);
        assertEquals(RefundStatus.APPROVED, refund.status());
        assertEquals(approver.principal(), refund.approvedBy());
        assertEquals(1, audited(AuditActions.REFUND_APPROVED).size());
    }

    @Test
    void the_requester_sees_no_approve_button_and_their_own_approval_or_rejection_is_a_403_page() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");
        String refundId = requestRefund(c, both, form());

        String page = kit.get("/console/refunds/" + refundId, both).getBody();
        var approve = kit.post("/console/refunds/" + refundId + "/approve", Map.of(), both);
        var reject = kit.post("/console/refunds/" + refundId + "/reject", Map.of("reason", "x"), both);
        var requesterOnly = kit.post("/console/refunds/" + refundId + "/approve", Map.of(), requester);

        assertFalse(page.contains("id=\"approve\""), page);
        assertTrue(page.contains("id=\"own-request\""), page);
        assertEquals(403, approve.getStatusCode());
        assertTrue(approve.getBody().contains("二者確認"), approve.getBody());
        assertEquals(403, reject.getStatusCode());
        assertEquals(403, requesterOnly.getStatusCode());
        assertEquals(RefundStatus.REQUESTED, stored(c, refundId).status());
        assertTrue(audited(AuditActions.REFUND_APPROVED).isEmpty());
    }

    @Test
    void a_rejection_needs_a_reason_and_is_stored_and_audited() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");
        String refundId = requestRefund(c, requester, form());

        var noReason = kit.post("/console/refunds/" + refundId + "/reject", Map.of(), approver);
        var rejected = kit.post("/console/refunds/" + refundId + "/reject", Map.of("reason", "根拠が確認できない"), approver);

        assertEquals(422, noReason.getStatusCode());
        assertEquals(303, rejected.getStatusCode());
        Refund refund = stored(c, refundId);
        assertEquals(RefundStatus.REJECTED, refund.status());
        assertEquals("根拠が確認できない", refund.decisionNote());
        assertEquals("根拠が確認できない", audited(AuditActions.REFUND_REJECTED).getFirst().detail().get("reason"));
        var late = kit.post("/console/refunds/" + refundId + "/approve", Map.of(), approver);
        assertEquals(409, late.getStatusCode());
    }

    @Test
    void another_organizations_approver_gets_404_for_the_refund_page_and_its_approval() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");
        String refundId = requestRefund(c, requester, form());

        assertEquals(404, kit.get("/console/refunds/" + refundId, shinjuku).getStatusCode());
        assertEquals(404, kit.post("/console/refunds/" + refundId + "/approve", Map.of(), shinjuku).getStatusCode());
        assertEquals(404, kit.get("/console/refunds/rfd_nonsense", approver).getStatusCode());
        assertEquals(RefundStatus.REQUESTED, stored(c, refundId).status());
    }

    @Test
    void approving_needs_a_recent_sign_in_and_comes_back_to_the_refund() {
        Checkout c = TestPayments.paidChiyoda(kit, "APP-1");
        String refundId = requestRefund(c, requester, form());
        StaffUser stale = new StaffUser(approver.principal(), approver.subject(), approver.name(), approver.email(),
                approver.grants(), ConsoleTestKit.NOW.minus(Duration.ofMinutes(6)));

        APIGatewayV2HTTPResponse response = kit.post("/console/refunds/" + refundId + "/approve",
                Map.of("_back", "/console/refunds/" + refundId), stale);

        assertEquals(303, response.getStatusCode());
        assertTrue(response.getHeaders().get("Location").startsWith("/console/auth/sign-in?reauth=1&next=%2Fconsole%2Frefunds%2F" + refundId),
                response.getHeaders().get("Location"));
        assertEquals(RefundStatus.REQUESTED, stored(c, refundId).status());
    }
}
