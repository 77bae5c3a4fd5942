package jp.kokin.local.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.Map;

/** Answers with what it received, so a test can check the event the runner built. */
public final class EchoHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final EchoWiring wiring;

    public EchoHandler() {
        this(EchoWiring.fromEnv(System.getenv()));
    }

    public EchoHandler(EchoWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (event.getRawPath().equals("/boom")) {
            throw new IllegalStateException("boom");
        }
        String body = String.join("\n",
                "routeKey=" + event.getRouteKey(),
                "name=" + event.getPathParameters().get("name"),
                "query=" + event.getQueryStringParameters(),
                "header=" + event.getHeaders().get("x-test"),
                "cookies=" + event.getCookies(),
                "body=" + event.getBody(),
                "base64=" + event.getIsBase64Encoded(),
                "domain=" + event.getRequestContext().getDomainName(),
                "greeting=" + wiring.greeting(),
                "publicBaseUrl=" + wiring.publicBaseUrl(),
                "function=" + context.getFunctionName());
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(201)
                .withHeaders(Map.of("Content-Type", "text/plain; charset=utf-8"))
                .withCookies(List.of("a=1; Path=/", "b=2; Path=/"))
                .withBody(body)
                .build();
    }
}
