package jp.kokin.adapters.provider.sandbox;

import static jp.kokin.adapters.provider.sandbox.SandboxFixtures.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

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
        String id = SandboxFixtures.token().encode(SECRET);
        for (int i = 4; i < id.length(); i++) {
            char c = id.charAt(i);
            String changed = id.substring(0, i) + (c == 'A' ? 'B' : 'A') + id.substring(i + 1);
            assertEquals(Optional.empty(), SandboxToken.decode(changed, List.of(SECRET)), "position " + i);
        }
    }

    @Test
    void malformed_ids_are_refused_without_an_exception() {
        for (String bad : new String[] {null, "", "sbx_", "sbx_.", "sbx_abc", "sbx_a.b.c", "sbx_!!.??", "pay_x.y",
                "sbx_" + "A".repeat(SandboxToken.MAX_LENGTH)}) {
            assertEquals(Optional.empty(), SandboxToken.decode(bad, List.of(SECRET)), String.valueOf(bad));
        }
    }
}
