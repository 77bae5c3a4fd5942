package jp.kokin.local.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
        for (String function : List.of("CheckoutFunction", "ProviderEventFunction", "PaymentJanitorFunction", "SandboxProviderFunction")) {
            JsonNode sandbox = TEMPLATE.function(function).environment().get("SANDBOX_ENABLED");
            assertTrue(sandbox != null, function + " has no SANDBOX_ENABLED");
            assertEquals("EnableSandboxProvider", sandbox.path("Ref").asText(), function);
        }
    }

    @Test
    void the_notification_function_may_update_only_portal_items_and_only_their_notifications_flag() {
        List<JsonNode> updates = statements("PortalNotificationFunction").stream()
                .filter(s -> actions(s).contains("dynamodb:UpdateItem"))
                .filter(s -> !"LedgerTable".equals(s.path("Resource").path("Fn::GetAtt").path(0).asText())).toList();
        assertEquals(1, updates.size(), "one statement grants UpdateItem on the catalog");
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
        TEMPLATE.resources().get("PortalNotificationFunction").properties().path("Policies").forEach(p -> {
            assertFalse(p.has("DynamoDBCrudPolicy") || p.has("DynamoDBWritePolicy"), p.toString());
        });
    }

    private static final String SECRET_ARN = "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:";
    private static final String PARAMETER_ARN = "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/";

    /** Each secret-reading action a function is granted, with the resources (as {@code Fn::Sub} text) it may read. */
    private static Map<String, Set<String>> secretGrants(String function) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (JsonNode statement : statements(function)) {
            for (String action : actions(statement)) {
                if (action.startsWith("secretsmanager:") || action.startsWith("ssm:") || action.startsWith("kms:")) {
                    JsonNode resource = statement.path("Resource");
                    Set<String> resources = grants.computeIfAbsent(action, a -> new TreeSet<>());
                    (resource.isArray() ? resource : List.of(resource)).forEach(r ->
                            resources.add(r.has("Fn::Sub") ? r.path("Fn::Sub").asText() : r.toString()));
                }
            }
        }
        // and no managed policy template reads secrets or parameters some other way
        TEMPLATE.resources().get(function).properties().path("Policies").forEach(p -> p.fieldNames().forEachRemaining(name ->
                assertFalse(name.startsWith("AWSSecretsManager") || name.startsWith("SSMParameter"), function + ": " + name)));
        return grants;
    }

    @Test
    void provider_functions_read_only_provider_secrets_and_the_notification_function_only_portal_secrets() {
        Map<String, Set<String>> providers = Map.of(
                "secretsmanager:GetSecretValue", Set.of(SECRET_ARN + "${SecretsPrefix}providers*"),
                "ssm:GetParameter", Set.of(PARAMETER_ARN + "${SecretsPrefix}providers/*"));
        Map<String, Set<String>> portals = Map.of(
                "secretsmanager:GetSecretValue", Set.of(SECRET_ARN + "${SecretsPrefix}portals*"),
                "ssm:GetParameter", Set.of(PARAMETER_ARN + "${SecretsPrefix}portals/*"));
        Set<String> providerFunctions = Set.of("CheckoutFunction", "ProviderEventFunction", "PaymentJanitorFunction");
        for (String function : TEMPLATE.functions().keySet()) {
            Map<String, Set<String>> expected = providerFunctions.contains(function) ? providers
                    : function.equals("PortalNotificationFunction") ? portals : Map.of();
            assertEquals(expected, secretGrants(function), function);
        }
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

    @Test
    void the_settlement_documents_are_private_encrypted_locked_and_outlive_the_stack() {
        var bucket = TEMPLATE.resources().get("SettlementBucket");
        assertEquals("Retain", bucket.deletionPolicy());
        assertEquals("Retain", bucket.updateReplacePolicy());
        JsonNode p = bucket.properties();
        JsonNode block = p.path("PublicAccessBlockConfiguration");
        for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertTrue(block.path(setting).asBoolean(false), setting);
        }
        assertEquals("BucketOwnerEnforced", p.path("OwnershipControls").path("Rules").path(0).path("ObjectOwnership").asText());
        assertFalse(p.path("BucketEncryption").path("ServerSideEncryptionConfiguration").path(0)
                .path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText().isEmpty(), "encrypted at rest");
        assertEquals("Enabled", p.path("VersioningConfiguration").path("Status").asText());
        assertTrue(p.path("ObjectLockEnabled").asBoolean(false), "Object Lock");
        JsonNode retention = p.path("ObjectLockConfiguration").path("Rule").path("DefaultRetention");
        assertTrue(retention.path("Years").asInt() * 365 + retention.path("Days").asInt() > 6 * 365 + 61,
                "longer than five years from the close of the fiscal year and its 出納整理期間: " + retention);
    }

    @Test
    void the_settlement_bucket_refuses_requests_without_tls() {
        var policies = TEMPLATE.resourcesOfType("AWS::S3::BucketPolicy").stream()
                .filter(r -> "SettlementBucket".equals(r.properties().path("Bucket").path("Ref").asText())).toList();
        assertEquals(1, policies.size());
        boolean deniesPlainHttp = false;
        for (JsonNode statement : policies.getFirst().properties().path("PolicyDocument").path("Statement")) {
            deniesPlainHttp |= "Deny".equals(statement.path("Effect").asText())
                    && "s3:*".equals(statement.path("Action").asText())
                    && "false".equals(statement.path("Condition").path("Bool").path("aws:SecureTransport").asText());
        }
        assertTrue(deniesPlainHttp);
    }

    @Test
    void only_the_settlement_job_writes_documents_and_nobody_deletes_them() {
        for (String function : TEMPLATE.functions().keySet()) {
            Set<String> s3 = new TreeSet<>();
            statements(function).forEach(st -> actions(st).stream().filter(a -> a.startsWith("s3:")).forEach(s3::add));
            TEMPLATE.resources().get(function).properties().path("Policies").forEach(p -> p.fieldNames().forEachRemaining(name ->
                    assertFalse(name.startsWith("S3"), function + " has the managed " + name)));
            Set<String> expected = switch (function) {
                case "SettlementFunction" -> Set.of("s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload", "s3:ListBucket");
                // the API writes the Art. 6(2) reports it issues, and nothing else (below)
                case "SettlementApiFunction" -> Set.of("s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload", "s3:ListBucket");
                // the report job writes the reports too large for a request, and nothing else (below)
                case "TreasuryReportFunction" -> Set.of("s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload", "s3:ListBucket");
                // the console writes CSV exports, and nothing else (below)
                case "ConsoleFunction" -> Set.of("s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload", "s3:ListBucket");
                default -> Set.of();
            };
            assertEquals(new TreeSet<>(expected), s3, function);
        }
        for (String reportWriter : List.of("SettlementApiFunction", "TreasuryReportFunction")) {
            for (JsonNode st : statements(reportWriter)) {
                if (actions(st).contains("s3:PutObject")) {
                    assertEquals("${SettlementBucket.Arn}/treasury/reports/*", st.path("Resource").path("Fn::Sub").asText(),
                            reportWriter + " writes report documents only");
                }
            }
        }
        for (JsonNode st : statements("ConsoleFunction")) {
            if (actions(st).contains("s3:PutObject")) {
                assertEquals("${ConsoleExportBucket.Arn}/console/exports/*", st.path("Resource").path("Fn::Sub").asText(),
                        "the console writes CSV exports only");
            }
        }
    }

    @Test
    void the_settlement_api_writes_only_report_versions_pay_in_status_changes_and_run_releases_by_put() {
        List<JsonNode> writes = statements("SettlementApiFunction").stream()
                .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("dynamodb:"))).toList();
        assertEquals(1, writes.size(), writes.toString());
        assertEquals(Set.of("dynamodb:PutItem"), actions(writes.get(0)));
        assertEquals(Set.of("TREPORT#*", "PAYINDATE#*", "STLRUN#*"),
                strings(writes.get(0).path("Condition").path("ForAllValues:StringLike").path("dynamodb:LeadingKeys")));
        TEMPLATE.resources().get("SettlementApiFunction").properties().path("Policies").forEach(p ->
                assertFalse(p.has("DynamoDBCrudPolicy") || p.has("DynamoDBWritePolicy"), p.toString()));
    }

    @Test
    void the_settlement_api_sends_only_to_the_report_jobs_queue() {
        List<String> sends = new java.util.ArrayList<>();
        TEMPLATE.resources().get("SettlementApiFunction").properties().path("Policies").forEach(p -> {
            if (p.has("SQSSendMessagePolicy")) {
                sends.add(p.path("SQSSendMessagePolicy").path("QueueName").path("Fn::GetAtt").path(0).asText());
            }
            assertFalse(p.has("SQSPollerPolicy"), p.toString());
        });
        assertEquals(List.of("TreasuryReportQueue"), sends);
        statements("SettlementApiFunction").forEach(st -> assertTrue(actions(st).stream().noneMatch(a -> a.startsWith("sqs:")),
                st.toString()));
    }

    @Test
    void the_report_job_writes_only_report_versions_by_put() {
        List<JsonNode> writes = statements("TreasuryReportFunction").stream()
                .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("dynamodb:"))).toList();
        assertEquals(1, writes.size(), writes.toString());
        assertEquals(Set.of("dynamodb:PutItem"), actions(writes.get(0)));
        assertEquals(Set.of("TREPORT#*"),
                strings(writes.get(0).path("Condition").path("ForAllValues:StringLike").path("dynamodb:LeadingKeys")));
        TEMPLATE.resources().get("TreasuryReportFunction").properties().path("Policies").forEach(p ->
                assertFalse(p.has("DynamoDBCrudPolicy") || p.has("DynamoDBWritePolicy") || p.has("SQSSendMessagePolicy"), p.toString()));
    }

    @Test
    void the_console_writes_only_checkouts_keys_audit_entries_run_releases_and_pay_in_status_and_never_changes_an_audit_entry() {
        List<JsonNode> allows = statements("ConsoleFunction").stream().filter(st -> "Allow".equals(st.path("Effect").asText())
                && actions(st).stream().anyMatch(a -> a.startsWith("dynamodb:"))).toList();
        assertEquals(1, allows.size(), allows.toString());
        assertEquals(Set.of("CHK#*", "IDEM#*", "AUDIT#*", "STLRUN#*", "PAYINDATE#*"),
                strings(allows.getFirst().path("Condition").path("ForAllValues:StringLike").path("dynamodb:LeadingKeys")));
        List<JsonNode> denies = statements("ConsoleFunction").stream().filter(st -> "Deny".equals(st.path("Effect").asText())).toList();
        assertEquals(1, denies.size(), denies.toString());
        JsonNode deny = denies.getFirst();
        assertTrue(actions(deny).containsAll(Set.of("dynamodb:UpdateItem", "dynamodb:DeleteItem")), actions(deny).toString());
        assertEquals("LedgerTable", deny.path("Resource").path("Fn::GetAtt").path(0).asText());
        // ForAnyValue: a request touching any AUDIT# key is refused (ForAllValues would let an empty key set through)
        assertEquals(Set.of("AUDIT#*"), strings(deny.path("Condition").path("ForAnyValue:StringLike").path("dynamodb:LeadingKeys")));
        TEMPLATE.resources().get("ConsoleFunction").properties().path("Policies").forEach(p ->
                assertFalse(p.has("DynamoDBCrudPolicy") || p.has("DynamoDBWritePolicy"), p.toString()));
    }

    @Test
    void the_notification_function_writes_to_the_ledger_only_the_delivery_attributes_of_checkout_partitions() {
        List<JsonNode> ledger = statements("PortalNotificationFunction").stream()
                .filter(s -> "LedgerTable".equals(s.path("Resource").path("Fn::GetAtt").path(0).asText())).toList();
        assertEquals(1, ledger.size(), ledger.toString());
        JsonNode update = ledger.getFirst();
        assertEquals(Set.of("dynamodb:UpdateItem"), actions(update));
        JsonNode condition = update.path("Condition");
        assertEquals(Set.of("CHK#*"), strings(condition.path("ForAllValues:StringLike").path("dynamodb:LeadingKeys")));
        Set<String> attributes = strings(condition.path("ForAllValues:StringEquals").path("dynamodb:Attributes"));
        assertTrue(attributes.stream().allMatch(a -> a.equals("pk") || a.equals("sk") || a.startsWith("dlv")), attributes.toString());
        assertEquals(Set.of("NONE"), strings(condition.path("StringEqualsIfExists").path("dynamodb:ReturnValues")));
    }
}
