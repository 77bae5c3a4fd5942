package jp.kokin.adapters.provider.stripe;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class StripeSignatureTest {

    static final String SECRET = "whsec_test_secret";
    static final Instant T = Instant.ofEpochSecond(1700000000L);
    static final byte[] BODY = "{\"id\":\"evt_test\",\"type\":\"checkout.session.completed\"}".getBytes(StandardCharsets.UTF_8);
    static final String V1 = "715369d9e69ebcb0b7e62a81bd79bfd0825e4a0f25a4577924dd7017a7eac01e";
    static final Duration TOLERANCE = Duration.ofSeconds(300);

    private static void verify(String header, List<String> secrets, Instant now) throws Exception {
        StripeSignature.verify(header, BODY, secrets, now, TOLERANCE);
    }

    @Test
    void reproduces_the_brief_vector() throws Exception {
        assertEquals(V1, StripeSignature.sign(SECRET, "1700000000", BODY));
        assertEquals("t=1700000000,v1=" + V1, StripeSignature.header(T, BODY, SECRET));
        verify("t=1700000000,v1=" + V1, List.of(SECRET), T);
    }

    @Test
    void any_of_several_v1_signatures_may_match_and_other_schemes_are_ignored() throws Exception {
        String other = StripeSignature.sign("whsec_other", "1700000000", BODY);
        verify("t=1700000000,v1=" + other + ",v1=" + V1 + ",v0=deadbeef", List.of(SECRET), T);
        verify("t=1700000000, v1=" + V1 + ", v1=" + other, List.of(SECRET), T);
    }

    @Test
    void a_previous_secret_still_verifies_while_it_is_configured() throws Exception {
        String byPrevious = StripeSignature.header(T, BODY, SECRET);
        verify(byPrevious, List.of("whsec_new_current", SECRET), T);
        assertThrows(StripeSignature.InvalidSignatureException.class,
                () -> verify(byPrevious, List.of("whsec_new_current"), T));
    }

    @Test
    void a_timestamp_beyond_the_tolerance_either_way_is_refused() throws Exception {
        String header = "t=1700000000,v1=" + V1;
        verify(header, List.of(SECRET), T.plusSeconds(300));
        verify(header, List.of(SECRET), T.minusSeconds(300));
        var stale = assertThrows(StripeSignature.InvalidSignatureException.class,
                () -> verify(header, List.of(SECRET), T.plusSeconds(301)));
        assertEquals("the signature's timestamp is 301 s away from now (tolerance 300 s)", stale.getMessage());
        assertThrows(StripeSignature.InvalidSignatureException.class, () -> verify(header, List.of(SECRET), T.minusSeconds(301)));
    }

    @Test
    void forged_tampered_or_incomplete_headers_are_refused() {
        List<String> secrets = List.of(SECRET);
        String forged = StripeSignature.header(T, BODY, "whsec_attacker");
        assertThrows(StripeSignature.InvalidSignatureException.class, () -> verify(forged, secrets, T));
        // the timestamp is part of what is signed
        assertThrows(StripeSignature.InvalidSignatureException.class, () -> verify("t=1700000001,v1=" + V1, secrets, T));
        assertThrows(StripeSignature.InvalidSignatureException.class,
                () -> StripeSignature.verify("t=1700000000,v1=" + V1, "{\"id\":\"evt_test\"}".getBytes(StandardCharsets.UTF_8),
                        secrets, T, TOLERANCE));
        assertThrows(StripeSignature.InvalidSignatureException.class, () -> verify(null, secrets, T));
        assertThrows(StripeSignature.InvalidSignatureException.class, () -> verify("v1=" + V1, secrets, T));
        assertThrows(StripeSignature.InvalidSignatureException.class, () -> verify("t=1700000000", secrets, T));
        assertThrows(StripeSignature.InvalidSignatureException.class, () -> verify("t=1700000000,v1=" + V1.toUpperCase(), secrets, T));
        assertThrows(StripeSignature.InvalidSignatureException.class, () -> verify("t=1700000000,v1=" + V1, List.of(), T));
        assertDoesNotThrow(() -> verify("t=1700000000,v1=" + V1, secrets, T));
    }
}
