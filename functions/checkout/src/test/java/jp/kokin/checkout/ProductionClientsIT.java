package jp.kokin.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The deployable jar leaves out classes no function loads (root pom's shade filters: the SDK's legacy
 * endpoint metadata, unused Lambda event types). Every other test talks to the embedded services
 * through an endpoint override; this one builds the clients from the jar alone the way they are built
 * in AWS, where a missing class would otherwise surface only after a deploy.
 */
class ProductionClientsIT {

    @Test
    void the_deployable_jar_builds_and_uses_its_dynamodb_and_sqs_clients_without_an_endpoint_override() throws Exception {
        Path jar = Path.of("target", "kokin-checkout-function.jar");
        assertTrue(Files.isRegularFile(jar), "run after package: " + jar.toAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + File.pathSeparator + Path.of("target", "test-classes"), ProductionClientsProbe.class.getName())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().put("AWS_ACCESS_KEY_ID", "AKIAPROBEPROBEPROBE0"); // as Lambda gives them: in the environment
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "probe");
        pb.environment().put("AWS_SESSION_TOKEN", "probe");
        Process process = pb.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        List<String> lines = output.lines().filter(l -> l.startsWith("dynamodb: ") || l.startsWith("sqs: ")).toList();
        assertEquals(2, lines.size(), output);
    }
}
