package jp.kokin.domain.checkout;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jp.kokin.domain.Hashes;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.catalog.LocalizedText;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.catalog.Portal;
import jp.kokin.domain.catalog.Procedure;
import jp.kokin.domain.catalog.ReportPeriod;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.catalog.TreasurySettings;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.catalog.Role;
import jp.kokin.domain.catalog.SettlementSettings;
import jp.kokin.domain.format.OrganizationCode;

/**
 * Catalogs for domain tests. {@link #standard()} is a small Tokyo: 千代田区 and 新宿区 with
 * certificates, 東京都 with the 10-year passport whose fee is split between 外務省 (14,000 yen)
 * and 東京都 (2,000 yen), two portals and their keys. {@link #aCatalog()} builds others.
 */
public final class TestCatalogs {
    public static final String CHIYODA = "131016";
    public static final String SHINJUKU = "131041";
    public static final String TOKYO = "130001";
    public static final String MOFA = "MOFA";

    /** 住民票の写し: 300 yen to the city that issues it. */
    public static final String JUMINHYO = "juminhyo";
    /** 戸籍全部事項証明書: 450 yen to 千代田区. */
    public static final String KOSEKI = "koseki";
    /** 一般旅券（10年）: 14,000 yen to MOFA and 2,000 yen to 東京都 (owned by 東京都). */
    public static final String PASSPORT = "passport-10y";

    /** The national portal; its key may act for every organization. */
    public static final String MYNA = "myna";
    /** 新宿区's own portal; its key sees only 新宿区. */
    public static final String SHINJUKU_PORTAL = "shinjuku-portal";
    public static final String RETURN_URL = "https://portal.example.jp/applications/1";

    public static final ApiKey MYNA_KEY = new ApiKey(Hashes.sha256Hex("myna-key"), Role.PORTAL, MYNA,
            Set.of(ApiKey.ALL_ORGANIZATIONS));
    public static final ApiKey SHINJUKU_KEY = new ApiKey(Hashes.sha256Hex("shinjuku-key"), Role.PORTAL,
            SHINJUKU_PORTAL, Set.of(SHINJUKU));
    public static final ApiKey OPERATOR_KEY = new ApiKey(Hashes.sha256Hex("operator-key"), Role.OPERATOR, null,
            Set.of(ApiKey.ALL_ORGANIZATIONS));

    /** The platform's account, requester of every transfer file. */
    public static final SettlementSettings SETTLEMENT = new SettlementSettings("1234567890", "ｺｳｷﾝｼﾕｳﾉｳ",
            account("0005", "001", "1111111", "ｺｳｷﾝ"), 1);

    /** 外務省's treasury block in {@link #aTreasuryCatalog()}: pay-in 5 bank business days after the run's date. */
    public static final Treasury MOFA_TREASURY = new Treasury("016", "外務省", "一般会計", "0160001",
            "外務省大臣官房会計課長（歳入徴収官）", 5, null, null, ReportPeriod.MONTHLY);
    /** The passport's national line's revenue item (歳入科目) in {@link #aTreasuryCatalog()}. */
    public static final RevenueItem PASSPORT_REVENUE = new RevenueItem("016-01-01-01", "旅券法手数料");

    private TestCatalogs() {}

    public static Catalog standard() {
        return aStandardCatalog().build();
    }

