package jp.kokin.domain.format;

import java.util.regex.Pattern;

/**
 * The code of a government body that receives money (a creditor, 収納先): either a local government,
 * identified by its {@link LocalGovernmentCode}, or a national body with a short upper-case code
 * such as {@code MOFA}.
 */
public sealed interface OrganizationCode {

    /** The code as written in ids, receipt numbers and configuration. */
    String value();

    /** A prefecture or municipality. */
    record Local(LocalGovernmentCode code) implements OrganizationCode {
        public Local {
            if (code == null) {
                throw new FormatException("local government code is missing");
            }
        }

        @Override
        public String value() {
            return code.value();
        }

        @Override
        public String toString() {
            return value();
        }
    }

    /** A national body: an upper-case letter, then 1–15 of {@code A–Z 0–9 -}. */
    record National(String code) implements OrganizationCode {
        private static final Pattern PATTERN = Pattern.compile("^[A-Z][A-Z0-9-]{1,15}$");

        public National {
            if (code == null) {
                throw new FormatException("national organization code is missing");
            }
            if (!PATTERN.matcher(code).matches()) {
                throw new FormatException("national organization code '" + Ascii.quote(code)
                        + "' must be 2 to 16 characters of A-Z, 0-9 and '-', starting with a letter");
            }
        }

        @Override
        public String value() {
            return code;
        }

        @Override
        public String toString() {
            return code;
        }
    }

    /**
     * Parses a code of a known kind.
     *
     * @param kind {@code "local"} or {@code "national"}
     */
    static OrganizationCode parse(String kind, String code) {
        if (kind == null) {
            throw new FormatException("organization kind is missing (expected 'local' or 'national')");
        }
        return switch (kind) {
            case "local" -> new Local(LocalGovernmentCode.parse(code));
            case "national" -> new National(code);
            default -> throw new FormatException("organization kind '" + Ascii.quote(kind)
                    + "' is neither 'local' nor 'national'");
        };
    }

    /** Parses a code and infers its kind: six digits are a local government, anything else national. */
    static OrganizationCode parse(String code) {
        if (code == null) {
            throw new FormatException("organization code is missing");
        }
        if (code.length() == 6 && Ascii.allDigits(code)) {
            return new Local(LocalGovernmentCode.parse(code));
        }
        if (!code.isEmpty() && Ascii.allDigits(code)) {
            throw new FormatException("organization code '" + Ascii.quote(code) + "' has " + code.length()
                    + " digits: a local government code has 6 (5 digits and a check digit)");
        }
        return new National(code);
    }
}
