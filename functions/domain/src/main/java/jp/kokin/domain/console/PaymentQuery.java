package jp.kokin.domain.console;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The 収納一覧's filter. Dates are JST and inclusive, on the checkout's creation.
 *
 * @param organizations the organizations to list (never empty: the user's scope, or the one they chose)
 */
public record PaymentQuery(LocalDate from, LocalDate to, Set<String> organizations, Optional<String> procedure,
                           Optional<String> status, Optional<String> method, Optional<Long> minAmount,
                           Optional<Long> maxAmount) {
    /** The longest date range one list may span (a year and a day: a fiscal year plus its edges). */
    public static final int MAX_DAYS = 366;

    public PaymentQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        organizations = Set.copyOf(organizations);
        if (organizations.isEmpty()) {
            throw new IllegalArgumentException("a payment query names its organizations");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to is before from");
        }
    }
}
