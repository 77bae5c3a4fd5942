package jp.kokin.domain.refund;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.format.FormatException;
import jp.kokin.domain.format.ZenginKana;

/**
 * What a citizen owed a refund types on the bank-account page, checked and normalised into the
 * account of a Zengin 総合振込 data record (BRIEF §4): 被仕向銀行番号 N4, 支店番号 N3, 預金種目 N1
 * (1 普通, 2 当座), 口座番号 N7, 受取人名 C30 in Zengin kana.
 *
 * <p>Codes are checked for their <em>format</em> only, with one structural rule: no list of banks and
 * branches is shipped (codes change every month with mergers and closures, so a bundled list would
 * refuse new branches and still not catch the real error, a closed or misnamed account, which only
 * the bank detects when the transfer comes back). What is checked:
 * <ul>
 *   <li>digits may be typed full-width, with spaces or hyphens: {@code ０００１} is {@code 0001};</li>
 *   <li>bank code 4 digits, branch code 3 digits; the account number 1 to 7 digits, zero-padded
 *       on the left to 7, as banks ask ({@code 123456} is {@code 0123456});</li>
 *   <li>ゆうちょ銀行 ({@value #JAPAN_POST_BANK}) takes transfers only to its 振込用 branch names, whose
 *       codes end in 8 (総合口座) or 9 (振替口座): a citizen who typed the 記号 is told so;</li>
 *   <li>the holder's name is normalised with {@link ZenginKana} (hiragana and full-width katakana to
 *       half-width, small kana to full size, letters upper case) and refused when a character has no
 *       Zengin equivalent (kanji, ヲ, symbols), naming the first such character, or when it is longer
 *       than the {@value #MAX_HOLDER_KANA} characters of 受取人名.</li>
 * </ul>
 * Bank and branch names are left empty (the data record's names are optional; the codes route).
 */
