package jp.kokin.adapters.catalog;

import java.net.URI;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.domain.Hashes;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.catalog.LocalizedText;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.refund.RefundPolicy;
import jp.kokin.domain.catalog.Portal;
import jp.kokin.domain.catalog.Procedure;
import jp.kokin.domain.catalog.ReportPeriod;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.catalog.TreasurySettings;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.adapters.provider.ProviderRegistry;
import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.domain.catalog.Role;
import jp.kokin.domain.catalog.SettlementSettings;
import jp.kokin.domain.format.FormatException;
import jp.kokin.domain.format.OrganizationCode;
import jp.kokin.domain.checkout.CheckoutLimits;
import jp.kokin.domain.format.PublicUrl;
import jp.kokin.domain.webhook.StandardWebhook;
import jp.kokin.domain.format.ZenginKana;

/**
 * Reads the catalog file (the seed format in the README) strictly: unknown fields, missing
 * fields, bad codes, unknown creditors and unusable bank names are errors that name the path.
 * API keys may be given in clear ({@code key}: at least 43 base64url characters, 32 random bytes)
 * or as {@code keyHash} (SHA-256 hex); only hashes are kept.
 */
public final class CatalogCodec {
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** Portal ids and provider names; the bound is the item size model's (CheckoutLimits). */
    private static final Pattern ID = Pattern.compile(
            "[a-z0-9][a-z0-9_-]{0," + (CheckoutLimits.MAX_CATALOG_ID - 1) + "}");
    private static final Pattern PROCEDURE_CODE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9_.-]{0," + (CheckoutLimits.MAX_PROCEDURE_CODE - 1) + "}");
    /** A clear API key: base64url characters only, at least 32 random bytes' worth (43 characters). */
    private static final Pattern API_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    static final int MIN_KEY_LENGTH = 43;
    /** Far above any generated key; bounds what is hashed. */
    static final int MAX_KEY_LENGTH = 256;

    private CatalogCodec() {}

    public static Catalog parse(JsonNode root) {
        List<String> errors = new ArrayList<>();
        Reader r = new Reader(errors);
        r.fields(root, "", Set.of("organizations", "apiKeys", "portals", "providers", "methods", "settlement",
                "treasury"));

        Map<String, Organization> organizations = new LinkedHashMap<>();
        for (JsonNode org : r.array(root, "", "organizations")) {
            String path = "organizations[" + organizations.size() + "]";
            Organization o = r.organization(org, path);
            if (o != null) {
                if (organizations.put(o.code().value(), o) != null) {
                    errors.add(path + ".code: organization " + o.code().value() + " appears twice");
                }
            } else {
                organizations.put("?" + path, null);
            }
        }
        organizations.values().removeIf(java.util.Objects::isNull);
        organizations.values().forEach(o -> o.procedures().values().forEach(p -> p.fees().forEach(f -> {
            if (!organizations.containsKey(f.creditor())) {
                errors.add("organizations." + o.code().value() + ".procedures." + p.code()
                        + ": creditor " + f.creditor() + " is not an organization in this catalog");
            }
        })));
        r.revenueItems();

        Map<String, Portal> portals = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode portal : r.array(root, "", "portals")) {
            Portal p = r.portal(portal, "portals[" + i++ + "]");
            if (p != null) {
                portals.put(p.id(), p);
            }
        }

        Map<String, ApiKey> keys = new LinkedHashMap<>();
        i = 0;
        for (JsonNode key : r.array(root, "", "apiKeys")) {
            String path = "apiKeys[" + i++ + "]";
            ApiKey k = r.apiKey(key, path);
            if (k == null) {
                continue;
            }
            if (k.portalId() != null && !portals.containsKey(k.portalId())) {
                errors.add(path + ".portal: no portal " + k.portalId());
            }
            for (String org : k.organizations()) {
                if (!org.equals(ApiKey.ALL_ORGANIZATIONS) && !organizations.containsKey(org)) {
                    errors.add(path + ".organizations: no organization " + org);
                }
            }
            if (keys.put(k.hash(), k) != null) {
                errors.add(path + ": the same key appears twice");
            }
        }

        Map<String, ProviderSettings> providers = new LinkedHashMap<>();
        JsonNode providersNode = root.get("providers");
        if (providersNode != null && providersNode.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = providersNode.fields();
            while (it.hasNext()) {
                var e = it.next();
                ProviderSettings p = r.provider(e.getKey(), e.getValue(), "providers." + e.getKey());
                if (p != null) {
                    providers.put(p.name(), p);
                }
            }
        } else if (providersNode != null) {
            errors.add("providers: must be an object");
        }

        Map<PaymentMethod, String> methods = r.methods(root.get("methods"), "methods", providers.keySet());
        for (Organization o : organizations.values()) {
            o.methods().forEach((method, provider) -> {
                if (!providers.containsKey(provider)) {
                    errors.add("organizations[" + o.code().value() + "].methods." + method.wire()
                            + ": no provider named " + provider);
                }
            });
        }

        SettlementSettings settlement = root.has("settlement") ? r.settlement(root.get("settlement"), "settlement") : null;
        if (settlement == null && !root.has("settlement")) {
            errors.add("settlement: is required");
        }
        TreasurySettings treasury = r.treasurySettings(root.get("treasury"), "treasury");
        if (!errors.isEmpty()) {
            throw new InvalidCatalogException(errors);
        }
        return new Catalog(organizations, portals, keys, providers, settlement, methods, treasury);
    }

    /** A catalog that cannot be used, with every problem found (path: reason). */
    public static final class InvalidCatalogException extends RuntimeException {
        private final List<String> problems;

        public InvalidCatalogException(List<String> problems) {
            super("invalid catalog: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private static final class Reader {
        private final List<String> errors;
        /** Every organization code in the file (valid or not) → whether it has a {@code treasury} block. */
        private final Map<String, Boolean> treasuryBlocks = new LinkedHashMap<>();
        /** Every fee line read, for the revenue item rules that need every organization. */
        private final List<FeeRef> feeRefs = new ArrayList<>();

        private record FeeRef(String path, String creditor, boolean hasRevenueItem) {}

        Reader(List<String> errors) {
            this.errors = errors;
        }

        void fields(JsonNode node, String path, Set<String> allowed) {
            if (node == null || !node.isObject()) {
                errors.add((path.isEmpty() ? "catalog" : path) + ": must be an object");
                return;
            }
            node.fieldNames().forEachRemaining(name -> {
                if (!allowed.contains(name)) {
                    errors.add((path.isEmpty() ? "" : path + ".") + name + ": unknown field (allowed: "
                            + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                }
            });
        }

        List<JsonNode> array(JsonNode node, String path, String field) {
            JsonNode a = node == null ? null : node.get(field);
            String p = path.isEmpty() ? field : path + "." + field;
            if (a == null || a.isNull()) {
                errors.add(p + ": is required");
                return List.of();
            }
            if (!a.isArray()) {
                errors.add(p + ": must be an array");
                return List.of();
            }
            List<JsonNode> list = new ArrayList<>();
            a.forEach(list::add);
            return list;
        }

        String text(JsonNode node, String path, String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                errors.add(path + "." + field + ": is required");
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                errors.add(path + "." + field + ": must be a non-empty string");
                return null;
            }
            return v.asText();
        }

        String optionalText(JsonNode node, String path, String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                errors.add(path + "." + field + ": must be a string");
                return null;
            }
            return v.asText();
        }

        String digits(JsonNode node, String path, String field, int length) {
            String v = text(node, path, field);
            if (v != null && (v.length() != length || !DIGITS.matcher(v).matches())) {
                errors.add(path + "." + field + ": must be " + length + " digits");
                return null;
            }
            return v;
        }

        Organization organization(JsonNode node, String path) {
            fields(node, path, Set.of("code", "kind", "name", "bankAccount", "procedures", "methods", "refunds",
                    "treasury"));
            if (!node.isObject()) {
                return null;
            }
            String code = text(node, path, "code");
            String kind = text(node, path, "kind");
            String name = text(node, path, "name");
            OrganizationCode orgCode = null;
            if (code != null && kind != null) {
                try {
                    orgCode = OrganizationCode.parse(kind, code);
                } catch (FormatException e) {
                    errors.add(path + ".code: " + e.getMessage());
                }
            }
            JsonNode treasuryNode = node.get("treasury");
            boolean hasTreasury = treasuryNode != null && !treasuryNode.isNull();
            if (code != null) { // a non-national body's block is reported below, once
                treasuryBlocks.putIfAbsent(code, hasTreasury && "national".equals(kind));
            }
            Treasury treasury = null;
            if (hasTreasury) {
                if (kind != null && !kind.equals("national")) {
                    errors.add(path + ".treasury: only a national organization (kind: national) is paid into the treasury");
                }
                treasury = treasury(treasuryNode, path + ".treasury");
            }
            // a treasury creditor is paid by pay-in, not by transfer: its bank account is optional
            BankAccount account = hasTreasury && node.get("bankAccount") == null ? null
                    : bankAccount(node.get("bankAccount"), path + ".bankAccount");
            Map<String, Procedure> procedures = new LinkedHashMap<>();
            int i = 0;
            for (JsonNode p : array(node, path, "procedures")) {
                Procedure procedure = procedure(p, path + ".procedures[" + i++ + "]");
                if (procedure != null && procedures.put(procedure.code(), procedure) != null) {
                    errors.add(path + ".procedures: " + procedure.code() + " appears twice");
                }
            }
            Map<PaymentMethod, String> methods = methods(node.get("methods"), path + ".methods", null);
            RefundPolicy refunds = refundPolicy(node.get("refunds"), path + ".refunds");
            if (hasTreasury && refunds.netAfterSettlement()) {
                errors.add(path + ".refunds.netAfterSettlement: a treasury creditor is never netted "
                        + "(its refunds after the pay-in are repayment requests); remove it or set it to false");
            }
            if (orgCode == null || name == null || (account == null && node.get("bankAccount") != null)
                    || (account == null && !hasTreasury) || (hasTreasury && treasury == null)
                    || (treasury != null && !(orgCode instanceof OrganizationCode.National))) {
                return null;
            }
            return new Organization(orgCode, name, account, procedures, methods, refunds, treasury);
        }

        /**
         * {@code organizations[].treasury}: how a national body is paid into the treasury. Every
         * field's limits are {@link Treasury}'s.
         */
        Treasury treasury(JsonNode node, String path) {
            fields(node, path, Set.of("ministryCode", "ministryName", "account", "officerCode", "officerName",
                    "payInBusinessDays", "payInDayOfNextMonth", "payEasyInstitutionNumber", "reportPeriod"));
            if (!node.isObject()) {
                return null;
            }
            boolean ok = true;
            String ministryCode = text(node, path, "ministryCode");
            if (ministryCode != null && !Treasury.MINISTRY_CODE.matcher(ministryCode).matches()) {
                errors.add(path + ".ministryCode: 1 to 8 of 0-9, A-Z");
                ok = false;
            }
            String officerCode = text(node, path, "officerCode");
            if (officerCode != null && !Treasury.OFFICER_CODE.matcher(officerCode).matches()) {
                errors.add(path + ".officerCode: 1 to 16 of 0-9, A-Z, '-'");
                ok = false;
            }
            String ministryName = name(node, path, "ministryName", Treasury.MAX_NAME_LENGTH);
            String account = name(node, path, "account", Treasury.MAX_NAME_LENGTH);
            String officerName = name(node, path, "officerName", Treasury.MAX_NAME_LENGTH);
            Integer businessDays = optionalInt(node, path, "payInBusinessDays", 0, Treasury.MAX_PAY_IN_BUSINESS_DAYS);
            Integer dayOfNextMonth = optionalInt(node, path, "payInDayOfNextMonth", 1, Treasury.MAX_DAY_OF_MONTH);
            boolean givesDays = node.hasNonNull("payInBusinessDays");
            if (givesDays == node.hasNonNull("payInDayOfNextMonth")) {
                errors.add(path + ": give exactly one of payInBusinessDays and payInDayOfNextMonth (the pay-in deadline)");
                ok = false;
            } else if ((givesDays ? businessDays : dayOfNextMonth) == null) {
                ok = false;
            }
            String payEasy = optionalText(node, path, "payEasyInstitutionNumber");
            if (payEasy != null && !Treasury.PAY_EASY_INSTITUTION_NUMBER.matcher(payEasy).matches()) {
                errors.add(path + ".payEasyInstitutionNumber: must be 5 digits (the Pay-easy 収納機関番号)");
                ok = false;
            } else if (node.hasNonNull("payEasyInstitutionNumber") && payEasy == null) {
                ok = false;
            }
            ReportPeriod period = ReportPeriod.MONTHLY;
            JsonNode p = node.get("reportPeriod");
            if (p != null && !p.isNull()) {
                var parsed = p.isTextual() ? ReportPeriod.fromWire(p.asText()) : java.util.Optional.<ReportPeriod>empty();
                if (parsed.isEmpty()) {
                    errors.add(path + ".reportPeriod: must be monthly, semimonthly or daily");
                    ok = false;
                } else {
                    period = parsed.get();
                }
            }
            if (!ok || ministryCode == null || officerCode == null || ministryName == null || account == null
                    || officerName == null) {
                return null;
            }
            return new Treasury(ministryCode, ministryName, account, officerCode, officerName, businessDays,
                    dayOfNextMonth, payEasy, period);
        }

        /** A printed name: non-blank, at most {@code max} characters, no control characters. */
        String name(JsonNode node, String path, String field, int max) {
            String v = text(node, path, field);
            if (v != null && (v.length() > max || CheckoutLimits.hasControlCharacter(v, false))) {
                errors.add(path + "." + field + ": at most " + max + " characters, without control characters");
                return null;
            }
            return v;
        }

        /** An optional whole number in [min, max]; null when absent or wrong (reported). */
        Integer optionalInt(JsonNode node, String path, String field, int min, int max) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isInt() || v.asInt() < min || v.asInt() > max) {
                errors.add(path + "." + field + ": must be a whole number from " + min + " to " + max);
                return null;
            }
            return v.asInt();
        }

        /** {@code fees[].revenueItem}: {@code {"code": …, "name": …}} under {@link RevenueItem}'s limits. */
        RevenueItem revenueItem(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return null;
            }
            fields(node, path, Set.of("code", "name"));
            if (!node.isObject()) {
                return null;
            }
            String code = text(node, path, "code");
            if (code != null && !code.matches("[0-9A-Z-]{1," + RevenueItem.MAX_CODE_LENGTH + "}")) {
                errors.add(path + ".code: 1 to " + RevenueItem.MAX_CODE_LENGTH + " of 0-9, A-Z, '-'");
                code = null;
            }
            String name = name(node, path, "name", RevenueItem.MAX_NAME_LENGTH);
            return code == null || name == null ? null : new RevenueItem(code, name);
        }

        /**
         * A national line (its creditor has a {@code treasury} block) names its revenue item; any other
         * line names none. A creditor that is not in the file is reported once, as before.
         */
        void revenueItems() {
            for (FeeRef f : feeRefs) {
                Boolean treasury = treasuryBlocks.get(f.creditor());
                if (treasury == null) {
                    continue;
                }
                if (treasury && !f.hasRevenueItem()) {
                    errors.add(f.path() + ".revenueItem: is required: creditor " + f.creditor()
                            + " is paid into the treasury (歳入科目 {\"code\", \"name\"})");
                } else if (!treasury && f.hasRevenueItem()) {
                    errors.add(f.path() + ".revenueItem: creditor " + f.creditor()
                            + " has no treasury block: only a line paid into the treasury names a revenue item");
                }
            }
        }

        /** Top-level {@code treasury}: the platform as 指定納付受託者; absent: {@link TreasurySettings#DEFAULT}. */
        TreasurySettings treasurySettings(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return TreasurySettings.DEFAULT;
            }
            fields(node, path, Set.of("agentName", "previousYearCutoff", "cutoffWarningBusinessDays"));
            if (!node.isObject()) {
                return null;
            }
            String agentName = name(node, path, "agentName", TreasurySettings.MAX_AGENT_NAME_LENGTH);
            MonthDay cutoff = TreasurySettings.DEFAULT.previousYearCutoff();
            boolean ok = agentName != null;
            JsonNode c = node.get("previousYearCutoff");
            if (c != null && !c.isNull()) {
                MonthDay parsed = null;
                if (c.isTextual() && c.asText().matches("[0-9]{2}-[0-9]{2}")) {
                    try {
                        parsed = MonthDay.parse("--" + c.asText());
                    } catch (java.time.format.DateTimeParseException e) {
                        parsed = null;
                    }
                }
                if (parsed == null || parsed.getMonthValue() < 4) {
                    errors.add(path + ".previousYearCutoff: a date \"MM-DD\" from April to December "
                            + "(the 出納整理期限 in the year after the fiscal year, e.g. \"05-31\")");
                    ok = false;
                } else {
                    cutoff = parsed;
                }
            }
            Integer warning = optionalInt(node, path, "cutoffWarningBusinessDays", 0,
                    TreasurySettings.MAX_CUTOFF_WARNING_BUSINESS_DAYS);
            if (warning == null && node.hasNonNull("cutoffWarningBusinessDays")) {
                ok = false;
            }
            return ok ? new TreasurySettings(agentName, cutoff, warning == null
                    ? TreasurySettings.DEFAULT.cutoffWarningBusinessDays() : warning) : null;
        }

        /** {@code "refunds": {"duplicateWithoutApproval": false, "netAfterSettlement": false}}: both optional, off by default. */
        RefundPolicy refundPolicy(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return RefundPolicy.DEFAULT;
            }
            if (!node.isObject()) {
                errors.add(path + ": must be an object");
                return RefundPolicy.DEFAULT;
            }
            fields(node, path, Set.of("duplicateWithoutApproval", "netAfterSettlement"));
            boolean[] flags = new boolean[2];
            String[] names = {"duplicateWithoutApproval", "netAfterSettlement"};
            for (int i = 0; i < names.length; i++) {
                JsonNode v = node.get(names[i]);
                if (v != null && !v.isBoolean()) {
                    errors.add(path + "." + names[i] + ": must be true or false");
                }
                flags[i] = v != null && v.asBoolean(false);
            }
            return new RefundPolicy(flags[0], flags[1]);
        }

        BankAccount bankAccount(JsonNode node, String path) {
            if (node == null) {
                errors.add(path + ": is required");
                return null;
            }
            fields(node, path, Set.of("bankCode", "bankName", "branchCode", "branchName", "accountType",
                    "accountNumber", "holderKana"));
            if (!node.isObject()) {
                return null;
            }
            String bank = digits(node, path, "bankCode", 4);
            String branch = digits(node, path, "branchCode", 3);
            String number = digits(node, path, "accountNumber", 7);
            int type = accountType(node, path);
            String holder = kana(node, path, "holderKana", 30);
            String bankName = optionalKana(node, path, "bankName", 15);
            String branchName = optionalKana(node, path, "branchName", 15);
            if (bank == null || branch == null || number == null || type < 0 || holder == null) {
                return null;
            }
            return new BankAccount(bank, bankName, branch, branchName, type, number, holder);
        }

        int accountType(JsonNode node, String path) {
            JsonNode v = node.get("accountType");
            if (v == null || !v.isInt() || !Set.of(1, 2, 4, 9).contains(v.asInt())) {
                errors.add(path + ".accountType: must be 1 (普通), 2 (当座), 4 (貯蓄) or 9 (その他)");
                return -1;
            }
            return v.asInt();
        }

        String kana(JsonNode node, String path, String field, int max) {
            String v = text(node, path, field);
            return v == null ? null : normalizeKana(v, path + "." + field, max);
        }

        String optionalKana(JsonNode node, String path, String field, int max) {
            String v = optionalText(node, path, field);
            return v == null || v.isEmpty() ? "" : normalizeKana(v, path + "." + field, max);
        }

        String normalizeKana(String v, String path, int max) {
            try {
                return ZenginKana.normalize(v, max, false);
            } catch (FormatException e) {
                errors.add(path + ": " + e.getMessage());
                return null;
            }
        }

        Procedure procedure(JsonNode node, String path) {
            fields(node, path, Set.of("code", "name", "fees"));
            if (!node.isObject()) {
                return null;
            }
            String code = text(node, path, "code");
            if (code != null && !PROCEDURE_CODE.matcher(code).matches()) {
                errors.add(path + ".code: use 1-64 letters, digits, '.', '_' or '-'");
                code = null;
            }
            LocalizedText name = null;
            JsonNode n = node.get("name");
            if (n == null || !n.isObject()) {
                errors.add(path + ".name: must be an object {\"ja\": …, \"en\": …}");
            } else {
                fields(n, path + ".name", Set.of("ja", "en"));
                String ja = text(n, path + ".name", "ja");
                String en = optionalText(n, path + ".name", "en");
                for (String text : java.util.Arrays.asList(ja, en)) {
                    if (text != null && (text.length() > Procedure.MAX_NAME_LENGTH
                            || jp.kokin.domain.checkout.CheckoutLimits.hasControlCharacter(text, false))) {
                        errors.add(path + ".name: at most " + Procedure.MAX_NAME_LENGTH
                                + " characters in each language, without control characters");
                        ja = null;
                    }
                }
                if (ja != null) {
                    name = new LocalizedText(ja, en);
                }
            }
            List<FeeLine> fees = new ArrayList<>();
            Set<String> creditors = new HashSet<>();
            int i = 0;
            for (JsonNode f : array(node, path, "fees")) {
                String fp = path + ".fees[" + i++ + "]";
                fields(f, fp, Set.of("creditor", "amount", "revenueItem"));
                String creditor = text(f, fp, "creditor");
                RevenueItem revenueItem = f.isObject() ? revenueItem(f.get("revenueItem"), fp + ".revenueItem") : null;
                if (creditor != null) {
                    feeRefs.add(new FeeRef(fp, creditor, f.hasNonNull("revenueItem")));
                }
                JsonNode amount = f.get("amount");
                if (amount == null || !amount.canConvertToLong() || !amount.isIntegralNumber() || amount.asLong() <= 0
                        || amount.asLong() > 9_999_999_999L) {
                    errors.add(fp + ".amount: must be a whole number of yen above 0");
                    continue;
                }
                if (creditor != null) {
                    if (!creditors.add(creditor)) {
                        errors.add(fp + ".creditor: " + creditor + " has two lines in one procedure");
                    }
                    fees.add(new FeeLine(creditor, amount.asLong(), revenueItem));
                }
            }
            if (fees.size() > Procedure.MAX_FEE_LINES) {
                errors.add(path + ".fees: at most " + Procedure.MAX_FEE_LINES + " fee lines");
                return null;
            }
            if (code == null || name == null || fees.isEmpty()) {
                if (fees.isEmpty() && node.has("fees")) {
                    errors.add(path + ".fees: at least one fee line is required");
                }
                return null;
            }
            return new Procedure(code, name, fees);
        }

        Portal portal(JsonNode node, String path) {
            fields(node, path, Set.of("id", "name", "notificationUrl", "notificationSecret",
                    "previousNotificationSecrets", "returnUrlPrefixes", "notificationsDisabled"));
            if (!node.isObject()) {
                return null;
            }
            String id = text(node, path, "id");
            if (id != null && !ID.matcher(id).matches()) {
                errors.add(path + ".id: use lower-case letters, digits, '_' or '-'");
            }
            String name = text(node, path, "name");
            String url = text(node, path, "notificationUrl");
            URI uri = null;
            if (url != null) {
                uri = publicUrl(url, path + ".notificationUrl", PublicUrl::parseEndpoint);
            }
            List<String> secrets = new ArrayList<>();
            String secret = text(node, path, "notificationSecret");
            if (secret != null) {
                secrets.add(portalSecret(secret, path + ".notificationSecret"));
            }
            JsonNode previous = node.get("previousNotificationSecrets");
            if (previous != null && previous.isArray()) {
                previous.forEach(p -> secrets.add(portalSecret(p.asText(), path + ".previousNotificationSecrets")));
            }
            List<String> prefixes = new ArrayList<>();
            for (JsonNode p : array(node, path, "returnUrlPrefixes")) {
                URI prefix = publicUrl(p.asText(), path + ".returnUrlPrefixes", PublicUrl::parseBrowserUrl);
                if (prefix != null && (prefix.getRawPath() == null || !prefix.getRawPath().startsWith("/"))) {
                    // "https://portal.example.jp" would also match "https://portal.example.jp.evil.example/"
                    errors.add(path + ".returnUrlPrefixes: " + p.asText() + " must include a path, e.g. "
                            + p.asText() + "/");
                } else if (prefix != null) {
                    prefixes.add(p.asText());
                }
            }
            if (prefixes.isEmpty() && node.has("returnUrlPrefixes")) {
                errors.add(path + ".returnUrlPrefixes: at least one prefix is required");
            }
            boolean disabled = node.path("notificationsDisabled").asBoolean(false);
            if (id == null || name == null || uri == null || secrets.contains(null) || secrets.isEmpty()) {
                return null;
            }
            return new Portal(id, name, uri, secrets, prefixes, disabled);
        }

        /** The URL under {@link PublicUrl}'s rules, or null with the problem reported at {@code path}. */
        URI publicUrl(String url, String path, java.util.function.Function<String, URI> rule) {
            try {
                return rule.apply(url);
            } catch (FormatException e) {
                errors.add(path + ": " + e.getMessage() + ": "
                        + (url.length() > 100 ? url.substring(0, 100) + "…" : url));
                return null;
            }
        }

        /** A portal signing secret: the value itself, or a reference the notification function resolves. */
        String portalSecret(String value, String path) {
            if (SecretResolver.isReference(value)) {
                String name = value.substring(value.startsWith(SecretResolver.SSM) ? SecretResolver.SSM.length()
                        : SecretResolver.SECRETS_MANAGER.length());
                if (name.isBlank() || name.startsWith("#")) {
                    errors.add(path + ": a reference names a secret: secretsmanager:{id}#{key} or ssm:/{name}");
                    return null;
                }
                return value;
            }
            return secret(value, path);
        }

        String secret(String value, String path) {
            var problem = StandardWebhook.secretProblem(value);
            problem.ifPresent(p -> errors.add(path + ": " + p));
            return problem.isPresent() ? null : value;
        }

        ApiKey apiKey(JsonNode node, String path) {
            fields(node, path, Set.of("key", "keyHash", "role", "portal", "organizations"));
            if (!node.isObject()) {
                return null;
            }
            String hash = null;
            String key = optionalText(node, path, "key");
            String keyHash = optionalText(node, path, "keyHash");
            if ((key == null) == (keyHash == null)) {
                errors.add(path + ": give exactly one of key or keyHash");
            } else if (key != null) {
                if (key.length() < MIN_KEY_LENGTH || key.length() > MAX_KEY_LENGTH || !API_KEY.matcher(key).matches()) {
                    errors.add(path + ".key: " + MIN_KEY_LENGTH + " to " + MAX_KEY_LENGTH + " base64url characters (at least 32 random bytes), e.g. "
                            + "openssl rand -base64 32 | tr '+/' '-_' | tr -d '='");
                } else {
                    hash = Hashes.sha256Hex(key);
                }
            } else if (!SHA256_HEX.matcher(keyHash).matches()) {
                errors.add(path + ".keyHash: must be 64 lower-case hex digits (SHA-256 of the key)");
            } else {
                hash = keyHash;
            }
            String roleText = text(node, path, "role");
            Role role = null;
            if ("portal".equals(roleText)) {
                role = Role.PORTAL;
            } else if ("operator".equals(roleText)) {
                role = Role.OPERATOR;
            } else if (roleText != null) {
                errors.add(path + ".role: must be portal or operator");
            }
            String portal = optionalText(node, path, "portal");
            if (role == Role.PORTAL && portal == null) {
                errors.add(path + ".portal: a portal key names its portal");
            }
            Set<String> orgs = new LinkedHashSet<>();
            for (JsonNode o : array(node, path, "organizations")) {
                orgs.add(o.asText());
            }
            if (hash == null || role == null || (role == Role.PORTAL && portal == null)) {
                return null;
            }
            return new ApiKey(hash, role, portal, orgs);
        }

        /**
         * One provider account: {@code type} (default: the name) and the adapter's settings,
         * which its factory checks. Values are strings, lists of strings or objects.
         */
        ProviderSettings provider(String name, JsonNode node, String path) {
            if (!ID.matcher(name).matches()) {
                errors.add(path + ": a provider name is lower-case letters, digits, _ or - (it is the webhook path)");
                return null;
            }
            if (!node.isObject()) {
                errors.add(path + ": must be an object");
                return null;
            }
            Map<String, Object> config = new LinkedHashMap<>();
            String type = name;
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getKey().equals("type")) {
                    type = e.getValue().asText();
                    continue;
                }
                Object value = settingValue(e.getValue(), path + "." + e.getKey());
                if (value != null) {
                    config.put(e.getKey(), value);
                }
            }
            if (type.equals("sandbox")) {
                for (String secret : settingsSecrets(config)) {
                    if (!SecretResolver.isReference(secret)) {
                        secret(secret, path + ".webhookSecret");
                    }
                }
            }
            // every type's API base under the same rules (PublicUrl); an unfilled ${…} placeholder is refused too
            for (String key : List.of("baseUrl", "queryBaseUrl")) {
                if (config.get(key) instanceof String u && !u.isEmpty()
                        && publicUrl(u, path + "." + key, PublicUrl::parseBaseUrl) == null) {
                    return null;
                }
            }
            ProviderSettings settings = new ProviderSettings(name, type, config);
            List<String> problems = ProviderRegistry.validate(settings);
            errors.addAll(problems);
            return problems.isEmpty() ? settings : null;
        }

        private static List<String> settingsSecrets(Map<String, Object> config) {
            return new ProviderSettings("x", "sandbox", config).webhookSecrets();
        }

        private Object settingValue(JsonNode v, String path) {
            if (v.isTextual()) {
                return v.asText();
            }
            if (v.isNumber() || v.isBoolean()) {
                return v.asText();
            }
            if (v.isArray()) {
                List<String> list = new ArrayList<>();
                for (JsonNode item : v) {
                    if (!item.isValueNode() || item.isNull()) {
                        errors.add(path + ": must be a list of strings");
                        return null;
                    }
                    list.add(item.asText());
                }
                return List.copyOf(list);
            }
            if (v.isObject()) {
                Map<String, Object> map = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = v.fields();
                while (it.hasNext()) {
                    var e = it.next();
                    Object value = settingValue(e.getValue(), path + "." + e.getKey());
                    if (value != null) {
                        map.put(e.getKey(), value);
                    }
                }
                return java.util.Collections.unmodifiableMap(map);
            }
            errors.add(path + ": must be a string, a list of strings or an object");
            return null;
        }

        /** {@code {"paypay": "paypay", "card": "stripe", …}}: which account serves each method. */
        Map<PaymentMethod, String> methods(JsonNode node, String path, Set<String> providerNames) {
            Map<PaymentMethod, String> methods = new java.util.EnumMap<>(PaymentMethod.class);
            if (node == null || node.isNull()) {
                return methods;
            }
            if (!node.isObject()) {
                errors.add(path + ": must be an object of method: provider name");
                return methods;
            }
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                var e = it.next();
                var method = PaymentMethod.fromWire(e.getKey());
                if (method.isEmpty()) {
                    errors.add(path + "." + e.getKey() + ": unknown method (paypay, dpay, aupay, card)");
                } else if (!e.getValue().isTextual()) {
                    errors.add(path + "." + e.getKey() + ": must be a provider name");
                } else if (providerNames != null && !providerNames.contains(e.getValue().asText())) {
                    errors.add(path + "." + e.getKey() + ": no provider named " + e.getValue().asText());
                } else {
                    methods.put(method.get(), e.getValue().asText());
                }
            }
            return methods;
        }

        SettlementSettings settlement(JsonNode node, String path) {
            fields(node, path, Set.of("requesterCode", "requesterKana", "bankCode", "bankName", "branchCode",
                    "branchName", "accountType", "accountNumber", "transferDelayDays"));
            if (!node.isObject()) {
                return null;
            }
            String requester = digits(node, path, "requesterCode", 10);
            String kana = kana(node, path, "requesterKana", 40);
            String bank = digits(node, path, "bankCode", 4);
            String branch = digits(node, path, "branchCode", 3);
            String number = digits(node, path, "accountNumber", 7);
            int type = accountType(node, path);
            String bankName = optionalKana(node, path, "bankName", 15);
            String branchName = optionalKana(node, path, "branchName", 15);
            int delay = 1;
            JsonNode d = node.get("transferDelayDays");
            if (d != null) {
                if (!d.isInt() || d.asInt() < 0 || d.asInt() > 10) {
                    errors.add(path + ".transferDelayDays: must be 0 to 10");
                } else {
                    delay = d.asInt();
                }
            }
            if (requester == null || kana == null || bank == null || branch == null || number == null || type < 0) {
                return null;
            }
            return new SettlementSettings(requester, kana,
                    new BankAccount(bank, bankName, branch, branchName, type, number, kana), delay);
        }
    }
}
