package jp.kokin.domain.format;

/**
 * A receipt number (領収番号): issuing body, fiscal year, and a gapless sequence within them,
 * written {@code 131016-2026-0000001}. The organization code may itself contain {@code -}
 * (national codes such as {@code MOJ-TOKYO}), so the number is parsed from the right.
 *
 * @param organizationCode the issuing body, as accepted by {@link OrganizationCode#parse(String)}
 * @param fiscalYear       the fiscal year (年度), four digits
 * @param sequence         1 to 9,999,999
 */
public record ReceiptNumber(String organizationCode, int fiscalYear, long sequence) {

    public static final long MAX_SEQUENCE = 9_999_999L;
    /** The longest number: a 16-character national code, {@code -}, the year, {@code -}, 7 digits. */
    public static final int MAX_LENGTH = 16 + 1 + 4 + 1 + 7;

    public ReceiptNumber {
        OrganizationCode.parse(organizationCode);
        if (fiscalYear < 1000 || fiscalYear > 9999) {
            throw new FormatException("fiscal year " + fiscalYear + " of a receipt number must have 4 digits");
        }
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new FormatException("receipt sequence " + sequence + " is outside 1 to " + MAX_SEQUENCE);
        }
    }

    /** Parses {@code ORG-YYYY-NNNNNNN}. */
    public static ReceiptNumber parse(String text) {
        if (text == null) {
            throw new FormatException("receipt number is missing");
        }
        int sequenceDash = text.lastIndexOf('-');
        int yearDash = sequenceDash <= 0 ? -1 : text.lastIndexOf('-', sequenceDash - 1);
        if (yearDash <= 0) {
            throw new FormatException("receipt number '" + Ascii.quote(text)
                    + "' must look like 131016-2026-0000001 (organization, fiscal year, 7-digit sequence)");
        }
        String organization = text.substring(0, yearDash);
        String year = text.substring(yearDash + 1, sequenceDash);
        String sequence = text.substring(sequenceDash + 1);
        if (year.length() != 4 || !Ascii.allDigits(year)) {
            throw new FormatException("fiscal year '" + Ascii.quote(year) + "' of receipt number '" + Ascii.quote(text)
                    + "' must be 4 digits");
        }
        if (sequence.length() != 7 || !Ascii.allDigits(sequence)) {
            throw new FormatException("sequence '" + Ascii.quote(sequence) + "' of receipt number '" + Ascii.quote(text)
                    + "' must be 7 digits");
        }
        return new ReceiptNumber(organization, Integer.parseInt(year), Long.parseLong(sequence));
    }

    /**
     * The number if {@code text} is one written exactly as we write them (e.g. from a URL path);
     * empty for anything else, checked before any lookup.
     */
    public static java.util.Optional<ReceiptNumber> fromCanonical(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return java.util.Optional.empty();
        }
        try {
            ReceiptNumber number = parse(text);
            return number.format().equals(text) ? java.util.Optional.of(number) : java.util.Optional.empty();
        } catch (FormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** {@code 131016-2026-0000001}. */
    public String format() {
        return organizationCode + "-" + fiscalYear + "-" + String.format("%07d", sequence);
    }

    @Override
    public String toString() {
        return format();
    }
}
