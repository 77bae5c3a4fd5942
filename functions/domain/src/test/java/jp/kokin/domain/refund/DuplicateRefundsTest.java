package jp.kokin.domain.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.PaymentEvent;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.RecordPayment;
import jp.kokin.domain.checkout.TestCheckouts;

class DuplicateRefundsTest extends RefundFixture {

    private Checkout paidTwice(RefundPolicy policy) {
        Checkout created = TestCheckouts.created();
        Checkout first = TestCheckouts.changed(created.startPayment(PaymentMethod.PAYPAY, "paypay", created.createdAt())).checkout();
        Checkout second = TestCheckouts.changed(first.startPayment(PaymentMethod.PAYPAY, "paypay", created.createdAt())).checkout();
        checkouts.put(second);
        RecordPayment recording = new RecordPayment(checkouts, c -> { }, code -> policy, clock);
        recording.event("paypay", TestCheckouts.paymentId(second, 1), PaymentEvent.SUCCEEDED, second.amount(), PAID_AT);
        recording.event("paypay", TestCheckouts.paymentId(second, 2), PaymentEvent.SUCCEEDED, second.amount(), PAID_AT);
        // the provider repeats the duplicate's event: no second proposal
        recording.event("paypay", TestCheckouts.paymentId(second, 2), PaymentEvent.SUCCEEDED, second.amount(), PAID_AT);
        return checkouts.stored(second.id());
    }

    @Test
    void theWriteThatRecordsADuplicatePaymentProposesItsWholeRefundForApproval() {
        Checkout checkout = paidTwice(RefundPolicy.DEFAULT);

        Refund proposal = checkout.refunds().getFirst();
        assertEquals(1, checkout.refunds().size());
        assertEquals(TestCheckouts.paymentId(checkout, 2), proposal.paymentId());
        assertEquals(RefundReason.DUPLICATE, proposal.reason());
        assertEquals(RefundStatus.REQUESTED, proposal.status());
        assertEquals(Principals.SYSTEM, proposal.requestedBy());
        assertEquals(checkout.amount(), proposal.amount());
        assertEquals(List.of(new RefundLine(0, 0, checkout.items().getFirst().procedureCode(), checkout.organizationCode(), 300)),
                proposal.lines());
        assertNull(proposal.approvedBy());
    }

    @Test
    void anOrganizationThatLetsDuplicatesSkipApprovalHasItApprovedByTheCatalogPolicy() {
        Checkout checkout = paidTwice(new RefundPolicy(true, false));

        Refund proposal = checkout.refunds().getFirst();
        assertEquals(RefundStatus.APPROVED, proposal.status());
        assertEquals(Principals.CATALOG_POLICY, proposal.approvedBy());
        assertEquals(true, checkout.refundWorkSince().isPresent(), "the janitor submits it");
    }
}
