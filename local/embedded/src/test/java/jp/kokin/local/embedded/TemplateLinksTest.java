package jp.kokin.local.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Where the functions that hand out our URLs take their base from, read from the real template. */
class TemplateLinksTest {

    private static final SamTemplate TEMPLATE = SamTemplate.load(SamTemplateTest.REAL_TEMPLATE);

    @Test
    void without_a_custom_domain_the_receipt_function_links_receipts_on_the_apis_own_url() {
        // The checkout API derives its links from each request's host; the receipt function serves no
        // request, so the template gives it the API's execute-api URL unless PublicBaseUrl is set.
        JsonNode base = TEMPLATE.function("ReceiptFunction").environment().get("PUBLIC_BASE_URL");
        JsonNode choice = base.path("Fn::If");
        assertEquals("HasPublicBaseUrl", choice.path(0).asText(), base.toString());
        assertEquals("PublicBaseUrl", choice.path(1).path("Ref").asText(), base.toString());
        assertEquals("https://${KokinHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}",
                choice.path(2).path("Fn::Sub").asText(), base.toString());
        assertTrue(TEMPLATE.function("ReceiptFunction").httpApiEvents().isEmpty(),
                "the API routing to the receipt function would make its URL a dependency cycle");
    }

    @Test
    void the_http_functions_keep_the_parameter_itself_and_derive_the_host_when_it_is_empty() {
        for (String function : new String[] {"CheckoutFunction", "ProviderEventFunction", "SettlementApiFunction"}) {
            assertEquals("PublicBaseUrl", TEMPLATE.function(function).environment().get("PUBLIC_BASE_URL").path("Ref").asText(),
                    function);
        }
    }
}
