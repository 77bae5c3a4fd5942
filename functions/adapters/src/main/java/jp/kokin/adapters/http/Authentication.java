package jp.kokin.adapters.http;

import java.util.Optional;

import jp.kokin.domain.Hashes;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Catalog;

/** {@code Authorization: Bearer <key>}: the key is hashed and looked up; keys are never stored in clear. */
public final class Authentication {
    private Authentication() {}

    public static Optional<ApiKey> apiKey(HttpRequest request, Catalog catalog) {
        return request.header("authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim())
                .filter(k -> !k.isEmpty())
                .flatMap(k -> catalog.apiKeyByHash(Hashes.sha256Hex(k)));
    }

    public static com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse unauthorized() {
        return HttpResponses.problem(ProblemCode.UNAUTHORIZED, "send a valid API key as Authorization: Bearer <key>");
    }
}
