package jp.kokin.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jp.kokin.console.ConsoleAuthorizationTest.Fixture;
import jp.kokin.console.settlement.SettlementFixtures;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.console.NotificationDelivery;
import jp.kokin.domain.console.RunRelease;
import jp.kokin.domain.refund.NewRefund;
import jp.kokin.domain.refund.Principals;
import jp.kokin.domain.refund.RefundPolicy;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundRules;

/**
 * The data {@link ConsoleAuthorizationTest} seeds into a {@link ConsoleTestKit}, and for each route
 * ({@code METHOD pattern}, path parameters written {@code {}}) the request it makes on it. Adding a
 * route to the console: add its fixture here (else {@code every_route_has_a_fixture} fails).
 */
final class ConsoleAuthorizationFixtures {
    static final String CHIYODA = "131016";
    static final String SHINJUKU = "131041";
    static final String MOFA = "MOFA";

    /** Routes anyone may call (sign-in, its callback, the signed-out page, the language switch). */
    static final Set<String> OPEN = Set.of(
            "GET /console/auth/sign-in",
            "GET /console/auth/callback",
            "GET /console/auth/signed-out",
            "POST /console/auth/sign-out",
            "GET /console/lang");

    /**
     * What the seeded kit holds: a paid checkout of 千代田区 with a refund requested by someone else and
     * a notification delivery; and {@link SettlementFixtures}' run (statements of 千代田区 and 新宿区, a
     * repayment request of 千代田区, transfer files), 外務省's pay-in, and 外務省's issued report.
     */
    record Seeded(String checkoutId, String refundId, String notificationId, String runId, String payinId) {}

    record Entry(Function<Seeded, Fixture> build) {}

    private static final Map<String, Entry> FIXTURES = Map.ofEntries(
            // home, lists, searches and exports: filtered by the user's organizations, never refused for them
            list("GET /console/", s -> "/console/"),
            list("GET /console/payments", s -> "/console/payments"),
            list("GET /console/payments/search", s -> "/console/payments/search?q=APP-0001"),
            list("GET /console/payments.csv", s -> "/console/payments.csv?encoding=utf-8"),
            list("GET /console/refunds", s -> "/console/refunds?status=requested"),
            list("GET /console/settlement-runs", s -> "/console/settlement-runs"),
            list("GET /console/payins", s -> "/console/payins?status=due"),
            list("GET /console/treasury-reports", s -> "/console/treasury-reports"),
            list("GET /console/daily", s -> "/console/daily"),
            list("GET /console/daily.csv", s -> "/console/daily.csv?encoding=utf-8"),
            list("GET /console/audit", s -> "/console/audit"),
            list("GET /console/audit.csv", s -> "/console/audit.csv?encoding=utf-8"),
            // a checkout of 千代田区, its refunds and notifications
            chiyoda("GET /console/payments/{}", s -> "/console/payments/" + s.checkoutId()),
            chiyoda("GET /console/payments/{}/refunds/new", s -> "/console/payments/" + s.checkoutId() + "/refunds/new"),
            entry("POST /console/payments/{}/refunds", s -> Fixture.of("/console/payments/" + s.checkoutId() + "/refunds", CHIYODA, SHINJUKU)
                    .withForm(Map.of("amount", "100", "reason", "overpaid", "legalBasis", "地方自治法施行令第165条の7",
                            "note", "authorization test", "idempotencyKey", "authz-1",
                            "_back", "/console/payments/" + s.checkoutId() + "/refunds/new"))),
            entry("POST /console/payments/{}/notifications/{}/resend", s -> Fixture.of("/console/payments/" + s.checkoutId()
                    + "/notifications/" + s.notificationId() + "/resend", CHIYODA, SHINJUKU)
                    .withForm(Map.of("_back", "/console/payments/" + s.checkoutId()))),
            chiyoda("GET /console/refunds/{}", s -> "/console/refunds/" + s.refundId()),
            entry("POST /console/refunds/{}/approve", s -> Fixture.of("/console/refunds/" + s.refundId() + "/approve", CHIYODA, SHINJUKU)
                    .withForm(Map.of("_back", "/console/refunds/" + s.refundId()))),
            entry("POST /console/refunds/{}/reject", s -> Fixture.of("/console/refunds/" + s.refundId() + "/reject", CHIYODA, SHINJUKU)
                    .withForm(Map.of("reason", "authorization test", "_back", "/console/refunds/" + s.refundId()))),
            // settlement runs: the page is platform-wide (filtered), a statement or repayment request its creditor's,
            // the release and the files need the permission over every organization
            list("GET /console/settlement-runs/{}", s -> "/console/settlement-runs/" + s.runId()),
            chiyoda("GET /console/settlement-runs/{}/statements/{}", s -> "/console/settlement-runs/" + s.runId() + "/statements/131016.html"),
            chiyoda("GET /console/settlement-runs/{}/repayment-requests/{}",
                    s -> "/console/settlement-runs/" + s.runId() + "/repayment-requests/131016.html"),
            entry("POST /console/settlement-runs/{}/prepare", s -> Fixture.everyOrganization("/console/settlement-runs/" + s.runId() + "/prepare")
                    .withForm(Map.of("_back", "/console/settlement-runs/" + s.runId()))),
            entry("POST /console/settlement-runs/{}/approve", s -> Fixture.everyOrganization("/console/settlement-runs/" + s.runId() + "/approve")
                    .withForm(Map.of("_back", "/console/settlement-runs/" + s.runId()))),
            entry("GET /console/settlement-runs/{}/transfer-file",
                    s -> Fixture.everyOrganization("/console/settlement-runs/" + s.runId() + "/transfer-file")),
            entry("GET /console/settlement-runs/{}/refund-transfer-file",
                    s -> Fixture.everyOrganization("/console/settlement-runs/" + s.runId() + "/refund-transfer-file")),
            // 外務省's pay-in and report
            mofa("GET /console/payins/{}", s -> "/console/payins/" + s.payinId()),
            mofa("GET /console/payins/{}/documents/{}", s -> "/console/payins/" + s.payinId() + "/documents/slip.html"),
            entry("POST /console/payins/{}/paid", s -> Fixture.of("/console/payins/" + s.payinId() + "/paid", MOFA, CHIYODA)
                    .withForm(Map.of("paidOn", "2026-12-01", "bank", "日本銀行本店", "reference", "R-AUTHZ", "_back", "/console/payins/" + s.payinId()))),
            entry("POST /console/payins/{}/confirmed", s -> Fixture.of("/console/payins/" + s.payinId() + "/confirmed", MOFA, CHIYODA)
                    .withForm(Map.of("_back", "/console/payins/" + s.payinId()))),
            mofa("GET /console/treasury-reports/{}",
                    s -> "/console/treasury-reports/report.html?ministry=MOFA&from=2026-11-01&to=2026-11-30&version=1"));

