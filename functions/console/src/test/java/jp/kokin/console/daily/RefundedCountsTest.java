package jp.kokin.console.daily;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.console.PaymentRow;
import jp.kokin.domain.refund.RefundStatus;

/** 返金額 means the same refunds on every screen: approved or further on, as the 収入日計表 counts them. */
class RefundedCountsTest {
    private static final Set<RefundStatus> COUNTED = EnumSet.of(RefundStatus.APPROVED, RefundStatus.SUBMITTED,
            RefundStatus.SUCCEEDED, RefundStatus.BANK_TRANSFER_REQUIRED);

    @Test
    void the_list_row_counts_a_refund_once_approved_and_never_a_requested_rejected_or_failed_one_like_the_daily_revenue() {
        for (RefundStatus status : RefundStatus.values()) {
            Checkout c = DailyRevenueTest.refunded(DailyRevenueTest.paid(TestCatalogs.CHIYODA, TestCatalogs.JUMINHYO, 1,
                    DailyRevenueTest.MONDAY, DailyRevenueTest.MONDAY, PaymentMethod.PAYPAY), 300, status);
            var revenue = new DailyRevenue(TestCatalogs.aTreasuryCatalog().build());
            revenue.add(c);
            long daily = revenue.rows().stream().mapToLong(DailyRevenue.Row::refunds).sum();

            assertEquals(COUNTED.contains(status) ? 300 : 0, PaymentRow.of(c).refunded(), status.wire());
            assertEquals(daily, PaymentRow.of(c).refunded(), "the 収入日計表 agrees for " + status.wire());
        }
    }
}
