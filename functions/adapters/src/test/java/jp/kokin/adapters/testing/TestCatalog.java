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
    /** A portal key of a third portal, 東京都's own, serving 130001 (東京都) like {@link #PORTAL_KEY}'s My Number Portal. */
    public static final String TOKYO_KEY = "test-tokyo-key-0004-Yq3vT8mZpW2nR6sK1xC9bF4hJ7dL0aE5gU";
    public static final String TOKYO_RETURN_URL = "https://tokyo.example.jp/applications/1";
    /** An operator key scoped to 131016 (千代田区) only. */
    public static final String SCOPED_OPERATOR_KEY = "test-chiyoda-operator-key-0005-Nw8pX2rT6vB1mQ4sZ9k";
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
