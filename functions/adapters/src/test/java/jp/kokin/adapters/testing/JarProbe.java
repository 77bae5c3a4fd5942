package jp.kokin.adapters.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe class against a function's deployable jar alone, in a fresh JVM, with the environment
 * Lambda gives (credentials in variables, no endpoint override): a class the shade filters left out
 * fails here instead of after a deploy.
 */
public final class JarProbe {
    private JarProbe() {}

    /** The probe's output; asserts the jar exists, the probe finished within 2 minutes and exited 0. */
    public static String run(String jarName, Class<?> probe) throws Exception {
        Path jar = Path.of("target", jarName);
        assertTrue(Files.isRegularFile(jar), "run after package: " + jar.toAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + File.pathSeparator + Path.of("target", "test-classes"), probe.getName())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().put("AWS_ACCESS_KEY_ID", "AKIAPROBEPROBEPROBE0"); // as Lambda gives them: in the environment
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "probe");
        pb.environment().put("AWS_SESSION_TOKEN", "probe");
        Process process = pb.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
