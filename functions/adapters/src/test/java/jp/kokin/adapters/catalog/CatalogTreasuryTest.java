package jp.kokin.adapters.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.MonthDay;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.TestCatalog;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.catalog.ReportPeriod;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.catalog.TreasurySettings;

/**
 * National revenue (国庫金) in the catalog file: {@code organizations[].treasury}, {@code
 * fees[].revenueItem} and the top-level {@code treasury} settings, and the rules that tie them.
 * Organizations in the test catalog: [0] 千代田区, [1] 新宿区, [2] 東京都 (owns the passport, whose
 * fees[0] is MOFA's line and fees[1] 東京都's), [3] 外務省 (MOFA, national).
 */
class CatalogTreasuryTest {
    private static final String PASSPORT_MOFA_FEE = "organizations[2].procedures[0].fees[0]";

    private static ObjectNode treasuryCatalog() {
        return (ObjectNode) Json.parse(TestCatalog.treasuryJson("https://portal.example.jp/n"));
    }

    private static ObjectNode org(ObjectNode root, int index) {
        return (ObjectNode) root.get("organizations").get(index);
    }

    private static ObjectNode mofaTreasury(ObjectNode root) {
        return (ObjectNode) org(root, 3).get("treasury");
    }

    private static ObjectNode passportFee(ObjectNode root, int line) {
        return (ObjectNode) org(root, 2).get("procedures").get(0).get("fees").get(line);
    }

    /**
     * The problems of the treasury catalog changed by {@code change}, without the follow-ups an
     * organization left out causes as before (its creditors and keys then name no organization).
     */
    private static List<String> problems(Consumer<ObjectNode> change) {
        ObjectNode root = treasuryCatalog();
        change.accept(root);
        return assertThrows(CatalogCodec.InvalidCatalogException.class, () -> CatalogCodec.parse(root)).problems()
                .stream().filter(p -> !p.contains("is not an organization in this catalog")
                        && !p.matches("apiKeys\\[\\d+]\\.organizations: no organization .*")).toList();
    }

    @Test
    void a_national_body_with_a_treasury_block_and_no_bank_account_is_a_treasury_creditor() {
        Catalog catalog = CatalogCodec.parse(treasuryCatalog());

        Organization mofa = catalog.organization("MOFA").orElseThrow();
        assertTrue(mofa.paidIntoTreasury());
        assertNull(mofa.bankAccount());
        assertEquals(new Treasury("016", "外務省", "一般会計", "0160001", "外務省大臣官房会計課長（歳入徴収官）", 5, null, null,
                ReportPeriod.MONTHLY), catalog.treasuryOf("MOFA").orElseThrow());
        assertEquals(new RevenueItem("016-01-01-01", "旅券法手数料"),
                catalog.revenueItem("130001", "passport-10y", "MOFA").orElseThrow());
        assertTrue(catalog.revenueItem("130001", "passport-10y", "130001").isEmpty(), "東京都's own line is a transfer line");
        assertTrue(catalog.treasuryOf("130001").isEmpty());
        assertEquals(new TreasurySettings("Kokin 指定納付受託者（テスト）", MonthDay.of(5, 31), 5), catalog.treasury());
    }

    @Test
    void the_optional_treasury_fields_take_their_values_and_the_deadline_may_be_a_day_of_next_month() {
        ObjectNode root = treasuryCatalog();
        mofaTreasury(root).remove("payInBusinessDays");
        mofaTreasury(root).put("payInDayOfNextMonth", 31);
        mofaTreasury(root).put("payEasyInstitutionNumber", "01600");
        mofaTreasury(root).put("reportPeriod", "semimonthly");
        Treasury t = CatalogCodec.parse(root).treasuryOf("MOFA").orElseThrow();
        assertNull(t.payInBusinessDays());
        assertEquals(31, t.payInDayOfNextMonth());
        assertEquals("01600", t.payEasyInstitutionNumber());
        assertEquals(ReportPeriod.SEMIMONTHLY, t.reportPeriod());

        mofaTreasury(root).remove("reportPeriod");
        assertEquals(ReportPeriod.MONTHLY, CatalogCodec.parse(root).treasuryOf("MOFA").orElseThrow().reportPeriod(),
                "monthly by default");
    }

    @Test
    void without_top_level_treasury_settings_the_defaults_apply_and_each_setting_has_its_default() {
        ObjectNode root = treasuryCatalog();
        root.remove("treasury");
        assertEquals(TreasurySettings.DEFAULT, CatalogCodec.parse(root).treasury());

        root.set("treasury", Json.parse("{\"agentName\": \"株式会社コウキン\"}"));
        assertEquals(new TreasurySettings("株式会社コウキン", MonthDay.of(5, 31), 5), CatalogCodec.parse(root).treasury());

        assertEquals(TreasurySettings.DEFAULT,
                CatalogCodec.parse(Json.parse(TestCatalog.json("https://portal.example.jp/n"))).treasury(),
                "a catalog from before national revenue reads as it did");
    }

