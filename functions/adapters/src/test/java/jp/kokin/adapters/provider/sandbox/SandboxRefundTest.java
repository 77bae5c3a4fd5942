package jp.kokin.adapters.provider.sandbox;

import static jp.kokin.adapters.provider.sandbox.SandboxFixtures.NOW;
import static jp.kokin.adapters.provider.sandbox.SandboxFixtures.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.RefundFixtures;
import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundReason;
import jp.kokin.domain.refund.RefundResult;

/** The sandbox refunds at once, unless the refund's note asks for another outcome. */
class SandboxRefundTest {

    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SandboxProvider sandbox = new SandboxProvider(new ProviderSettings("sandbox", List.of(SECRET), ""),
            new ProviderContext(CLOCK, null, SecretResolver.inlineOnly(CLOCK), ProviderContext.DEFAULT_TIMEOUT));
    private final Checkout checkout = SandboxFixtures.checkout();
    private final Payment payment = ((Change.Changed) checkout.startPayment(PaymentMethod.CARD, "sandbox", NOW)).payment();

    private Refund refund(String note) {
        return RefundFixtures.submitted(checkout, payment, 1, 600, RefundReason.OVERPAID, note, NOW);
    }

    @Test
    void a_refund_succeeds_at_once_by_default_and_the_query_agrees() throws Exception {
        Refund refund = refund("citizen paid twice");

        assertEquals(new RefundResult.Succeeded("sbxr_" + refund.id(), NOW), sandbox.refund(checkout, payment, refund));
        assertEquals(new RefundResult.Succeeded("sbxr_" + refund.id(), NOW), sandbox.queryRefund(checkout, payment, refund));
    }

    @Test
    void the_note_chooses_failure_or_cannot() throws Exception {
        assertInstanceOf(RefundResult.Failed.class, sandbox.refund(checkout, payment, refund("[sandbox:fail]")));
        assertInstanceOf(RefundResult.CannotRefund.class, sandbox.refund(checkout, payment, refund("x [sandbox:cannot] y")));
        assertInstanceOf(RefundResult.CannotRefund.class, sandbox.queryRefund(checkout, payment, refund("[sandbox:cannot]")));
    }

    @Test
    void a_delayed_refund_is_pending_when_sent_and_succeeded_when_asked() throws Exception {
        Refund refund = refund("[sandbox:delay]");

        assertInstanceOf(RefundResult.Pending.class, sandbox.refund(checkout, payment, refund));
        assertInstanceOf(RefundResult.Succeeded.class, sandbox.queryRefund(checkout, payment, refund));
    }

    @Test
    void a_timed_out_refund_has_no_answer_when_sent_and_succeeded_when_asked() throws Exception {
        Refund refund = refund("[sandbox:timeout]");

        assertThrows(ProviderException.class, () -> sandbox.refund(checkout, payment, refund));
        assertInstanceOf(RefundResult.Succeeded.class, sandbox.queryRefund(checkout, payment, refund));
    }

    @Test
    void a_refund_never_sent_is_not_found() {
        Refund notSent = RefundFixtures.requested(checkout, payment, 1, 600, RefundReason.OVERPAID, null, NOW);

        assertEquals(new RefundResult.NotFound(), sandbox.queryRefund(checkout, payment, notSent));
    }
}
