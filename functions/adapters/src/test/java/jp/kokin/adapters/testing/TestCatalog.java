package jp.kokin.adapters.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The test catalog ({@code test-catalog.json}) and its keys and secrets. */
public final class TestCatalog {
    public static final String PORTAL_KEY = "test-portal-key-0001-pwnhsiQicjANBpFX8JboOll";
    /** A portal key of another portal that sees only 131041 (新宿区). */
    public static final String CITY_KEY = "test-city-key-0002-3bcUGuEFn3N18Tz3gaMZwyJC2";
    public static final String OPERATOR_KEY = "test-operator-key-0003-D1k0rtAPjQJ_34hMwbfEw";
    public static final String PORTAL_NOTIFICATION_SECRET = "whsec_BxQhLjtIVWJvfImWo7C9ytfk8f4LGCUyP0xZZnOAjZo=";
    public static final String SANDBOX_SECRET = "whsec_FSIvPElWY3B9ipeksb7L2OXy/wwZJjNATVpndIGOm6g=";
    public static final String SANDBOX_PREVIOUS_SECRET = "whsec_HCk2Q1BdaneEkZ6ruMXS3+z5BhMgLTpHVGFue4iVoq8=";
    public static final String RETURN_URL = "https://portal.example.jp/applications/1";

    private TestCatalog() {}

    /** The catalog JSON with the portal "myna" notifying {@code notificationUrl}. */
    public static byte[] json(String notificationUrl) {
        try (InputStream in = TestCatalog.class.getResourceAsStream("test-catalog.json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("{{NOTIFICATION_URL}}", notificationUrl).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