public record BankAccountForm(String bankCode, String branchCode, String accountType, String accountNumber,
                              String holderKana) {
    public static final int BANK_CODE_DIGITS = 4;
    public static final int BRANCH_CODE_DIGITS = 3;
    /** 口座番号 is N7: shorter numbers are zero-padded on the left. */
    public static final int MAX_ACCOUNT_NUMBER_DIGITS = 7;
    /** 受取人名 is C30 in the data record, counted in Zengin characters (ｶﾞ is 2). */
    public static final int MAX_HOLDER_KANA = 30;
    /** The most characters a field may hold as typed; more is refused, never truncated. */
    public static final int MAX_TYPED_CHARS = 64;
    /** ゆうちょ銀行's bank code. */
    public static final String JAPAN_POST_BANK = "9900";
    /** 預金種目 of the data record: 1 普通 (ordinary), 2 当座 (current). */
    public static final int ORDINARY = 1;
    public static final int CURRENT = 2;

    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u3000\\-\\u2010\\u2212\\uFF0D\\u30FC]");

    /** The form's fields, named as on the page. */
    public enum Field {
        BANK_CODE("bankCode"), BRANCH_CODE("branchCode"), ACCOUNT_TYPE("accountType"), ACCOUNT_NUMBER("accountNumber"),
        HOLDER_KANA("holderKana");

        private final String formName;

        Field(String formName) {
            this.formName = formName;
        }

        public String formName() {
            return formName;
        }
    }

    /** What is wrong with one field. */
    public enum Problem {
        /** Nothing was entered. */
        MISSING,
        /** More than {@link #MAX_TYPED_CHARS} characters were typed. */
        TOO_LONG,
        /** Not the number of digits the field takes (or not digits). */
        NOT_DIGITS,
        /** A ゆうちょ銀行 branch code that is not a 振込用 branch (ends in 8 or 9). */
        NOT_A_JAPAN_POST_TRANSFER_BRANCH,
        /** Neither 普通 nor 当座. */
        UNKNOWN_ACCOUNT_TYPE,
        /** A character of the holder's name has no Zengin equivalent ({@code character} names it). */
        NOT_ZENGIN_KANA,
        /** The holder's name is longer than {@link #MAX_HOLDER_KANA} Zengin characters. */
        HOLDER_TOO_LONG
    }

    /** One problem of one field; {@code character}: the refused character of the name, else null. */
    public record FieldProblem(Field field, Problem problem, String character) {
        public FieldProblem {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(problem, "problem");
        }
    }

    /** The outcome of {@link #check()}. */
    public sealed interface Checked {
        record Valid(BankAccount account) implements Checked {}

        /** At most one problem per field, in the form's order. */
        record Invalid(List<FieldProblem> problems) implements Checked {
            public Invalid {
                problems = List.copyOf(problems);
            }
        }
    }

    /** The fields of a posted form by their names; a missing field is empty. */
    public static BankAccountForm of(Map<String, String> form) {
        return new BankAccountForm(form.getOrDefault(Field.BANK_CODE.formName(), ""),
                form.getOrDefault(Field.BRANCH_CODE.formName(), ""), form.getOrDefault(Field.ACCOUNT_TYPE.formName(), ""),
                form.getOrDefault(Field.ACCOUNT_NUMBER.formName(), ""), form.getOrDefault(Field.HOLDER_KANA.formName(), ""));
    }

    public BankAccountForm {
        bankCode = bankCode == null ? "" : bankCode;
        branchCode = branchCode == null ? "" : branchCode;
        accountType = accountType == null ? "" : accountType;
        accountNumber = accountNumber == null ? "" : accountNumber;
        holderKana = holderKana == null ? "" : holderKana;
    }

    /** What was typed into {@code field}, as typed. */
    public String typed(Field field) {
        return switch (field) {
            case BANK_CODE -> bankCode;
            case BRANCH_CODE -> branchCode;
            case ACCOUNT_TYPE -> accountType;
            case ACCOUNT_NUMBER -> accountNumber;
            case HOLDER_KANA -> holderKana;
        };
    }

    /** Checks every field (all problems at once, so the citizen fixes them in one go). */
    public Checked check() {
        List<FieldProblem> problems = new ArrayList<>();
        String bank = digits(Field.BANK_CODE, BANK_CODE_DIGITS, BANK_CODE_DIGITS, problems);
        String branch = digits(Field.BRANCH_CODE, BRANCH_CODE_DIGITS, BRANCH_CODE_DIGITS, problems);
        if (JAPAN_POST_BANK.equals(bank) && branch != null && !(branch.endsWith("8") || branch.endsWith("9"))) {
            problems.add(new FieldProblem(Field.BRANCH_CODE, Problem.NOT_A_JAPAN_POST_TRANSFER_BRANCH, null));
            branch = null;
        }
        int type = switch (accountType.strip()) {
            case "1" -> ORDINARY;
            case "2" -> CURRENT;
            default -> {
                problems.add(new FieldProblem(Field.ACCOUNT_TYPE, accountType.isBlank() ? Problem.MISSING
                        : Problem.UNKNOWN_ACCOUNT_TYPE, null));
                yield 0;
            }
        };
        String number = digits(Field.ACCOUNT_NUMBER, 1, MAX_ACCOUNT_NUMBER_DIGITS, problems);
        String holder = holder(problems);
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparing(FieldProblem::field));
            return new Checked.Invalid(problems);
        }
        String padded = "0".repeat(MAX_ACCOUNT_NUMBER_DIGITS - number.length()) + number;
        return new Checked.Valid(new BankAccount(bank, "", branch, "", type, padded, holder));
    }

    /** The field's digits (separators dropped, full-width made ASCII), or null after adding its problem. */
    private String digits(Field field, int min, int max, List<FieldProblem> problems) {
        String typed = typed(field);
        if (typed.length() > MAX_TYPED_CHARS) {
            problems.add(new FieldProblem(field, Problem.TOO_LONG, null));
            return null;
        }
        StringBuilder digits = new StringBuilder();
        String compact = SEPARATORS.matcher(typed).replaceAll("");
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            digits.append(c >= '０' && c <= '９' ? (char) (c - '０' + '0') : c);
        }
        if (digits.isEmpty()) {
            problems.add(new FieldProblem(field, Problem.MISSING, null));
            return null;
        }
        if (digits.length() < min || digits.length() > max || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            problems.add(new FieldProblem(field, Problem.NOT_DIGITS, null));
            return null;
        }
        return digits.toString();
    }

    private String holder(List<FieldProblem> problems) {
        if (holderKana.length() > MAX_TYPED_CHARS) {
            problems.add(new FieldProblem(Field.HOLDER_KANA, Problem.TOO_LONG, null));
            return null;
        }
        String refused = firstRefused(holderKana);
        if (refused != null) {
            problems.add(new FieldProblem(Field.HOLDER_KANA, Problem.NOT_ZENGIN_KANA, refused));
            return null;
        }
        String normalized = ZenginKana.normalize(holderKana);
        if (normalized.isEmpty()) {
            problems.add(new FieldProblem(Field.HOLDER_KANA, Problem.MISSING, null));
            return null;
        }
        if (normalized.length() > MAX_HOLDER_KANA) {
            problems.add(new FieldProblem(Field.HOLDER_KANA, Problem.HOLDER_TOO_LONG, null));
            return null;
        }
        return normalized;
    }

    /** The first character (code point) of {@code name} that {@link ZenginKana} refuses, or null. */
    private static String firstRefused(String name) {
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            try {
                ZenginKana.normalize(Character.toString(cp));
            } catch (FormatException e) {
                return Character.toString(cp);
            }
        }
        return null;
    }
}
