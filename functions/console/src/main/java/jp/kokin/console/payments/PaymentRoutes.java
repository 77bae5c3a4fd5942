package jp.kokin.console.payments;

import java.util.List;

import jp.kokin.console.ConsoleWiring;
import jp.kokin.console.web.Audit;
import jp.kokin.console.web.Route;

/** SKELETON (issue 13, H3): the routes of this screen. */
public final class PaymentRoutes {
    private PaymentRoutes() {}

    public static List<Route> routes(ConsoleWiring wiring, Audit audit) {
        return List.of();
    }
}
