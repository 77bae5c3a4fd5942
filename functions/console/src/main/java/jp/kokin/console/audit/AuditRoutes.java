package jp.kokin.console.audit;

import java.util.List;

import jp.kokin.console.ConsoleWiring;
import jp.kokin.console.web.Audit;
import jp.kokin.console.web.Route;

/** SKELETON (issue 13, H2): the routes of this screen. */
public final class AuditRoutes {
    private AuditRoutes() {}

    public static List<Route> routes(ConsoleWiring wiring, Audit audit) {
        return List.of();
    }
}
