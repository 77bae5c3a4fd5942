package jp.kokin.adapters.catalog;

import java.net.URI;
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
        r.fields(root, "", Set.of("organizations", "apiKeys", "portals", "providers", "methods", "settlement"));

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
        if (!errors.isEmpty()) {
            throw new InvalidCatalogException(errors);
        }
        return new Catalog(organizations, portals, keys, providers, settlement, methods);
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
            fields(node, path, Set.of("code", "kind", "name", "bankAccount", "procedures", "methods", "refunds"));
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
            BankAccount account = bankAccount(node.get("bankAccount"), path + ".bankAccount");
            Map<String, Procedure> procedures = new LinkedHashMap<>();
            int i = 0;
            for (JsonNode p : array(node, path, "procedures")) {
                Procedure procedure = procedure(p, path + ".procedures[" + i++ + "]");
                if (procedure != null && procedures.put(procedure.code(), procedure) != null) {
                    errors.add(path + ".procedures: " + procedure.code() + " appears twice");
                }
            }
            if (orgCode == null || name == null || account == null) {
                return null;
            }
            Map<PaymentMethod, String> methods = methods(node.get("methods"), path + ".methods", null);
            return new Organization(orgCode, name, account, procedures, methods, refundPolicy(node.get("refunds"), path + ".refunds"));
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
                fields(f, fp, Set.of("creditor", "amount"));
                String creditor = text(f, fp, "creditor");
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
                    fees.add(new FeeLine(creditor, amount.asLong()));
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
