package jp.kokin.domain.catalog;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a national creditor (kind {@code national}) is paid: not by bank transfer but by a pay-in
 * (国庫納付) of its revenue into the treasury's account at the Bank of Japan, through the BoJ or an
 * agent bank (歳入代理店), with a 納付書. Catalog {@code organizations[].treasury}.
 *
 * <p>The pay-in deadline is either {@code payInBusinessDays} bank business days after the settlement
 * run's business date, or the {@code payInDayOfNextMonth}-th day of the month after the business
 * date's month (moved back to the bank business day before it when it is not one): exactly one of
 * the two is set. Both are uncertain until the ministry confirms them: configuration, never code.
 *
 * @param ministryCode             所管 code as the 納付書 prints it (1–8 of {@code 0-9 A-Z})
 * @param ministryName             所管 name, e.g. 外務省
 * @param account                  会計, e.g. 一般会計
 * @param officerCode              the revenue collection officer's (歳入徴収官) code (1–16 of {@code 0-9 A-Z -})
 * @param officerName              the officer's title, e.g. 外務省大臣官房会計課長(歳入徴収官)
 * @param payInBusinessDays        0–20, or null
 * @param payInDayOfNextMonth      1–31 (a day past the month's end is its last day), or null
 * @param payEasyInstitutionNumber Pay-easy 収納機関番号 (5 digits) for electronic pay-in, or null
 * @param reportPeriod             how often the Art. 6(2) report is made
 */
public record Treasury(String ministryCode, String ministryName, String account, String officerCode,
                       String officerName, Integer payInBusinessDays, Integer payInDayOfNextMonth,
                       String payEasyInstitutionNumber, ReportPeriod reportPeriod) {
    public static final int MAX_PAY_IN_BUSINESS_DAYS = 20;
    public static final int MAX_DAY_OF_MONTH = 31;
    /** 所管 code: as long as a 納付書 field holds. */
    public static final Pattern MINISTRY_CODE = Pattern.compile("[0-9A-Z]{1,8}");
    /** 歳入徴収官 code. */
    public static final Pattern OFFICER_CODE = Pattern.compile("[0-9A-Z-]{1,16}");
    /** Pay-easy 収納機関番号. */
    public static final Pattern PAY_EASY_INSTITUTION_NUMBER = Pattern.compile("[0-9]{5}");
    /** {@code ministryName}, {@code account} and {@code officerName}: printed on slips, notices and reports. */
    public static final int MAX_NAME_LENGTH = 60;

    public Treasury {
        Objects.requireNonNull(ministryCode, "ministryCode");
        Objects.requireNonNull(ministryName, "ministryName");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(officerCode, "officerCode");
        Objects.requireNonNull(officerName, "officerName");
        if (!MINISTRY_CODE.matcher(ministryCode).matches()) {
            throw new IllegalArgumentException("ministryCode must be 1 to 8 of 0-9, A-Z");
        }
        if (!OFFICER_CODE.matcher(officerCode).matches()) {
            throw new IllegalArgumentException("officerCode must be 1 to 16 of 0-9, A-Z, '-'");
        }
        for (String name : new String[] {ministryName, account, officerName}) {
            if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("ministryName, account and officerName are 1 to "
                        + MAX_NAME_LENGTH + " characters");
            }
        }
        if (payEasyInstitutionNumber != null && !PAY_EASY_INSTITUTION_NUMBER.matcher(payEasyInstitutionNumber).matches()) {
            throw new IllegalArgumentException("payEasyInstitutionNumber must be 5 digits");
        }
        reportPeriod = reportPeriod == null ? ReportPeriod.MONTHLY : reportPeriod;
        if ((payInBusinessDays == null) == (payInDayOfNextMonth == null)) {
            throw new IllegalArgumentException("exactly one of payInBusinessDays and payInDayOfNextMonth");
        }
        if (payInBusinessDays != null && (payInBusinessDays < 0 || payInBusinessDays > MAX_PAY_IN_BUSINESS_DAYS)) {
            throw new IllegalArgumentException("payInBusinessDays must be 0 to " + MAX_PAY_IN_BUSINESS_DAYS);
        }
        if (payInDayOfNextMonth != null && (payInDayOfNextMonth < 1 || payInDayOfNextMonth > MAX_DAY_OF_MONTH)) {
            throw new IllegalArgumentException("payInDayOfNextMonth must be 1 to 31");
        }
    }
}
