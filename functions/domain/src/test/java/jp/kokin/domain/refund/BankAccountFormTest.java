package jp.kokin.domain.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.refund.BankAccountForm.Field;
import jp.kokin.domain.refund.BankAccountForm.FieldProblem;
import jp.kokin.domain.refund.BankAccountForm.Problem;

/** What the citizen types becomes a Zengin account, or says what to fix, field by field. */
class BankAccountFormTest {

    private static BankAccount valid(BankAccountForm form) {
        return assertInstanceOf(BankAccountForm.Checked.Valid.class, form.check()).account();
    }

    private static List<FieldProblem> problems(BankAccountForm form) {
        return assertInstanceOf(BankAccountForm.Checked.Invalid.class, form.check()).problems();
    }

    @Test
    void a_well_typed_account_is_taken_as_it_is() {
        BankAccount a = valid(new BankAccountForm("0001", "021", "1", "1234567", "ﾔﾏﾀﾞ ﾀﾛｳ"));
        assertEquals(new BankAccount("0001", "", "021", "", 1, "1234567", "ﾔﾏﾀﾞ ﾀﾛｳ"), a);
    }

    @Test
    void the_holders_name_in_hiragana_or_full_width_katakana_becomes_zengin_kana() {
        assertEquals("ﾔﾏﾀﾞ ﾀﾛｳ", valid(new BankAccountForm("0001", "021", "1", "1234567", "やまだ　たろう")).holderKana());
        assertEquals("ｷﾖｳｺ ｼﾞﾕﾝ", valid(new BankAccountForm("0001", "021", "1", "1234567", " キョウコ ジュン ")).holderKana(),
                "small kana become full size, the ends are trimmed");
        assertEquals("ｶ)ｺｳｷﾝ", valid(new BankAccountForm("0001", "021", "2", "1234567", "カ）コウキン")).holderKana());
        assertEquals("SMITH JOHN", valid(new BankAccountForm("0001", "021", "1", "1234567", "Smith John")).holderKana());
    }

    @Test
    void digits_may_be_full_width_or_split_by_spaces_and_hyphens_and_a_short_account_number_is_zero_padded() {
        BankAccount a = valid(new BankAccountForm("０００５", "１２-３", "2", "12 345", "ｶﾅ"));
        assertEquals("0005", a.bankCode());
        assertEquals("123", a.branchCode());
        assertEquals(2, a.accountType());
        assertEquals("0012345", a.accountNumber());
    }

    @Test
    void each_field_with_a_problem_is_named_once_in_the_forms_order() {
        assertEquals(List.of(new FieldProblem(Field.BANK_CODE, Problem.NOT_DIGITS, null),
                        new FieldProblem(Field.BRANCH_CODE, Problem.NOT_DIGITS, null),
                        new FieldProblem(Field.ACCOUNT_TYPE, Problem.UNKNOWN_ACCOUNT_TYPE, null),
                        new FieldProblem(Field.ACCOUNT_NUMBER, Problem.NOT_DIGITS, null),
                        new FieldProblem(Field.HOLDER_KANA, Problem.NOT_ZENGIN_KANA, "山")),
                problems(new BankAccountForm("001", "02a", "4", "12345678", "山田 太郎")));
    }

    @Test
    void an_empty_form_says_every_field_is_missing() {
        assertEquals(List.of(Field.values()), problems(BankAccountForm.of(Map.of())).stream().map(FieldProblem::field).toList());
        problems(BankAccountForm.of(Map.of())).forEach(p -> assertEquals(Problem.MISSING, p.problem(), p.toString()));
        assertEquals(Problem.MISSING, problems(new BankAccountForm("0001", "021", "1", "1", "　 ")).getFirst().problem(),
                "a name of spaces is no name");
    }

    @Test
    void a_name_zengin_cannot_write_is_refused_naming_the_first_such_character() {
        assertEquals("ヲ", problems(new BankAccountForm("0001", "021", "1", "1", "ヤマヲ")).getFirst().character());
        assertEquals("¥", problems(new BankAccountForm("0001", "021", "1", "1", "ｶﾅ¥")).getFirst().character());
        assertEquals("😀", problems(new BankAccountForm("0001", "021", "1", "1", "ｶﾅ😀")).getFirst().character());
    }

    @Test
    void the_holders_name_may_take_30_zengin_characters_and_not_31() {
        String thirty = "ｶ".repeat(28) + "ｶﾞ"; // ｶﾞ counts 2
        assertEquals(30, valid(new BankAccountForm("0001", "021", "1", "1", thirty)).holderKana().length());
        assertEquals(List.of(new FieldProblem(Field.HOLDER_KANA, Problem.HOLDER_TOO_LONG, null)),
                problems(new BankAccountForm("0001", "021", "1", "1", "ガ".repeat(15) + "ｱ")));
    }

    @Test
    void a_field_typed_longer_than_64_characters_is_refused_before_anything_else() {
        assertEquals(List.of(new FieldProblem(Field.ACCOUNT_NUMBER, Problem.TOO_LONG, null),
                        new FieldProblem(Field.HOLDER_KANA, Problem.TOO_LONG, null)),
                problems(new BankAccountForm("0001", "021", "1", " ".repeat(64) + "1", "ｱ".repeat(65))));
        assertEquals("0000001", valid(new BankAccountForm("0001", "021", "1", " ".repeat(63) + "1", "ｱ")).accountNumber());
    }

    @Test
    void japan_post_bank_takes_only_its_transfer_branch_codes_ending_in_8_or_9() {
        assertEquals("018", valid(new BankAccountForm("9900", "018", "1", "1234567", "ｶﾅ")).branchCode());
        assertEquals("019", valid(new BankAccountForm("9900", "019", "2", "0123456", "ｶﾅ")).branchCode());
        assertEquals(List.of(new FieldProblem(Field.BRANCH_CODE, Problem.NOT_A_JAPAN_POST_TRANSFER_BRANCH, null)),
                problems(new BankAccountForm("9900", "101", "1", "1234567", "ｶﾅ")), "the 記号 typed instead");
        assertEquals("101", valid(new BankAccountForm("0001", "101", "1", "1234567", "ｶﾅ")).branchCode(), "other banks: any 3 digits");
    }
}
