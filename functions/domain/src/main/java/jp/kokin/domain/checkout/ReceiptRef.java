package jp.kokin.domain.checkout;

import java.time.Instant;
import java.util.Objects;

/** The receipt issued for a paid checkout; the token makes its public page's link unguessable. */
public record ReceiptRef(String number, Instant issuedAt, String token) {
    public ReceiptRef {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(token, "token");
    }
}
