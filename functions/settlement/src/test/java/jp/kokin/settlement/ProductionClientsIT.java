package jp.kokin.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.testing.JarProbe;

/**
 * The settlement jar's clients built from the jar alone, as in AWS (no endpoint override): every
 * other test reaches the embedded services through an override, which also switches S3 to
 * path-style addressing; here the S3 client, its presigner and the document store run the way
 * they run in Lambda, where a class left out of the jar would otherwise surface only after a deploy.
 */
class ProductionClientsIT {

    @Test
    void the_settlement_jar_builds_and_uses_its_dynamodb_and_s3_clients_without_an_endpoint_override() throws Exception {
        String output = JarProbe.run("kokin-settlement-function.jar", ProductionClientsProbe.class);
        List<String> lines = output.lines().filter(l -> l.matches("(dynamodb|s3 put|s3 open|presigned): .*")).toList();
        assertEquals(4, lines.size(), output);
        String presigned = lines.stream().filter(l -> l.startsWith("presigned: ")).findFirst().orElseThrow();
        // virtual-hosted addressing in AWS; the session token goes into the URL
        assertTrue(presigned.startsWith("presigned: https://kokin-probe-bucket.s3.ap-northeast-1.amazonaws.com/runs/"), presigned);
        assertTrue(presigned.contains("X-Amz-Security-Token=probe"), presigned);
    }
}