    @Test
    void a_bank_account_may_still_be_given_to_a_treasury_creditor_and_is_still_checked() {
        ObjectNode root = treasuryCatalog();
        org(root, 3).set("bankAccount", org(root, 0).get("bankAccount").deepCopy());
        assertTrue(CatalogCodec.parse(root).organization("MOFA").orElseThrow().paidIntoTreasury());

        assertEquals(List.of("organizations[3].bankAccount.accountNumber: must be 7 digits"), problems(r -> {
            r.set("organizations", root.get("organizations").deepCopy());
            ((ObjectNode) org(r, 3).get("bankAccount")).put("accountNumber", "12");
        }));
    }

    @Test
    void a_body_without_a_treasury_block_still_needs_its_bank_account() {
        assertEquals(List.of("organizations[0].bankAccount: is required"), problems(root -> org(root, 0).remove("bankAccount")));
    }

    @Test
    void only_a_national_body_has_a_treasury_block() {
        List<String> problems = problems(root -> org(root, 0).set("treasury", mofaTreasury(root).deepCopy()));
        assertEquals(List.of("organizations[0].treasury: only a national organization (kind: national) is paid into the treasury"),
                problems);
    }

    @Test
    void a_line_of_a_treasury_creditor_must_name_its_revenue_item() {
        assertEquals(List.of(PASSPORT_MOFA_FEE + ".revenueItem: is required: creditor MOFA is paid into the treasury"
                        + " (歳入科目 {\"code\", \"name\"})"),
                problems(root -> passportFee(root, 0).remove("revenueItem")));
    }

    @Test
    void a_line_of_a_transfer_creditor_names_no_revenue_item() {
        assertEquals(List.of("organizations[2].procedures[0].fees[1].revenueItem: creditor 130001 has no treasury block:"
                        + " only a line paid into the treasury names a revenue item"),
                problems(root -> passportFee(root, 1).set("revenueItem", passportFee(root, 0).get("revenueItem").deepCopy())));
    }

