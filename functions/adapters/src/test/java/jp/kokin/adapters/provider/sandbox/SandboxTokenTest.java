package jp.kokin.adapters.provider.sandbox;

import static jp.kokin.adapters.provider.sandbox.SandboxFixtures.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.webhook.StandardWebhook;

class SandboxTokenTest {

    @Test
    void round_trips_through_its_provider_payment_id() {
        SandboxToken token = SandboxFixtures.token();
        String id = token.encode(SECRET);

        assertTrue(id.startsWith("sbx_"));
        assertTrue(id.substring(4).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), id);
        assertEquals(Optional.of(token), SandboxToken.decode(id, List.of(SECRET)));
    }

    @Test
    void is_accepted_under_a_previous_secret_during_rotation() {
        SandboxToken token = SandboxFixtures.token();
        String id = token.encode(SECRET);
        assertEquals(Optional.of(token), SandboxToken.decode(id, List.of(StandardWebhook.newSecret(), SECRET)));
    }

    @Test
    void is_refused_under_another_secret() {
        String id = SandboxFixtures.token().encode(SECRET);
        assertEquals(Optional.empty(), SandboxToken.decode(id, List.of(StandardWebhook.newSecret())));
    }

    @Test
    void a_forged_amount_is_refused() {
        String id = SandboxFixtures.token().encode(SECRET);
        String payload = id.substring(4, id.indexOf('.'));
        String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
        String forged = json.replace("\"a\":1200", "\"a\":1");
        assertTrue(!forged.equals(json));
        String forgedId = "sbx_" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + id.substring(id.indexOf('.'));

        assertEquals(Optional.empty(), SandboxToken.decode(forgedId, List.of(SECRET)));
    }

    @Test
    void every_single_character_change_is_refused() {
        long seed = 20261130L;
        System.out.println("SandboxTokenTest seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 64; round++) {
            String id = SandboxFixtures.token(random).encode(SECRET);
            for (int i = 4; i < id.length(); i++) {
                char c = id.charAt(i);
                for (char other : new char[] {'A', 'B', 'Q', 'g', 'w', '-', '_', '0'}) {
                    if (other == c) {
                        continue;
                    }
                    String changed = id.substring(0, i) + other + id.substring(i + 1);
                    assertEquals(Optional.empty(), SandboxToken.decode(changed, List.of(SECRET)),
                            "seed " + seed + ", round " + round + ", position " + i + ": " + c + " -> " + other);
                }
            }
        }
    }

    @Test
    void a_non_canonical_encoding_of_the_same_bytes_is_refused() {
        String id = SandboxFixtures.token(new Random(7)).encode(SECRET);
        int dot = id.indexOf('.');
        // Each base64url part's last character may carry bits that decoding ignores: set them.
        for (String changed : new String[] {
                withUnusedBitsSet(id, dot - 1), withUnusedBitsSet(id, id.length() - 1)}) {
            if (changed.equals(id)) {
                continue;
            }
            String payload = changed.substring(4, changed.indexOf('.'));
            String mac = changed.substring(changed.indexOf('.') + 1);
            // The same bytes as the genuine token, spelled differently:
            assertTrue(java.util.Arrays.equals(Base64.getUrlDecoder().decode(payload),
                    Base64.getUrlDecoder().decode(id.substring(4, dot))));
            assertTrue(java.util.Arrays.equals(Base64.getUrlDecoder().decode(mac),
                    Base64.getUrlDecoder().decode(id.substring(dot + 1))));
            assertEquals(Optional.empty(), SandboxToken.decode(changed, List.of(SECRET)), changed);
        }
    }

    /** The id with the unused low bits of the base64url character at {@code index} set, if it has any. */
    private static String withUnusedBitsSet(String id, int index) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int start = id.lastIndexOf('.', index) >= 0 && id.lastIndexOf('.', index) > 3 ? id.lastIndexOf('.', index) + 1 : 4;
        int partLength = index - start + 1;
        int unusedBits = switch (partLength % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> 0;
        };
        int value = alphabet.indexOf(id.charAt(index)) | ((1 << unusedBits) - 1);
        return id.substring(0, index) + alphabet.charAt(value) + id.substring(index + 1);
    }

    @Test
    void malformed_ids_are_refused_without_an_exception() {
        for (String bad : new String[] {null, "", "sbx_", "sbx_.", "sbx_abc", "sbx_a.b.c", "sbx_!!.??", "pay_x.y",
                "sbx_" + "A".repeat(SandboxToken.MAX_LENGTH)}) {
            assertEquals(Optional.empty(), SandboxToken.decode(bad, List.of(SECRET)), String.valueOf(bad));
        }
    }
}
