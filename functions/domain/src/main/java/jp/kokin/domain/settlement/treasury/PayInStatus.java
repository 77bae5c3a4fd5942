package jp.kokin.domain.settlement.treasury;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A pay-in's (国庫納付) status. {@code DUE}: computed by a settlement run, the agent owes it to the
 * treasury by its due date (the agent's liability, Art. 6(3)). {@code PAID}: an operator recorded the
 * payment at the BoJ or an agent bank. {@code CONFIRMED}: the collection officer (歳入徴収官) confirmed
 * the revenue. Only forward: due → paid → confirmed.
 */
public enum PayInStatus {
    DUE,
    PAID,
    CONFIRMED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PayInStatus> fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
    }
}
