package jp.kokin.domain.format;

/**
 * A local government code (全国地方公共団体コード, JIS X 0402): two digits of prefecture, three of
 * municipality, and a check digit. {@code 131016} is 千代田区, {@code 130001} is 東京都 itself.
 *
 * <p>The check digit is {@code (11 - S mod 11) mod 10} with {@code S = 6*d1 + 5*d2 + 4*d3 + 3*d4 + 2*d5}.
 *
 * @param value the six digits
 */
public record LocalGovernmentCode(String value) {

    private static final int[] WEIGHTS = {6, 5, 4, 3, 2};

    public LocalGovernmentCode {
        validate(value);
    }

    /** Parses a six-digit code, checking the digits, the prefecture (01–47) and the check digit. */
    public static LocalGovernmentCode parse(String sixDigits) {
        return new LocalGovernmentCode(sixDigits);
    }

    /** Builds the six-digit code from the five digits without check digit: {@code 13101 → 131016}. */
    public static LocalGovernmentCode fromFiveDigits(String five) {
        return new LocalGovernmentCode(five + checkDigit(five));
    }

    /** The check digit of five digits: {@code checkDigit("13101") == 6}. */
    public static int checkDigit(String five) {
        if (five == null) {
            throw new FormatException("local government code is missing");
        }
        if (five.length() != 5 || !Ascii.allDigits(five)) {
            throw new FormatException("the check digit is computed from 5 digits, not from '" + Ascii.quote(five) + "'");
        }
        int sum = 0;
        for (int i = 0; i < 5; i++) {
            sum += WEIGHTS[i] * (five.charAt(i) - '0');
        }
        return (11 - sum % 11) % 10;
    }

    /** The two-digit prefecture code, {@code "13"} for Tokyo. */
    public String prefectureCode() {
        return value.substring(0, 2);
    }

    @Override
    public String toString() {
        return value;
    }

    private static void validate(String value) {
        if (value == null) {
            throw new FormatException("local government code is missing");
        }
        if (value.length() != 6 || !Ascii.allDigits(value)) {
            throw new FormatException("local government code must be 6 digits (5 digits and a check digit), not '"
                    + Ascii.quote(value) + "'");
        }
        int prefecture = Integer.parseInt(value.substring(0, 2));
        if (prefecture < 1 || prefecture > 47) {
            throw new FormatException("prefecture " + value.substring(0, 2) + " of local government code " + value
                    + " does not exist (prefecture codes run 01 to 47)");
        }
        int expected = checkDigit(value.substring(0, 5));
        if (value.charAt(5) - '0' != expected) {
            throw new FormatException("check digit of " + value + " should be " + expected);
        }
    }
}
