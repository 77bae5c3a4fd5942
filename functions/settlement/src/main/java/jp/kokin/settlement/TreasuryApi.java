package jp.kokin.settlement;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.http.HttpRequest;
import jp.kokin.adapters.http.HttpResponses;
import jp.kokin.adapters.http.ProblemCode;
import jp.kokin.domain.catalog.ApiKey;

/**
 * The national pay-in routes of {@code SettlementApiFunction} (operators): {@code /v1/treasury/payins…}
 * and {@code /v1/treasury/outstanding}. (Skeleton: routes answer 404 until they are built.)
 */
final class TreasuryApi {
    private final SettlementApiWiring wiring;

    TreasuryApi(SettlementApiWiring wiring) {
        this.wiring = wiring;
    }

    APIGatewayV2HTTPResponse handle(HttpRequest request, ApiKey key) {
        return HttpResponses.problem(ProblemCode.NOT_FOUND, "no route " + request.routeKey());
    }
}
