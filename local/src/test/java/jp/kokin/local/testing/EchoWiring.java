package jp.kokin.local.testing;

import java.util.Map;

/** The settings {@link EchoHandler} echoes, so a test can check the environment the runner passed. */
public record EchoWiring(String greeting, String publicBaseUrl) {
    public static EchoWiring fromEnv(Map<String, String> env) {
        return new EchoWiring(env.get("GREETING"), env.get("PUBLIC_BASE_URL"));
    }
}
