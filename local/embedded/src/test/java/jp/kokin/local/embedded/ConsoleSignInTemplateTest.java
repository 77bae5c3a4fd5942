package jp.kokin.local.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The console's sign-in as {@code template.yaml} deploys it: Cognito's settings that make staff accounts safe, and what the console may read. */
class ConsoleSignInTemplateTest {
    private static final SamTemplate TEMPLATE = SamTemplate.load(SamTemplateTest.REAL_TEMPLATE);

    private static Set<String> strings(JsonNode node) {
        Set<String> values = new HashSet<>();
        if (node.isArray()) {
            node.forEach(x -> values.add(x.isTextual() ? x.asText() : x.toString()));
        } else if (!node.isMissingNode()) {
            values.add(node.isTextual() ? node.asText() : node.toString());
        }
        return values;
    }

    @Test
    void staff_accounts_need_totp_mfa_are_made_by_administrators_only_and_have_strong_passwords() {
        JsonNode pool = TEMPLATE.resources().get("ConsoleUserPool").properties();

        assertEquals("ON", pool.path("MfaConfiguration").asText());
        assertEquals(Set.of("SOFTWARE_TOKEN_MFA"), strings(pool.path("EnabledMfas")), "TOTP only: no SMS codes");
        assertTrue(pool.path("AdminCreateUserConfig").path("AllowAdminCreateUserOnly").asBoolean(), "no self sign-up");
        JsonNode password = pool.path("Policies").path("PasswordPolicy");
        assertTrue(password.path("MinimumLength").asInt() >= 12, password.toString());
        for (String rule : List.of("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols")) {
            assertTrue(password.path(rule).asBoolean(), rule);
        }
        assertEquals("Retain", TEMPLATE.resources().get("ConsoleUserPool").deletionPolicy(), "staff accounts outlive the stack");
    }

    @Test
    void the_console_client_uses_the_code_flow_through_the_sign_in_pages_only_and_returns_only_to_the_console() {
        JsonNode client = TEMPLATE.resources().get("ConsoleUserPoolClient").properties();

        assertEquals(Set.of("code"), strings(client.path("AllowedOAuthFlows")), "no implicit flow");
        assertTrue(client.path("AllowedOAuthFlowsUserPoolClient").asBoolean());
        assertEquals(Set.of("openid", "email", "profile"), strings(client.path("AllowedOAuthScopes")));
        assertFalse(client.path("GenerateSecret").asBoolean(), "a public client: PKCE");
        assertEquals(Set.of("ALLOW_REFRESH_TOKEN_AUTH"), strings(client.path("ExplicitAuthFlows")),
                "no password or SRP API: passwords and TOTP codes are entered on Cognito's pages only");
        assertEquals(Set.of("COGNITO"), strings(client.path("SupportedIdentityProviders")));
        String callbacks = client.path("CallbackURLs").toString();
        assertTrue(callbacks.contains("${PublicBaseUrl}/console/auth/callback"), callbacks);
        assertTrue(callbacks.contains("execute-api.${AWS::Region}.${AWS::URLSuffix}/console/auth/callback"), callbacks);
        assertTrue(client.path("LogoutURLs").toString().contains("/console/auth/signed-out"));
    }

    @Test
    void the_console_routes_are_throttled_below_the_stage_so_anonymous_traffic_cannot_crowd_out_payments() {
        JsonNode api = TEMPLATE.resources().get("KokinHttpApi").properties();
        int stage = api.path("DefaultRouteSettings").path("ThrottlingRateLimit").asInt();

        for (String route : List.of("ANY /console", "ANY /console/{proxy+}")) {
            JsonNode settings = api.path("RouteSettings").path(route);
            assertEquals(50, settings.path("ThrottlingRateLimit").asInt(), route);
            assertEquals(100, settings.path("ThrottlingBurstLimit").asInt(), route);
            assertTrue(settings.path("ThrottlingRateLimit").asInt() < stage, route);
        }
    }

    @Test
    void the_six_console_roles_are_groups_of_the_pool() {
        Set<String> groups = new HashSet<>();
        TEMPLATE.resourcesOfType("AWS::Cognito::UserPoolGroup").forEach(g -> groups.add(g.properties().path("GroupName").asText()));

        assertEquals(Set.of("viewer", "refund_requester", "refund_approver", "settlement_approver", "auditor", "platform_admin"), groups);
    }

    @Test
    void cognito_is_made_only_when_no_other_provider_is_named() {
        for (String id : List.of("ConsoleUserPool", "ConsoleUserPoolDomain", "ConsoleUserPoolClient", "ConsoleClientIdParameter")) {
            assertEquals("UseCognito", TEMPLATE.resources().get(id).properties() == null ? "" : condition(id), id);
        }
        JsonNode env = TEMPLATE.function("ConsoleFunction").environment().get("CONSOLE_OIDC_ISSUER");
        assertEquals("UseCognito", env.path("Fn::If").path(0).asText());
        assertEquals("ConsoleOidcIssuer", env.path("Fn::If").path(2).path("Ref").asText());
    }

    @Test
    void the_console_reads_its_session_key_and_console_secrets_and_nothing_else() {
        var policies = TEMPLATE.resourcesOfType("AWS::IAM::Policy");
        assertEquals(1, policies.size(), "one stand-alone policy: the console's sign-in secrets");
        JsonNode policy = policies.getFirst().properties();
        assertEquals(Set.of("{\"Ref\":\"ConsoleFunctionRole\"}"), strings(policy.path("Roles")));
        Set<String> grants = new HashSet<>();
        for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
            assertEquals("Allow", statement.path("Effect").asText());
            String action = statement.path("Action").asText();
            JsonNode resources = statement.path("Resource");
            (resources.isArray() ? resources : List.of(resources)).forEach(r ->
                    grants.add(action + " " + (r.has("Fn::Sub") ? r.path("Fn::Sub").asText() : r.toString())));
        }
        assertEquals(Set.of(
                "secretsmanager:GetSecretValue {\"Ref\":\"ConsoleSessionKey\"}",
                "secretsmanager:GetSecretValue arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${SecretsPrefix}console*",
                "ssm:GetParameter arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${SecretsPrefix}console/*"), grants);
        JsonNode key = TEMPLATE.resources().get("ConsoleSessionKey").properties().path("GenerateSecretString");
        assertTrue(key.path("PasswordLength").asInt() >= 32, "a session key of at least 32 bytes");
    }

    private static String condition(String logicalId) {
        try {
            JsonNode raw = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readTree(SamTemplateTest.REAL_TEMPLATE.toFile());
            return raw.path("Resources").path(logicalId).path("Condition").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