    private ConsoleAuthorizationFixtures() {}

    static Optional<Entry> fixture(String route) {
        return Optional.ofNullable(FIXTURES.get(route));
    }

    /** Seeds the kit (the same data every time: the ids are the kit's). */
    static Seeded seed(ConsoleTestKit kit) {
        Checkout paid = TestCheckouts.paid(TestCheckouts.aCheckout().forOrganization(CHIYODA).withItem("koseki", 2)
                .createdAt(ConsoleTestKit.NOW.minus(Duration.ofHours(2))).build(), ConsoleTestKit.NOW.minus(Duration.ofHours(1)));
        String requester = Principals.ofStaff(ConsoleTestKit.ISSUER, "someone-else");
        NewRefund refund = new NewRefund(450, RefundReason.OVERPAID, null, "seeded", "地方自治法施行令第165条の7", null, List.of());
        Checkout withRefund = ((Change.Changed) RefundRules.request(paid, refund, requester, RefundPolicy.DEFAULT,
                ConsoleTestKit.NOW.minus(Duration.ofMinutes(30)))).checkout();
        kit.checkouts.put(withRefund);
        String notificationId = "ntf_authz000000000000000001";
        kit.deliveries.put(new NotificationDelivery(withRefund.id(), notificationId, "myna", "checkout.paid", "delivered", 1, 200,
                ConsoleTestKit.NOW.minus(Duration.ofMinutes(59)), ConsoleTestKit.NOW.minus(Duration.ofMinutes(59)),
                "{\"type\":\"checkout.paid\",\"data\":{\"checkoutId\":\"" + withRefund.id() + "\"}}"));
        new SettlementFixtures(kit);
        // the run released by two others, so that its files may be downloaded by whoever may
        String preparer = Principals.ofStaff(ConsoleTestKit.ISSUER, "preparer");
        Instant prepared = ConsoleTestKit.NOW.minus(Duration.ofMinutes(20));
        kit.releases.prepare(new RunRelease(SettlementFixtures.RUN, preparer, "preparer", prepared, null, null, null));
        kit.releases.approve(new RunRelease(SettlementFixtures.RUN, preparer, "preparer", prepared,
                Principals.ofStaff(ConsoleTestKit.ISSUER, "approver"), "approver", ConsoleTestKit.NOW.minus(Duration.ofMinutes(10))));
        return new Seeded(withRefund.id(), withRefund.refunds().getLast().id(), notificationId, SettlementFixtures.RUN, SettlementFixtures.PAYIN);
    }

    private static Map.Entry<String, Entry> entry(String route, Function<Seeded, Fixture> build) {
        return Map.entry(route, new Entry(build));
    }

    private static Map.Entry<String, Entry> list(String route, Function<Seeded, String> path) {
        return entry(route, s -> Fixture.list(path.apply(s)));
    }

    private static Map.Entry<String, Entry> mofa(String route, Function<Seeded, String> path) {
        return entry(route, s -> Fixture.of(path.apply(s), MOFA, CHIYODA));
    }

    private static Map.Entry<String, Entry> chiyoda(String route, Function<Seeded, String> path) {
        return entry(route, s -> Fixture.of(path.apply(s), CHIYODA, SHINJUKU));
    }
}
