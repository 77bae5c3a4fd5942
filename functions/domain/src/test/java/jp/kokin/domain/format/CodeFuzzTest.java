package jp.kokin.domain.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Code parsers answer with a value or a {@link FormatException}, nothing else, whatever the input.
 *
 * <p>A plain {@code mvn test} replays the seeds in
 * {@code src/test/resources/jp/kokin/domain/format/CodeFuzzTestInputs/<method>/} (regression mode).
 * To explore: {@code JAZZER_FUZZ=1 ./mvnw -pl functions/domain test -Dtest='CodeFuzzTest#localGovernmentCode*'};
 * findings are written next to the seeds and replayed from then on.
 */
class CodeFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void localGovernmentCodeParseOnlyThrowsFormatException(@NotNull String input) {
        try {
            LocalGovernmentCode code = LocalGovernmentCode.parse(input);
            check(code.value().equals(input), "parse changed the code: " + input + " -> " + code);
            check(LocalGovernmentCode.fromFiveDigits(input.substring(0, 5)).equals(code), "fromFiveDigits disagrees: " + input);
        } catch (FormatException expected) {
            // the one allowed failure
        }
    }

    @FuzzTest(maxDuration = "30s")
    void organizationCodeParseOnlyThrowsFormatException(@NotNull String input) {
        try {
            OrganizationCode code = OrganizationCode.parse(input);
            check(code.value().equals(input), "parse changed the code: " + input + " -> " + code.value());
            String kind = code instanceof OrganizationCode.Local ? "local" : "national";
            check(OrganizationCode.parse(kind, input).equals(code), "explicit kind disagrees: " + input);
        } catch (FormatException expected) {
            // the one allowed failure
        }
    }

    @FuzzTest(maxDuration = "30s")
    void receiptNumberParseOnlyThrowsFormatException(@NotNull String input) {
        try {
            ReceiptNumber number = ReceiptNumber.parse(input);
            check(number.format().equals(input), "format does not give back the input: " + input + " -> " + number);
        } catch (FormatException expected) {
            // the one allowed failure
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
