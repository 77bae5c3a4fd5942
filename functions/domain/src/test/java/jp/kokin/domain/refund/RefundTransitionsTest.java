package jp.kokin.domain.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import jp.kokin.domain.statemachine.Transition;

/**
 * Every (status, event) pair of {@link RefundTransitions#TABLE} against the grid below, written
 * from the issue ("requested → approved → submitted → succeeded | failed; rejected from requested;
 * bank_transfer_required when the provider cannot refund", repeats are no-ops) and drawn the same
 * way in the README. In a cell: a status is Applied (moves there), {@code =} is NoOp, {@code x} is
 * Rejected.
 */
class RefundTransitionsTest {

    static final String GRID = """
            status                 | APPROVED | REJECTED | SUBMITTED | PROVIDER_SUCCEEDED | PROVIDER_FAILED | PROVIDER_CANNOT_REFUND | TRANSFER_PAID
            REQUESTED              | APPROVED | REJECTED | x         | x                  | x               | x                      | x
            APPROVED               | =        | x        | SUBMITTED | SUCCEEDED          | FAILED          | BANK_TRANSFER_REQUIRED | x
            SUBMITTED              | x        | x        | =         | SUCCEEDED          | FAILED          | BANK_TRANSFER_REQUIRED | x
            SUCCEEDED              | x        | x        | x         | =                  | x               | x                      | =
            FAILED                 | x        | x        | x         | x                  | =               | x                      | x
            REJECTED               | x        | =        | x         | x                  | x               | x                      | x
            BANK_TRANSFER_REQUIRED | x        | x        | x         | x                  | x               | =                      | SUCCEEDED
            """;

    @TestFactory
    List<DynamicTest> everyRefundStatusAndEventGivesTheDocumentedOutcome() {
        List<String[]> lines = GRID.lines().map(l -> l.split("\\|")).toList();
        String[] header = lines.getFirst();
        assertEquals(RefundEvent.values().length + 1, header.length, "the grid names every event");
        assertEquals(RefundStatus.values().length + 1, lines.size(), "the grid names every status");
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] line : lines.subList(1, lines.size())) {
            RefundStatus from = RefundStatus.valueOf(line[0].strip());
            for (int column = 1; column < header.length; column++) {
                RefundEvent on = RefundEvent.valueOf(header[column].strip());
                String cell = line[column].strip();
                Transition<RefundStatus> expected = switch (cell) {
                    case "=" -> new Transition.NoOp<>(from);
                    case "x" -> new Transition.Rejected<>(from, on);
                    default -> new Transition.Applied<>(from, RefundStatus.valueOf(cell));
                };
                tests.add(DynamicTest.dynamicTest(from + " on " + on + " is " + cell,
                        () -> assertEquals(expected, RefundTransitions.TABLE.apply(from, on))));
            }
        }
        return tests;
    }

    @Test
    void theTableHasOneRowPerAcceptedCellOfTheGridAndNoMore() {
        long accepted = GRID.lines().skip(1).flatMap(l -> Arrays.stream(l.split("\\|")).skip(1))
                .filter(cell -> !cell.strip().equals("x")).count();
        assertEquals(accepted, RefundTransitions.TABLE.rows().size());
    }

    @Test
    void onceTheMoneyWentBackNothingTakesItBack() {
        for (RefundEvent event : RefundEvent.values()) {
            var t = RefundTransitions.TABLE.apply(RefundStatus.SUCCEEDED, event);
            assertFalse(t instanceof Transition.Applied<RefundStatus>, "succeeded on " + event + " gave " + t);
        }
    }

    @Test
    void onlyASecondPersonsDecisionLeavesRequested() {
        for (RefundEvent event : RefundEvent.values()) {
            if (event != RefundEvent.APPROVED && event != RefundEvent.REJECTED) {
                assertInstanceOf(Transition.Rejected.class, RefundTransitions.TABLE.apply(RefundStatus.REQUESTED, event),
                        "requested on " + event + ": a provider outcome before any approval");
            }
        }
    }

    @Test
    void finalStatusesMoveNowhere() {
        for (RefundStatus status : RefundStatus.values()) {
            if (status.isFinal()) {
                for (RefundEvent event : RefundEvent.values()) {
                    assertFalse(RefundTransitions.TABLE.apply(status, event) instanceof Transition.Applied<RefundStatus>,
                            status + " on " + event);
                }
            }
        }
    }
}
