package jp.kokin.domain.settlement.treasury;

import java.time.Instant;
import java.util.Objects;

/**
 * One audited step of a pay-in: who ({@code principal}, as {@code jp.kokin.domain.refund.Principals}
 * names API keys), when, and what ({@code action}: {@code created}, {@code paid}, {@code confirmed}),
 * with a short free {@code detail} (at most {@value #MAX_DETAIL} characters).
 */
public record PayInAudit(String action, String principal, Instant at, String detail) {
    public static final int MAX_DETAIL = 200;

    public PayInAudit {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(at, "at");
        detail = detail == null ? "" : detail;
        if (detail.length() > MAX_DETAIL) {
            throw new IllegalArgumentException("audit detail is at most " + MAX_DETAIL + " characters");
        }
    }
}
