package jp.kokin.domain.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Rejection codes are a closed set, so the edge can give each one its HTTP status. */
class RejectionTest {
    /** Where the domain writes a code: {@code Result.err("…"}, {@code new Rejection("…"}, {@code Refused("…"}. */
    private static final Pattern CODE_LITERAL =
            Pattern.compile("(?:Result\\.err|new Rejection|Change\\.Refused|new Refused)\\(\\s*\"([^\"]*)\"");

    /** Every code literal in the main sources of this module. */
    private static Set<String> codesWrittenInTheDomain() {
        Path main = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(main)) {
            Set<String> codes = new TreeSet<>();
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                try {
                    Matcher m = CODE_LITERAL.matcher(Files.readString(f));
                    while (m.find()) {
                        codes.add(m.group(1));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return codes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void every_code_the_domain_writes_is_a_rejection_code() {
        Set<String> written = codesWrittenInTheDomain();
        assertTrue(written.containsAll(Set.of("not_found", "checkout_not_cancelable", "not_paid", "contention")),
                "the scan finds the codes: " + written);
        Set<String> known = Arrays.stream(Rejection.Code.values()).map(Rejection.Code::wire).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>(written);
        unknown.removeAll(known);
        assertEquals(Set.of(), unknown, "codes written in the domain that are not in Rejection.Code");
    }

    @Test
    void a_rejection_with_a_code_outside_the_set_cannot_be_made() {
        assertThrows(IllegalArgumentException.class, () -> new Rejection("no_such_code", "detail"));
        assertThrows(IllegalArgumentException.class, () -> Result.err("Not_Found", "detail"));
        assertEquals(Rejection.Code.CHECKOUT_NOT_CANCELABLE, new Rejection("checkout_not_cancelable", "d").kind());
        assertEquals("checkout_not_cancelable", new Rejection("checkout_not_cancelable", "d").code());
    }
}