    /** The standard catalog's builder, to change one thing (say, the settlement settings). */
    public static Builder aStandardCatalog() {
        return aCatalog()
                .withOrganization(CHIYODA, "千代田区", account("0001", "001", "1234567", "ﾁﾖﾀﾞｸ"),
                        procedure(JUMINHYO, "住民票の写し", new FeeLine(CHIYODA, 300)),
                        procedure(KOSEKI, "戸籍全部事項証明書", new FeeLine(CHIYODA, 450)))
                .withOrganization(SHINJUKU, "新宿区", account("0001", "002", "2345678", "ｼﾝｼﾞｭｸｸ"),
                        procedure(JUMINHYO, "住民票の写し", new FeeLine(SHINJUKU, 300)))
                .withOrganization(TOKYO, "東京都", account("0001", "003", "3456789", "ﾄｳｷﾖｳﾄ"),
                        procedure(PASSPORT, "一般旅券（10年）", new FeeLine(MOFA, 14000), new FeeLine(TOKYO, 2000)))
                .withOrganization(MOFA, "外務省", account("0001", "004", "4567890", "ｶﾞｲﾑｼﾖｳ"))
                .withPortal(MYNA, "https://portal.example.jp/", "https://staging.portal.example.jp/")
                .withPortal(SHINJUKU_PORTAL, "https://shinsei.city.shinjuku.example.jp/")
                .withKey(MYNA_KEY)
                .withKey(SHINJUKU_KEY)
                .withKey(OPERATOR_KEY);
    }

    /**
     * The standard catalog with 外務省 paid into the national treasury (国庫金): a {@link #MOFA_TREASURY}
     * block and no bank account, and the passport's national line naming {@link #PASSPORT_REVENUE}.
     */
    public static Builder aTreasuryCatalog() {
        return aStandardCatalog()
                .withOrganization(TOKYO, "東京都", account("0001", "003", "3456789", "ﾄｳｷﾖｳﾄ"),
                        procedure(PASSPORT, "一般旅券（10年）", new FeeLine(MOFA, 14000, PASSPORT_REVENUE),
                                new FeeLine(TOKYO, 2000)))
                .withTreasuryOrganization(MOFA, "外務省", MOFA_TREASURY);
    }

    public static Builder aCatalog() {
        return new Builder();
    }

    public static Procedure procedure(String code, String nameJa, FeeLine... fees) {
        return new Procedure(code, new LocalizedText(nameJa, null), List.of(fees));
    }

    public static BankAccount account(String bankCode, String branchCode, String accountNumber, String holderKana) {
        return new BankAccount(bankCode, "", branchCode, "", 1, accountNumber, holderKana);
    }

    public static final class Builder {
        private final Map<String, Organization> organizations = new LinkedHashMap<>();
        private final Map<String, Portal> portals = new LinkedHashMap<>();
        private final Map<String, ApiKey> keys = new LinkedHashMap<>();
        private SettlementSettings settlement = SETTLEMENT;
        private TreasurySettings treasury = TreasurySettings.DEFAULT;

        private Builder() {}

        public Builder withOrganization(String code, String name, BankAccount account, Procedure... procedures) {
            Map<String, Procedure> byCode = new LinkedHashMap<>();
            for (Procedure p : procedures) {
                byCode.put(p.code(), p);
            }
            organizations.put(code, new Organization(OrganizationCode.parse(code), name, account, byCode));
            return this;
        }

        /** A national organization paid into the treasury (no bank account). */
        public Builder withTreasuryOrganization(String code, String name, Treasury treasury, Procedure... procedures) {
            Map<String, Procedure> byCode = new LinkedHashMap<>();
            for (Procedure p : procedures) {
                byCode.put(p.code(), p);
            }
            organizations.put(code, new Organization(OrganizationCode.parse(code), name, null, byCode, Map.of(),
                    null, treasury));
            return this;
        }

        public Builder withTreasurySettings(TreasurySettings settings) {
            this.treasury = settings;
            return this;
        }

        public Builder withPortal(String id, String... returnUrlPrefixes) {
            portals.put(id, new Portal(id, id, URI.create("https://" + id + ".example.jp/kokin"),
                    List.of("whsec_test"), List.of(returnUrlPrefixes), false));
            return this;
        }

        public Builder withKey(ApiKey key) {
            keys.put(key.hash(), key);
            return this;
        }

        public Builder withSettlement(SettlementSettings settings) {
            this.settlement = settings;
            return this;
        }

        public Catalog build() {
            return new Catalog(organizations, portals, keys,
                    Map.of("sandbox", new ProviderSettings("sandbox", List.of("whsec_sandbox"), "")), settlement,
                    Map.of(), treasury);
        }
    }
}
