package jp.kokin.domain.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCheckouts;

/** Receipts by the number in a path, and by the number and token of their public page. */
class FindReceiptTest {
    private static final String NUMBER = "131016-2026-0000001";
    private final Checkout paid = TestCheckouts.paid(TestCheckouts.created(), TestCheckouts.CREATED_AT.plusSeconds(60));
    private final Receipt receipt = new Receipt(NUMBER, paid.id(), paid.organizationCode(), paid.reference(), paid.amount(),
            paid.items(), paid.paidAt(), paid.paidAt(), "a".repeat(Receipt.TOKEN_LENGTH));
    private final List<String> lookedUp = new ArrayList<>();
    private final FindReceipt find = new FindReceipt(number -> {
        lookedUp.add(number);
        return NUMBER.equals(number) ? Optional.of(receipt) : Optional.empty();
    });

    @Test
    void a_receipt_is_found_by_its_number_and_a_malformed_number_is_not_looked_up() {
        assertEquals(Optional.of(receipt), find.byNumber(NUMBER));
        assertEquals(Optional.empty(), find.byNumber("131016-2026-0000002"));
        assertEquals(Optional.empty(), find.byNumber("../131016-2026-0000001"));
        assertEquals(Optional.empty(), find.byNumber(null));
        assertEquals(List.of(NUMBER, "131016-2026-0000002"), lookedUp);
    }

    @Test
    void the_page_needs_the_receipts_own_token() {
        assertEquals(Optional.of(receipt), find.forPage(NUMBER, receipt.token()));
        assertEquals(Optional.empty(), find.forPage(NUMBER, "b".repeat(Receipt.TOKEN_LENGTH)));
        assertEquals(Optional.empty(), find.forPage(NUMBER, "a".repeat(Receipt.TOKEN_LENGTH - 1)));
        assertEquals(Optional.empty(), find.forPage(NUMBER, null));
        assertEquals(List.of(NUMBER, NUMBER), lookedUp, "a malformed token is not looked up");
    }
}
