package jp.kokin.local.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** What {@code template.yaml} grants and refuses: read from the real template, as SAM would deploy it. */
class TemplateSecurityTest {

    private static final SamTemplate TEMPLATE = SamTemplate.load(SamTemplateTest.REAL_TEMPLATE);

    private static JsonNode raw() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(SamTemplateTest.REAL_TEMPLATE.toFile());
    }

    /** Every inline policy statement of a function ({@code Policies: - Statement: [...]}). */
    private static List<JsonNode> statements(String function) {
        List<JsonNode> all = new ArrayList<>();
        TEMPLATE.resources().get(function).properties().path("Policies").forEach(p -> p.path("Statement").forEach(all::add));
        return all;
    }

    private static Set<String> actions(JsonNode statement) {
        Set<String> actions = new HashSet<>();
        JsonNode a = statement.path("Action");
        if (a.isArray()) {
            a.forEach(x -> actions.add(x.asText()));
        } else {
            actions.add(a.asText());
        }
        return actions;
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> values = new HashSet<>();
        if (node.isArray()) {
            node.forEach(x -> values.add(x.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }

    @Test
    void every_function_that_builds_providers_is_told_whether_the_sandbox_is_enabled() {
        for (String function : List.of("CheckoutFunction", "WebhookFunction", "PaymentJanitorFunction", "SandboxProviderFunction")) {
            JsonNode sandbox = TEMPLATE.function(function).environment().get("SANDBOX_ENABLED");
            assertTrue(sandbox != null, function + " has no SANDBOX_ENABLED");
            assertEquals("EnableSandboxProvider", sandbox.path("Ref").asText(), function);
        }
    }

    @Test
    void the_notification_function_may_update_only_portal_items_and_only_their_notifications_flag() {
        List<JsonNode> updates = statements("NotificationFunction").stream()
                .filter(s -> actions(s).contains("dynamodb:UpdateItem")).toList();
        assertEquals(1, updates.size(), "one statement grants UpdateItem");
        JsonNode update = updates.getFirst();
        assertEquals(Set.of("dynamodb:UpdateItem"), actions(update));
        assertEquals("CatalogTable", update.path("Resource").path("Fn::GetAtt").path(0).asText());
        JsonNode condition = update.path("Condition");
        assertEquals(Set.of("PORTAL#*"), strings(condition.path("ForAllValues:StringLike").path("dynamodb:LeadingKeys")));
        assertEquals(Set.of("pk", "notificationsDisabled"),
                strings(condition.path("ForAllValues:StringEquals").path("dynamodb:Attributes")));
        assertEquals(Set.of("NONE", "UPDATED_OLD", "UPDATED_NEW"),
                strings(condition.path("StringEqualsIfExists").path("dynamodb:ReturnValues")));
        assertEquals(Set.of("SPECIFIC_ATTRIBUTES"), strings(condition.path("StringEqualsIfExists").path("dynamodb:Select")));
        // and no managed policy template gives it write access to the catalog some other way
        TEMPLATE.resources().get("NotificationFunction").properties().path("Policies").forEach(p -> {
            assertFalse(p.has("DynamoDBCrudPolicy") || p.has("DynamoDBWritePolicy"), p.toString());
        });
    }

    @Test
    void the_notification_function_may_read_the_secrets_under_the_prefix_for_portal_secret_references() {
        Set<String> actions = new HashSet<>();
        statements("NotificationFunction").forEach(s -> actions.addAll(actions(s)));
        assertTrue(actions.containsAll(Set.of("secretsmanager:GetSecretValue", "ssm:GetParameter")), actions.toString());
    }

    @Test
    void the_secrets_prefix_cannot_be_empty() throws IOException {
        JsonNode prefix = raw().path("Parameters").path("SecretsPrefix");
        String pattern = prefix.path("AllowedPattern").asText();
        assertFalse("".matches(pattern), "an empty prefix would grant every secret of the account");
        assertFalse("/".matches(pattern));
        assertTrue(prefix.path("Default").asText().matches(pattern));
        assertTrue("kokin-prod/".matches(pattern));
        assertTrue(prefix.path("MinLength").asInt() >= 1, "MinLength");
    }
}
