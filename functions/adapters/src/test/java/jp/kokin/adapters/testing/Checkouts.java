package jp.kokin.adapters.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.catalog.LocalizedText;
import jp.kokin.domain.catalog.Procedure;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.PaymentEvent;
import jp.kokin.domain.checkout.PaymentMethod;

/** Fixture builder: {@code aCheckout().forOrganization("131016").withFee(300).paidAt(t).build()}. */
public final class Checkouts {
    private String organizationCode = "131016";
    private String portalId = "myna";
    private String procedureCode = "juminhyo";
    private List<FeeLine> fees = List.of(new FeeLine("131016", 300));
    private int quantity = 1;
    private Instant createdAt = Instant.parse("2026-11-26T01:00:00Z");
    private Duration expiresIn = Duration.ofMinutes(60);
    private Instant paidAt;

    public static Checkouts aCheckout() {
        return new Checkouts();
    }

    public Checkouts forOrganization(String code) {
        this.organizationCode = code;
        this.fees = List.of(new FeeLine(code, 300));
        return this;
    }

    /** Created by another portal of the test catalog than the My Number Portal ({@code myna}). */
    public Checkouts byPortal(String id) {
        this.portalId = id;
        return this;
    }

    public Checkouts withProcedure(String code, FeeLine... lines) {
        this.procedureCode = code;
        this.fees = List.of(lines);
        return this;
    }

    public Checkouts withQuantity(int quantity) {
        this.quantity = quantity;
        return this;
    }

    public Checkouts createdAt(Instant at) {
        this.createdAt = at;
        return this;
    }

    public Checkouts expiresIn(Duration d) {
        this.expiresIn = d;
        return this;
    }

    /** Paid through a sandbox card payment completed at {@code at}. */
    public Checkouts paidAt(Instant at) {
        this.paidAt = at;
        return this;
    }

    public Checkout build() {
        Procedure procedure = new Procedure(procedureCode, new LocalizedText("手続", "Procedure"), fees);
        Checkout c = Checkout.create(CheckoutIds.newCheckoutId(), organizationCode, portalId, "APP-" + createdAt.toEpochMilli(),
                List.of(CheckoutItem.price(procedure, quantity)), TestCatalog.RETURN_URL, Language.JA, List.of(), expiresIn,
                Map.of(), createdAt);
        if (paidAt == null) {
            return c;
        }
        Checkout started = ((Change.Changed) c.startPayment(PaymentMethod.CARD, "sandbox", createdAt)).checkout();
        String paymentId = started.payments().getFirst().id();
        return ((Change.Changed) started.applyPaymentEvent(paymentId, PaymentEvent.SUCCEEDED, started.amount(), paidAt, paidAt))
                .checkout();
    }
}
