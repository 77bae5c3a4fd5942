package jp.kokin.domain.receipt;

import jp.kokin.domain.format.FormatException;
import jp.kokin.domain.format.OrganizationCode;

/**
 * A payer's notice number (納付受託通知番号): treasury organization, fiscal year and a gapless
 * sequence, written {@code MOFA-2026-N0000001} (the {@code N} keeps it apart from receipt numbers).
 */
public record PayerNoticeNumber(String organizationCode, int fiscalYear, long sequence) {
    public static final long MAX_SEQUENCE = 9_999_999L;

    public PayerNoticeNumber {
        OrganizationCode.parse(organizationCode);
        if (fiscalYear < 1000 || fiscalYear > 9999) {
            throw new FormatException("fiscal year " + fiscalYear + " must have 4 digits");
        }
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new FormatException("notice sequence " + sequence + " is outside 1 to " + MAX_SEQUENCE);
        }
    }

    public String format() {
        return organizationCode + "-" + fiscalYear + "-N" + String.format("%07d", sequence);
    }
}
