package jp.kokin.domain.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Rejection codes are a closed set, so the edge can give each one its HTTP status. */
class RejectionTest {
    /** A code written as a string where the domain refuses: {@code Result.err("…"}, {@code new Rejection("…"}, {@code Refused("…"}. */
    private static final Pattern CODE_LITERAL =
            Pattern.compile("(?:Result\\.err|new Rejection|Change\\.Refused|new Refused)\\(\\s*\"([^\"]*)\"");
    /** A code written as a constant there: {@code Result.err(Rejection.Code.NOT_FOUND, …}. */
    private static final Pattern CODE_CONSTANT =
            Pattern.compile("(?:Result\\.err|new Rejection|Change\\.Refused|new Refused)\\(\\s*(?:Rejection\\.)?Code\\.([A-Z_]+)");

    /** Every match of {@code pattern}'s group 1 in the main sources of this module. */
    private static Set<String> writtenInTheDomain(Pattern pattern) {
        Path main = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(main)) {
            Set<String> codes = new TreeSet<>();
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                try {
                    Matcher m = pattern.matcher(Files.readString(f));
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
        assertEquals(Set.of(), writtenInTheDomain(CODE_LITERAL), "codes written as strings, outside Rejection.Code");
        Set<String> written = writtenInTheDomain(CODE_CONSTANT).stream()
                .map(name -> name.toLowerCase(java.util.Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(written.containsAll(Set.of("not_found", "checkout_not_cancelable", "not_paid", "contention")),
                "the scan finds the codes: " + written);
        Set<String> known = Arrays.stream(Rejection.Code.values()).map(Rejection.Code::wire).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>(written);
        unknown.removeAll(known);
        assertEquals(Set.of(), unknown, "codes written in the domain that are not in Rejection.Code");
    }

    @Test
    void a_rejection_with_a_code_outside_the_set_cannot_be_made() {
        assertEquals(Optional.empty(), Rejection.Code.fromWire("no_such_code"));
        assertEquals(Optional.empty(), Rejection.Code.fromWire("Not_Found"));
        assertThrows(NullPointerException.class, () -> new Rejection(null, "detail"));
        assertThrows(NullPointerException.class, () -> Result.err(null, "detail"));
        assertEquals(Rejection.Code.CHECKOUT_NOT_CANCELABLE, new Rejection(Rejection.Code.CHECKOUT_NOT_CANCELABLE, "d").kind());
        assertEquals("checkout_not_cancelable", new Rejection(Rejection.Code.CHECKOUT_NOT_CANCELABLE, "d").code());
    }
}
