package jp.kokin.local.testing;

import java.util.Map;

/** {@link JobHandler} needs nothing. */
public record JobWiring() {
    public static JobWiring fromEnv(Map<String, String> env) {
        return new JobWiring();
    }
}
