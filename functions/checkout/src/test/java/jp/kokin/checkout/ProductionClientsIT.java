package jp.kokin.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.testing.JarProbe;

/**
 * The deployable jar leaves out classes no function loads (root pom's shade filters: the SDK's legacy
 * endpoint metadata, unused Lambda event types). Every other test talks to the embedded services
 * through an endpoint override; this one builds the clients from the jar alone the way they are built
 * in AWS, where a missing class would otherwise surface only after a deploy.
 */
class ProductionClientsIT {

    @Test
    void the_deployable_jar_builds_and_uses_its_dynamodb_and_sqs_clients_without_an_endpoint_override() throws Exception {
        String output = JarProbe.run("kokin-checkout-function.jar", ProductionClientsProbe.class);
        List<String> lines = output.lines().filter(l -> l.startsWith("dynamodb: ") || l.startsWith("sqs: ")).toList();
        assertEquals(2, lines.size(), output);
    }
}
