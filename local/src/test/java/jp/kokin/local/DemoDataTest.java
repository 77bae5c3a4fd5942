package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.format.ZenginKana;

/**
 * The demo data and the README show real banks and branches: each bank and branch code exists in
 * the Zengin code list (an extract of the npm package {@code zengin-code}, in test resources), and
 * each bank or branch name written beside a code is that branch's name.
 */
class DemoDataTest {
    private record Branch(String bankKana, String branchKana, String branchName) {}

    private static final Pattern README_ACCOUNT = Pattern.compile(
            "\"bankCode\": \"(\\d{4})\", \"bankName\": \"([^\"]*)\", \"branchCode\": \"(\\d{3})\", \"branchName\": \"([^\"]*)\"");

    @Test
    void every_bank_account_in_the_demo_seed_names_an_existing_branch() throws IOException {
        Map<String, Branch> branches = zenginCode();
        JsonNode seed = new ObjectMapper().readTree(SeedLoader.demoSeed("http://127.0.0.1:3000"));
        List<JsonNode> accounts = new ArrayList<>();
        seed.path("organizations").forEach(o -> {
            if (o.has("bankAccount")) { // a treasury creditor (外務省) is paid in, not transferred to
                accounts.add(o.path("bankAccount"));
            }
        });
        accounts.add(seed.path("settlement"));
        for (JsonNode account : accounts) {
            String key = account.path("bankCode").asText() + "-" + account.path("branchCode").asText();
            assertTrue(branches.containsKey(key), "no such bank and branch in the Zengin code list: " + key);
            Branch branch = branches.get(key);
            if (account.hasNonNull("bankName")) {
                assertEquals(ZenginKana.normalize(branch.bankKana()), ZenginKana.normalize(account.get("bankName").asText()), key);
            }
            if (account.hasNonNull("branchName")) {
                assertEquals(ZenginKana.normalize(branch.branchKana()), ZenginKana.normalize(account.get("branchName").asText()), key);
            }
        }
    }

    @Test
    void the_readme_pairs_each_branch_code_with_its_own_name() throws IOException {
        Map<String, Branch> branches = zenginCode();
        Matcher m = README_ACCOUNT.matcher(Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8));
        int seen = 0;
        while (m.find()) {
            seen++;
            String key = m.group(1) + "-" + m.group(3);
            assertTrue(branches.containsKey(key), "README: no such bank and branch: " + key);
            assertEquals(ZenginKana.normalize(branches.get(key).bankKana()), ZenginKana.normalize(m.group(2)), "README bank " + key);
            assertEquals(ZenginKana.normalize(branches.get(key).branchKana()), ZenginKana.normalize(m.group(4)),
                    "README branch " + key + " (" + branches.get(key).branchName() + ")");
        }
        assertTrue(seen > 0, "the README's catalog example shows a bank account");
    }

    @Test
    void the_extract_is_the_zengin_code_list_not_an_empty_file() throws IOException {
        Map<String, Branch> branches = zenginCode();
        assertTrue(branches.size() > 400, "bank 0001 has hundreds of branches: " + branches.size());
        assertEquals("東京営業部", branches.get("0001-001").branchName());
        assertFalse(branches.containsKey("0001-002"));
        assertFalse(branches.containsKey("0001-003"));
    }

    private static Map<String, Branch> zenginCode() throws IOException {
        Map<String, Branch> result = new HashMap<>();
        try (InputStream in = DemoDataTest.class.getResourceAsStream("/zengin-code/banks.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                result.put(f[0] + "-" + f[1], new Branch(f[2], f[3], f[4]));
            }
        }
        return result;
    }
}
