package jp.kokin.domain.checkout;

import java.util.Locale;

public enum CheckoutStatus {
    CREATED, PENDING, PAID, EXPIRED, CANCELED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CheckoutStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
