package jp.kokin.domain.checkout;

import java.util.Locale;

public enum PaymentStatus {
    PENDING, SUCCEEDED, FAILED, CANCELED, EXPIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PaymentStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
