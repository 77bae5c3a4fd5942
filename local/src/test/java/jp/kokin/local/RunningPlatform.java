package jp.kokin.local;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole platform for one IT class: started before its tests (port 0, no schedules, the demo seed) and
 * closed after them. Register it as {@code @RegisterExtension static final RunningPlatform running = new
 * RunningPlatform();}; it starts before the class's own {@code @BeforeAll} methods.
 */
final class RunningPlatform implements BeforeAllCallback, AfterAllCallback {
    private LocalPlatform platform;

    @Override
    public void beforeAll(ExtensionContext context) {
        platform = LocalPlatform.start(LocalOptions.defaults().withPort(0).withoutSchedules());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (platform != null) {
            platform.close();
        }
    }

    LocalPlatform platform() {
        return platform;
    }

    String baseUrl() {
        return platform.baseUrl();
    }
}
