package jp.kokin.domain.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TransitionTableTest {

    enum Door { OPEN, CLOSED, LOCKED }

    enum Action { PUSH, PULL, LOCK }

    private static TransitionTable.Builder<Door, Action> aDoor() {
        return TransitionTable.builder(Door.class, Action.class)
                .on(Door.OPEN, Action.PUSH, Door.CLOSED)
                .ignore(Door.CLOSED, Action.PUSH)
                .on(Door.CLOSED, Action.PULL, Door.OPEN)
                .on(Door.CLOSED, Action.LOCK, Door.LOCKED);
    }

    @Test
    void aRowToAnotherStateIsApplied() {
        assertEquals(new Transition.Applied<>(Door.OPEN, Door.CLOSED), aDoor().build().apply(Door.OPEN, Action.PUSH));
    }

    @Test
    void aRowThatStaysInItsStateIsANoOp() {
        assertEquals(new Transition.NoOp<>(Door.CLOSED), aDoor().build().apply(Door.CLOSED, Action.PUSH));
    }

    @Test
    void aMissingRowIsARejectionThatNamesStateAndEvent() {
        TransitionTable<Door, Action> door = aDoor().build();
        assertEquals(new Transition.Rejected<>(Door.OPEN, Action.LOCK), door.apply(Door.OPEN, Action.LOCK));
        assertEquals(new Transition.Rejected<>(Door.LOCKED, Action.PULL), door.apply(Door.LOCKED, Action.PULL),
                "a state with no rows at all rejects everything");
    }

    @Test
    void anOnRowToItsOwnStateIsTheSameAsIgnore() {
        TransitionTable<Door, Action> door = TransitionTable.builder(Door.class, Action.class)
                .on(Door.LOCKED, Action.PUSH, Door.LOCKED).build();
        assertEquals(new Transition.NoOp<>(Door.LOCKED), door.apply(Door.LOCKED, Action.PUSH));
    }

    @Test
    void twoRowsForTheSameStateAndEventAreRefusedWhenBuilding() {
        var conflicting = aDoor().on(Door.OPEN, Action.PUSH, Door.LOCKED);
        var e = assertThrows(IllegalArgumentException.class, conflicting::build);
        assertTrue(e.getMessage().contains("OPEN") && e.getMessage().contains("PUSH"), e.getMessage());
    }

    @Test
    void aRepeatedIdenticalRowIsRefusedToo() {
        assertThrows(IllegalArgumentException.class, () -> aDoor().ignore(Door.CLOSED, Action.PUSH).build());
    }

    @Test
    void theRowsAreKeptInTheOrderWrittenAndCannotBeChanged() {
        TransitionTable<Door, Action> door = aDoor().build();
        assertEquals(List.of(
                new TransitionTable.Row<>(Door.OPEN, Action.PUSH, Door.CLOSED),
                new TransitionTable.Row<>(Door.CLOSED, Action.PUSH, Door.CLOSED),
                new TransitionTable.Row<>(Door.CLOSED, Action.PULL, Door.OPEN),
                new TransitionTable.Row<>(Door.CLOSED, Action.LOCK, Door.LOCKED)), door.rows());
        assertThrows(UnsupportedOperationException.class, () -> door.rows().clear());
    }

    @Test
    void aTableDoesNotChangeWhenItsBuilderIsUsedAgain() {
        var builder = aDoor();
        TransitionTable<Door, Action> door = builder.build();
        builder.on(Door.LOCKED, Action.PULL, Door.CLOSED);
        assertEquals(new Transition.Rejected<>(Door.LOCKED, Action.PULL), door.apply(Door.LOCKED, Action.PULL));
        assertEquals(4, door.rows().size());
    }

    @Test
    void nullStatesAndEventsAreProgrammingErrors() {
        TransitionTable<Door, Action> door = aDoor().build();
        assertThrows(NullPointerException.class, () -> door.apply(null, Action.PUSH));
        assertThrows(NullPointerException.class, () -> door.apply(Door.OPEN, null));
    }
}
