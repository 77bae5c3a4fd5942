package jp.kokin.domain.checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Language;

/**
 * Checkouts for tests, priced from {@link TestCatalogs#standard()}, and the steps that move them:
 * {@code aCheckout().withItem(PASSPORT, 1).build()}, then {@link #start}, {@link #succeed}, {@link #fail}.
 */
public final class TestCheckouts {
    /** 2026-11-26 10:00 JST. */
    public static final Instant CREATED_AT = Instant.parse("2026-11-26T01:00:00Z");
    public static final Duration EXPIRES_IN = Duration.ofMinutes(60);
    public static final Instant EXPIRES_AT = CREATED_AT.plus(EXPIRES_IN);

    private TestCheckouts() {}

    public static Builder aCheckout() {
        return new Builder();
    }

    /** A created checkout for one 住民票 of 千代田区 (300 yen). */
    public static Checkout created() {
        return aCheckout().build();
    }

    public static final class Builder {
        private final Catalog catalog = TestCatalogs.standard();
        private String id = CheckoutIds.newCheckoutId();
        private String organization = TestCatalogs.CHIYODA;
        private String portal = TestCatalogs.MYNA;
        private final List<CheckoutItem> items = new ArrayList<>();
        private List<PaymentMethod> methods = List.of();
        private Instant createdAt = CREATED_AT;
        private Duration expiresIn = EXPIRES_IN;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {}

        public Builder withId(String checkoutId) {
            this.id = checkoutId;
            return this;
        }

        /** The owning organization; items added afterwards are its procedures. */
        public Builder forOrganization(String code) {
            this.organization = code;
            return this;
        }

        public Builder forPortal(String portalId) {
            this.portal = portalId;
            return this;
        }

        public Builder withItem(String procedureCode, int quantity) {
            items.add(CheckoutItem.price(catalog.organization(organization).orElseThrow()
                    .procedure(procedureCode).orElseThrow(), quantity));
            return this;
        }

        public Builder offering(PaymentMethod... offered) {
            this.methods = List.of(offered);
            return this;
        }

        public Builder createdAt(Instant instant) {
            this.createdAt = instant;
            return this;
        }

        public Builder expiringIn(Duration duration) {
            this.expiresIn = duration;
            return this;
        }

        public Checkout build() {
            List<CheckoutItem> priced = items.isEmpty()
                    ? List.of(CheckoutItem.price(catalog.organization(organization).orElseThrow().procedures()
                            .values().iterator().next(), 1))
                    : items;
            return Checkout.create(id, organization, portal, "APP-0001", priced, TestCatalogs.RETURN_URL, Language.JA,
                    methods, expiresIn, metadata, createdAt);
        }
    }

    /** Starts an attempt with {@code method} at {@code now}; fails the test if it is refused. */
    public static Checkout start(Checkout checkout, PaymentMethod method, Instant now) {
        return changed(checkout.startPayment(method, "sandbox", now)).checkout();
    }

    public static Checkout succeed(Checkout checkout, int attempt, Instant occurredAt) {
        return changed(checkout.applyPaymentEvent(paymentId(checkout, attempt), PaymentEvent.SUCCEEDED,
                checkout.amount(), occurredAt, occurredAt)).checkout();
    }

    public static Checkout fail(Checkout checkout, int attempt, Instant occurredAt) {
        return changed(checkout.applyPaymentEvent(paymentId(checkout, attempt), PaymentEvent.FAILED, 0,
                occurredAt, occurredAt)).checkout();
    }

    /** A checkout paid by its first attempt (started at creation, succeeded at {@code paidAt}). */
    public static Checkout paid(Checkout created, Instant paidAt) {
        return succeed(start(created, PaymentMethod.PAYPAY, created.createdAt()), 1, paidAt);
    }

    public static String paymentId(Checkout checkout, int attempt) {
        return CheckoutIds.paymentId(checkout.id(), attempt);
    }

    public static Change.Changed changed(Change change) {
        if (change instanceof Change.Changed c) {
            return c;
        }
        throw new AssertionError("expected a change but got " + change);
    }
}
