package jp.kokin.local.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamTemplateTest {

    static final Path REAL_TEMPLATE = Path.of("../../template.yaml");

    @Test
    void readsTheProjectTemplatesFunctionsAndTheirEvents() {
        var t = SamTemplate.load(REAL_TEMPLATE);

        var checkout = t.function("CheckoutFunction");
        assertEquals("jp.kokin.checkout.CheckoutHandler", checkout.handlerClass());
        assertEquals("handleRequest", checkout.handlerMethod());
        assertEquals(20, checkout.timeoutSeconds(), "Globals timeout");
        assertTrue(checkout.httpApiEvents().contains(
                new SamTemplate.HttpApiEvent("CancelCheckout", "POST", "/v1/checkouts/{id}/cancel", "KokinHttpApi")));

        var receipt = t.function("ReceiptFunction");
        assertEquals(List.of(new SamTemplate.SqsEvent("PaidCheckouts", "ReceiptQueue", 10, List.of("ReportBatchItemFailures"))),
                receipt.sqsEvents());
        assertEquals(60, t.function("PortalNotificationFunction").timeoutSeconds());

        var settlement = t.function("SettlementFunction").scheduleEvents().getFirst();
        assertEquals("cron(30 0 * * ? *)", settlement.expression());
        assertEquals("Asia/Tokyo", settlement.timezone());
        assertEquals("{}", settlement.input());
        var sweeper = t.function("ReceiptSweeperFunction").scheduleEvents().getFirst();
        assertEquals("UTC", sweeper.timezone());
        assertNull(sweeper.input());

        assertEquals("SandboxHttpApi", t.function("SandboxProviderFunction").httpApiEvents().getFirst().apiId());
        assertEquals("false", t.parameters().get("EnableSandboxProvider").defaultValue());
        assertEquals(2, t.resourcesOfType(SamTemplate.TABLE).size());
        // + the checkout history's dead-letter queue, the report job's queue and its dead-letter queue
        assertEquals(7, t.resourcesOfType(SamTemplate.QUEUE).size());
    }

    @Test
    void every_table_queue_and_secret_survives_stack_deletion_and_replacement() {
        var t = SamTemplate.load(REAL_TEMPLATE);
        var stateful = new java.util.ArrayList<SamTemplate.Resource>();
        stateful.addAll(t.resourcesOfType(SamTemplate.TABLE));
        stateful.addAll(t.resourcesOfType(SamTemplate.QUEUE));
        stateful.addAll(t.resourcesOfType(SamTemplate.SECRET));
        assertEquals(2 + 7 + 2, stateful.size(), "tables, queues (with their dead-letter queues and the history stream's failure queue), the provider secret and the console's session key");
        for (var r : stateful) {
            assertEquals("Retain", r.deletionPolicy(), r.logicalId() + " DeletionPolicy");
            assertEquals("Retain", r.updateReplacePolicy(), r.logicalId() + " UpdateReplacePolicy");
        }
    }

    @Test
    void functionEnvironmentOverlaysGlobals() {
        var env = SamTemplate.load(REAL_TEMPLATE).function("SandboxProviderFunction").environment();
        assertEquals("EnableSandboxProvider", env.get("SANDBOX_ENABLED").get("Ref").asText());
        assertEquals("CatalogTable", env.get("CATALOG_TABLE").get("Ref").asText());
        assertEquals("60", env.get("CATALOG_CACHE_SECONDS").asText());
    }

    @Test
    void shortFormIntrinsicsBecomeLongForm() {
        var t = SamTemplate.parse("""
                Parameters:
                  Stage: {Type: String, Default: dev}
                Conditions:
                  IsProd: !Equals [!Ref Stage, prod]
                Resources:
                  Q: {Type: AWS::SQS::Queue}
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handle
                      Environment:
                        Variables:
                          URL: !Ref Q
                          ARN: !GetAtt Q.Arn
                          NAME: !GetAtt [Q, QueueName]
                          MODE: !If [IsProd, live, test]
                          TEXT: !Sub "${AWS::Region}/${Stage}"
                      Events:
                        E: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn}}
                """);
        var env = t.function("F").environment();
        assertEquals("Q", env.get("URL").get("Ref").asText());
        assertEquals("Arn", env.get("ARN").get("Fn::GetAtt").get(1).asText());
        assertEquals("QueueName", env.get("NAME").get("Fn::GetAtt").get(1).asText());
        assertEquals("IsProd", env.get("MODE").get("Fn::If").get(0).asText());
        assertEquals("${AWS::Region}/${Stage}", env.get("TEXT").get("Fn::Sub").asText());
        assertEquals("Q", t.function("F").sqsEvents().getFirst().queueLogicalId());
        assertEquals(3, t.function("F").timeoutSeconds(), "SAM's default timeout");

        var resolved = Provisioned.create(SamTemplate.parse("""
                Parameters:
                  Stage: {Type: String, Default: dev}
                Conditions:
                  IsProd: !Equals [!Ref Stage, prod]
                  NotProd: !Not [!Condition IsProd]
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handle
                      Environment:
                        Variables:
                          MODE: !If [IsProd, live, test]
                          OTHER: !If [NotProd, yes-not-prod, !Ref AWS::NoValue]
                          TEXT: !Sub "${AWS::Region}/${Stage}/${!Literal}"
                          JOINED: !Join ["-", [a, !Ref Stage]]
                """), Map.of("Stage", "prod"), "", null, null).environmentOf("F");
        assertEquals(Map.of("MODE", "live", "TEXT", "ap-northeast-1/prod/${Literal}", "JOINED", "a-prod"), resolved);
    }

    @Test
    void no_function_has_snap_start_with_more_than_512_mb_of_ephemeral_storage() {
        // Lambda refuses to publish such a version: only a deploy would find it, never the local runner
        var t = SamTemplate.load(REAL_TEMPLATE);
        String global = t.functionGlobals().path("SnapStart").path("ApplyOn").asText("None");
        int checked = 0;
        for (String f : t.functions().keySet()) {
            var p = t.resources().get(f).properties();
            String snapStart = p.path("SnapStart").path("ApplyOn").asText(global);
            int storage = p.path("EphemeralStorage").path("Size").asInt(t.functionGlobals().path("EphemeralStorage").path("Size").asInt(512));
            if (storage > 512) {
                assertEquals("None", snapStart, f + " has " + storage + " MB of ephemeral storage");
                checked++;
            }
        }
        assertEquals(2, checked, "the settlement job and the report job");
    }
}
