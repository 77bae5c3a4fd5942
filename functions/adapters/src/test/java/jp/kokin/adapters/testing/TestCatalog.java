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

    /** 外務省's treasury block in {@link #treasuryJson}: the same values as the domain's {@code TestCatalogs.MOFA_TREASURY}. */
    public static final String MOFA_TREASURY_JSON = """
            {"ministryCode": "016", "ministryName": "外務省", "account": "一般会計", "officerCode": "0160001",
             "officerName": "外務省大臣官房会計課長（歳入徴収官）", "payInBusinessDays": 5, "reportPeriod": "monthly"}""";
    /** The passport's MOFA line's revenue item in {@link #treasuryJson} ({@code TestCatalogs.PASSPORT_REVENUE}). */
    public static final String PASSPORT_REVENUE_JSON = """
            {"code": "016-01-01-01", "name": "旅券法手数料"}""";
    /** The top-level treasury settings in {@link #treasuryJson}. */
    public static final String TREASURY_SETTINGS_JSON = """
            {"agentName": "Kokin 指定納付受託者（テスト）", "previousYearCutoff": "05-31", "cutoffWarningBusinessDays": 5}""";

    private TestCatalog() {}

    /**
     * The test catalog with 外務省 (MOFA) paid into the national treasury: a treasury block and no
     * bank account, the passport's MOFA line naming its revenue item, and top-level treasury settings.
     */
    public static byte[] treasuryJson(String notificationUrl) {
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) jp.kokin.adapters.json.Json.parse(json(notificationUrl));
        for (var org : root.get("organizations")) {
            var o = (com.fasterxml.jackson.databind.node.ObjectNode) org;
            if (o.get("code").asText().equals("MOFA")) {
                o.remove("bankAccount");
                o.set("treasury", jp.kokin.adapters.json.Json.parse(MOFA_TREASURY_JSON.getBytes(StandardCharsets.UTF_8)));
            }
            for (var procedure : o.get("procedures")) {
                for (var fee : procedure.get("fees")) {
                    if (fee.get("creditor").asText().equals("MOFA")) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) fee).set("revenueItem",
                                jp.kokin.adapters.json.Json.parse(PASSPORT_REVENUE_JSON.getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        root.set("treasury", jp.kokin.adapters.json.Json.parse(TREASURY_SETTINGS_JSON.getBytes(StandardCharsets.UTF_8)));
        return jp.kokin.adapters.json.Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

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
