package jp.kokin.settlement;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.http.ProblemCode;
import jp.kokin.domain.catalog.ApiKey;

/**
 * The Art. 6(2) report routes of {@code SettlementApiFunction} (operators): {@code /v1/treasury/reports}.
 * (Skeleton: routes answer 404 until they are built.)
 */
final class TreasuryReportsApi {
    private final SettlementApiWiring wiring;

    TreasuryReportsApi(SettlementApiWiring wiring) {
        this.wiring = wiring;
    }

    APIGatewayV2HTTPResponse handle(HttpRequest request, ApiKey key) {
        return HttpResponses.problem(ProblemCode.NOT_FOUND, "no route " + request.routeKey());
    }
}