    @Test
    void a_revenue_item_of_the_standard_catalog_mofa_is_refused_because_mofa_pays_by_transfer_there() {
        ObjectNode root = (ObjectNode) Json.parse(TestCatalog.json("https://portal.example.jp/n"));
        passportFee(root, 0).set("revenueItem", Json.parse(TestCatalog.PASSPORT_REVENUE_JSON));
        List<String> problems = assertThrows(CatalogCodec.InvalidCatalogException.class, () -> CatalogCodec.parse(root))
                .problems();
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.getFirst().startsWith(PASSPORT_MOFA_FEE + ".revenueItem: creditor MOFA has no treasury block"),
                problems::toString);
    }

    @Test
    void an_unknown_creditor_is_reported_as_before_whatever_its_revenue_item() {
        ObjectNode root = treasuryCatalog();
        passportFee(root, 0).put("creditor", "NOPE");
        List<String> problems = assertThrows(CatalogCodec.InvalidCatalogException.class, () -> CatalogCodec.parse(root))
                .problems();
        assertEquals(List.of("organizations.130001.procedures.passport-10y: creditor NOPE is not an organization in this catalog"),
                problems);
    }

    @Test
    void a_treasury_creditor_is_never_netted() {
        List<String> problems = problems(root -> org(root, 3).set("refunds", Json.parse("{\"netAfterSettlement\": true}")));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.getFirst().startsWith("organizations[3].refunds.netAfterSettlement: a treasury creditor is never netted"),
                problems::toString);

        ObjectNode root = treasuryCatalog();
        org(root, 3).set("refunds", Json.parse("{\"netAfterSettlement\": false, \"duplicateWithoutApproval\": true}"));
        assertTrue(CatalogCodec.parse(root).organization("MOFA").orElseThrow().refunds().duplicateWithoutApproval());
    }

    @Test
    void every_bad_field_of_a_treasury_block_is_reported_with_its_path() {
        List<String> problems = problems(root -> {
            ObjectNode t = mofaTreasury(root);
            t.put("ministryCode", "gaimu");
            t.put("officerCode", "016 0001");
            t.put("ministryName", "");
            t.remove("account");
            t.put("officerName", "長".repeat(Treasury.MAX_NAME_LENGTH + 1));
            t.put("payInDayOfNextMonth", 1);
            t.put("payEasyInstitutionNumber", "1234");
            t.put("reportPeriod", "weekly");
            t.put("colour", "blue");
        });
        String p = "organizations[3].treasury";
        assertEquals(List.of(
                p + ".colour: unknown field (allowed: account, ministryCode, ministryName, officerCode, officerName, "
                        + "payEasyInstitutionNumber, payInBusinessDays, payInDayOfNextMonth, reportPeriod)",
                p + ".ministryCode: 1 to 8 of 0-9, A-Z",
                p + ".officerCode: 1 to 16 of 0-9, A-Z, '-'",
                p + ".ministryName: must be a non-empty string",
                p + ".account: is required",
                p + ".officerName: at most 60 characters, without control characters",
                p + ": give exactly one of payInBusinessDays and payInDayOfNextMonth (the pay-in deadline)",
                p + ".payEasyInstitutionNumber: must be 5 digits (the Pay-easy 収納機関番号)",
                p + ".reportPeriod: must be monthly, semimonthly or daily"), problems);
    }

    @Test
    void the_pay_in_deadline_is_required_and_within_its_range() {
        assertEquals(List.of("organizations[3].treasury: give exactly one of payInBusinessDays and payInDayOfNextMonth"
                + " (the pay-in deadline)"), problems(root -> mofaTreasury(root).remove("payInBusinessDays")));
        assertEquals(List.of("organizations[3].treasury.payInBusinessDays: must be a whole number from 0 to 20"),
                problems(root -> mofaTreasury(root).put("payInBusinessDays", 21)));
        assertEquals(List.of("organizations[3].treasury.payInDayOfNextMonth: must be a whole number from 1 to 31"),
                problems(root -> {
                    mofaTreasury(root).remove("payInBusinessDays");
                    mofaTreasury(root).put("payInDayOfNextMonth", 0);
                }));
        ObjectNode root = treasuryCatalog();
        mofaTreasury(root).put("payInBusinessDays", 0);
        assertEquals(0, CatalogCodec.parse(root).treasuryOf("MOFA").orElseThrow().payInBusinessDays(), "0: the run's own date");
    }

    @Test
    void every_bad_field_of_a_revenue_item_is_reported_with_its_path() {
        List<String> problems = problems(root -> {
            ObjectNode item = (ObjectNode) passportFee(root, 0).get("revenueItem");
            item.put("code", "016 01");
            item.put("name", "旅".repeat(RevenueItem.MAX_NAME_LENGTH + 1));
            item.put("kind", "x");
        });
        String p = PASSPORT_MOFA_FEE + ".revenueItem";
        assertEquals(List.of(p + ".kind: unknown field (allowed: code, name)",
                p + ".code: 1 to 20 of 0-9, A-Z, '-'",
                p + ".name: at most 60 characters, without control characters"), problems);
    }

    @Test
    void every_bad_top_level_treasury_setting_is_reported_with_its_path() {
        List<String> problems = problems(root -> root.set("treasury", Json.parse("""
                {"agentName": "", "previousYearCutoff": "03-31", "cutoffWarningBusinessDays": 61, "bank": "x"}""")));
        assertEquals(List.of("treasury.bank: unknown field (allowed: agentName, cutoffWarningBusinessDays, previousYearCutoff)",
                "treasury.agentName: must be a non-empty string",
                "treasury.previousYearCutoff: a date \"MM-DD\" from April to December (the 出納整理期限 in the year after"
                        + " the fiscal year, e.g. \"05-31\")",
                "treasury.cutoffWarningBusinessDays: must be a whole number from 0 to 60"), problems);
        for (String cutoff : List.of("5-31", "06-31", "13-01", "--05-31", "0531")) {
            assertEquals(1, problems(root -> ((ObjectNode) root.get("treasury")).put("previousYearCutoff", cutoff)).size(),
                    cutoff);
        }
    }

    @Test
    void problems_in_several_places_are_all_reported_at_once() {
        List<String> problems = problems(root -> {
            org(root, 1).set("treasury", mofaTreasury(root).deepCopy());       // 新宿区 is local
            passportFee(root, 0).remove("revenueItem");                          // MOFA's line without its item
            org(root, 3).set("refunds", Json.parse("{\"netAfterSettlement\": true}"));
            mofaTreasury(root).put("reportPeriod", "yearly");
            ((ObjectNode) root.get("treasury")).put("previousYearCutoff", "02-29");
        });
        assertEquals(5, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("organizations[1].treasury: only a national organization"), problems::toString);
        assertTrue(problems.get(1).startsWith("organizations[3].treasury.reportPeriod:"), problems::toString);
        assertTrue(problems.get(2).startsWith("organizations[3].refunds.netAfterSettlement:"), problems::toString);
        assertTrue(problems.get(3).startsWith(PASSPORT_MOFA_FEE + ".revenueItem: is required"), problems::toString);
        assertTrue(problems.get(4).startsWith("treasury.previousYearCutoff:"), problems::toString);
        assertFalse(problems.toString().contains("bankAccount"), "neither 新宿区 nor MOFA lacks a usable account");
    }
}
