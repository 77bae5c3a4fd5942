package jp.kokin.domain.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import jp.kokin.domain.statemachine.Transition;
import jp.kokin.domain.statemachine.TransitionTable;

/**
 * Every (state, event) pair of both tables against the expected grids below, written from the
 * issue rather than copied from {@link Transitions}. In a cell: a state name is Applied (moves
 * there), {@code =} is NoOp, {@code x} is Rejected.
 */
class TransitionsTest {

    private static final String CHECKOUT_GRID = """
            state     | PAYMENT_STARTED | LAST_ATTEMPT_ENDED | PAYMENT_SUCCEEDED | CANCEL_REQUESTED | EXPIRY_PASSED
            CREATED   | PENDING         | =                  | PAID              | CANCELED         | EXPIRED
            PENDING   | =               | CREATED            | PAID              | x                | EXPIRED
            PAID      | x               | =                  | =                 | x                | =
            EXPIRED   | x               | =                  | PAID              | x                | =
            CANCELED  | x               | =                  | PAID              | x                | =
            """;

    private static final String PAYMENT_GRID = """
            state     | SUCCEEDED | FAILED | CANCELED | EXPIRED
            PENDING   | SUCCEEDED | FAILED | CANCELED | EXPIRED
            SUCCEEDED | =         | x      | x        | x
            FAILED    | SUCCEEDED | =      | =        | =
            CANCELED  | SUCCEEDED | =      | =        | =
            EXPIRED   | SUCCEEDED | =      | =        | =
            """;

    @TestFactory
    List<DynamicTest> everyCheckoutStateAndEventGivesTheDocumentedOutcome() {
        return check(Transitions.CHECKOUT, CHECKOUT_GRID, CheckoutStatus::valueOf, CheckoutEvent::valueOf,
                CheckoutStatus.values().length, CheckoutEvent.values().length);
    }

    @TestFactory
    List<DynamicTest> everyPaymentStatusAndEventGivesTheDocumentedOutcome() {
        return check(Transitions.PAYMENT, PAYMENT_GRID, PaymentStatus::valueOf, PaymentEvent::valueOf,
                PaymentStatus.values().length, PaymentEvent.values().length);
    }

    @Test
    void moneyThatMovedIsNeverRejectedWhateverTheCheckoutStatus() {
        for (CheckoutStatus status : CheckoutStatus.values()) {
            var t = Transitions.CHECKOUT.apply(status, CheckoutEvent.PAYMENT_SUCCEEDED);
            boolean endsPaid = t instanceof Transition.Applied<CheckoutStatus> a ? a.to() == CheckoutStatus.PAID
                    : t instanceof Transition.NoOp<CheckoutStatus> n && n.state() == CheckoutStatus.PAID;
            assertTrue(endsPaid, status + " on PAYMENT_SUCCEEDED gave " + t);
        }
    }

    @Test
    void everyAttemptThatDidNotSucceedCanStillSucceed() {
        for (PaymentStatus status : List.of(PaymentStatus.PENDING, PaymentStatus.FAILED, PaymentStatus.CANCELED, PaymentStatus.EXPIRED)) {
            assertEquals(new Transition.Applied<>(status, PaymentStatus.SUCCEEDED),
                    Transitions.PAYMENT.apply(status, PaymentEvent.SUCCEEDED));
        }
    }

    @Test
    void onlyThePassingOfExpiryLeadsIntoExpired() {
        // EXPIRED is derived from expiresAt (Checkout.statusAt), so nothing else may lead there.
        for (var row : Transitions.CHECKOUT.rows()) {
            if (row.to() == CheckoutStatus.EXPIRED && row.from() != CheckoutStatus.EXPIRED) {
                assertEquals(CheckoutEvent.EXPIRY_PASSED, row.event(), row.toString());
            }
        }
    }

    private static <S extends Enum<S>, E extends Enum<E>> List<DynamicTest> check(
            TransitionTable<S, E> table, String grid, Function<String, S> state, Function<String, E> event,
            int stateCount, int eventCount) {
        List<String[]> lines = grid.lines().map(l -> l.split("\\|")).toList();
        String[] header = lines.getFirst();
        assertEquals(eventCount + 1, header.length, "the grid names every event");
        assertEquals(stateCount + 1, lines.size(), "the grid names every state");
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] line : lines.subList(1, lines.size())) {
            S from = state.apply(line[0].strip());
            for (int column = 1; column < header.length; column++) {
                E on = event.apply(header[column].strip());
                String cell = line[column].strip();
                Transition<S> expected = switch (cell) {
                    case "=" -> new Transition.NoOp<>(from);
                    case "x" -> new Transition.Rejected<>(from, on);
                    default -> new Transition.Applied<>(from, state.apply(cell));
                };
                tests.add(DynamicTest.dynamicTest(from + " on " + on + " is " + cell,
                        () -> assertEquals(expected, table.apply(from, on))));
            }
        }
        return tests;
    }

    @Test
    void theTablesHaveOneRowPerAcceptedCellOfTheGridsAndNoMore() {
        assertEquals(acceptedCells(CHECKOUT_GRID), Transitions.CHECKOUT.rows().size());
        assertEquals(acceptedCells(PAYMENT_GRID), Transitions.PAYMENT.rows().size());
    }

    private static long acceptedCells(String grid) {
        return grid.lines().skip(1)
                .flatMap(l -> java.util.Arrays.stream(l.split("\\|")).skip(1))
                .filter(cell -> !cell.strip().equals("x"))
                .count();
    }
}
