package jp.kokin.domain.statemachine;

/** The result of asking a state machine to apply an event. */
public sealed interface Transition<S> {

    /** The event moved the state from {@code from} to {@code to}. */
    record Applied<S>(S from, S to) implements Transition<S> {}

    /** The event is allowed but changes nothing (a repeat, or already in that state). */
    record NoOp<S>(S state) implements Transition<S> {}

    /** The event is not allowed in this state. */
    record Rejected<S>(S state, Object event) implements Transition<S> {}
}
