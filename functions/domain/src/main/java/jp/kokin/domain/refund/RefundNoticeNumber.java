package jp.kokin.domain.refund;

import jp.kokin.domain.format.FormatException;
import jp.kokin.domain.format.OrganizationCode;

/**
 * A refund notice number (返金通知番号): the organization, the fiscal year (年度, JST April to March) of
 * the refund's completion, and a gapless sequence within them, written {@code 131016-2026-R0000001}
 * (the {@code R} tells it from a receipt number, {@code 131016-2026-0000001}).
 */
public record RefundNoticeNumber(String organizationCode, int fiscalYear, long sequence) {
    public static final long MAX_SEQUENCE = 9_999_999L;

    public RefundNoticeNumber {
        OrganizationCode.parse(organizationCode);
        if (fiscalYear < 1000 || fiscalYear > 9999) {
            throw new FormatException("fiscal year " + fiscalYear + " of a refund notice number must have 4 digits");
        }
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new FormatException("refund notice sequence " + sequence + " is outside 1 to " + MAX_SEQUENCE);
        }
    }

    /** {@code 131016-2026-R0000001}. */
    public String format() {
        return organizationCode + "-" + fiscalYear + "-R" + String.format("%07d", sequence);
    }

    @Override
    public String toString() {
        return format();
    }
}
