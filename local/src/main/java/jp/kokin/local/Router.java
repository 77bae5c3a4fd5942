package jp.kokin.local;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kokin.local.embedded.SamTemplate;

/** Every HttpApi event of the template (all APIs share the local port), most specific first. */
final class Router {

    record Match(Route route, Map<String, String> pathParameters) {}

    private final List<Route> routes;

    Router(List<Route> routes) {
        this.routes = routes.stream().sorted(Comparator.comparingInt(Route::specificity).reversed()).toList();
    }

    static Router of(SamTemplate template) {
        return new Router(template.functions().values().stream()
                .flatMap(f -> f.httpApiEvents().stream().map(e -> new Route(f.logicalId(), e.method(), e.path())))
                .toList());
    }

    Optional<Match> match(String method, String path) {
        for (Route r : routes) {
            var params = r.match(method, path);
            if (params.isPresent()) {
                return Optional.of(new Match(r, params.get()));
            }
        }
        return Optional.empty();
    }

    List<Route> routes() {
        return routes;
    }
}
