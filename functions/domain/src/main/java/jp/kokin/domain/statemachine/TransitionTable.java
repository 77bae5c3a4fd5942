package jp.kokin.domain.statemachine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A state machine written down as data: for each state and event, the next state. A row whose
 * next state equals its state is a no-op; a missing row is a rejection.
 */
public final class TransitionTable<S extends Enum<S>, E extends Enum<E>> {

    /** One row of the table, as drawn in the README. */
    public record Row<S, E>(S from, E event, S to) {}

    private final Map<S, Map<E, S>> table;
    private final List<Row<S, E>> rows;

    private TransitionTable(Class<S> states, List<Row<S, E>> rows, Class<E> events) {
        this.table = new EnumMap<>(states);
        for (Row<S, E> row : rows) {
            S previous = table.computeIfAbsent(row.from(), k -> new EnumMap<>(events)).put(row.event(), row.to());
            if (previous != null) {
                throw new IllegalArgumentException("two rows for " + row.from() + " on " + row.event());
            }
        }
        this.rows = List.copyOf(rows);
    }

    public static <S extends Enum<S>, E extends Enum<E>> Builder<S, E> builder(Class<S> states, Class<E> events) {
        return new Builder<>(states, events);
    }

    public Transition<S> apply(S state, E event) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(event, "event");
        S next = table.getOrDefault(state, Map.of()).get(event);
        if (next == null) {
            return new Transition.Rejected<>(state, event);
        }
        return next == state ? new Transition.NoOp<>(state) : new Transition.Applied<>(state, next);
    }

    public List<Row<S, E>> rows() {
        return Collections.unmodifiableList(rows);
    }

    public static final class Builder<S extends Enum<S>, E extends Enum<E>> {
        private final Class<S> states;
        private final Class<E> events;
        private final List<Row<S, E>> rows = new ArrayList<>();

        private Builder(Class<S> states, Class<E> events) {
            this.states = states;
            this.events = events;
        }

        public Builder<S, E> on(S from, E event, S to) {
            rows.add(new Row<>(from, event, to));
            return this;
        }

        /** The event is accepted in this state and changes nothing. */
        public Builder<S, E> ignore(S state, E event) {
            return on(state, event, state);
        }

        public TransitionTable<S, E> build() {
            return new TransitionTable<>(states, rows, events);
        }
    }
}
