package jp.kokin.domain.console;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a list. {@code next} is opaque to the caller (a store's continuation, URL-safe, at
 * most {@link #MAX_CURSOR} characters), present while more may follow.
 */
public record Page<T>(List<T> rows, Optional<String> next) {
    public static final int MAX_CURSOR = 1024;

    public Page {
        rows = List.copyOf(rows);
        Objects.requireNonNull(next, "next");
    }
}
