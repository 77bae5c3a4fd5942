package jp.kokin.domain.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * {@link ZenginKana#normalize} gives allowed characters or a {@link FormatException}, for any string.
 * Seeds: {@code src/test/resources/jp/kokin/domain/format/ZenginKanaFuzzTestInputs/normalize/}.
 */
class ZenginKanaFuzzTest {

    private static final int FIELD = 15;

    @FuzzTest(maxDuration = "30s")
    void normalize(@NotNull String name) {
        String normalized;
        try {
            normalized = ZenginKana.normalize(name);
        } catch (FormatException rejected) {
            return;
        }
        for (int i = 0; i < normalized.length(); i++) {
            check(ZenginKana.isAllowed(normalized.charAt(i)), "not allowed: U+" + Integer.toHexString(normalized.charAt(i)));
        }
        check(normalized.equals(ZenginKana.normalize(normalized)), "normalizing twice changed " + normalized);
        check(normalized.isEmpty() || (normalized.charAt(0) != ' ' && normalized.charAt(normalized.length() - 1) != ' '),
                "blank at an end: '" + normalized + "'");

        String truncated = ZenginKana.normalize(name, FIELD, true);
        check(truncated.length() <= FIELD, "truncated to " + truncated.length());
        check(normalized.startsWith(truncated), "truncation is not a prefix: " + truncated);
        try {
            check(ZenginKana.normalize(name, FIELD, false).equals(normalized), "length limit changed the name");
            check(normalized.length() <= FIELD, "accepted " + normalized.length() + " characters");
        } catch (FormatException tooLong) {
            check(normalized.length() > FIELD, "rejected a name that fits: " + normalized);
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
