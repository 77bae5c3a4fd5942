package jp.kokin.domain.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettlementRecordsTest {

    private static final Instant PAID = Instant.parse("2026-11-26T01:00:00Z");

    @Test
    void negativeAmountsAndCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SettlementPayment("chk", "pay", -1, PAID));
        assertThrows(IllegalArgumentException.class, () -> new ProcedureTotal("p", "n", -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProcedureTotal("p", "n", 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new CreditorStatement("c", "n", -1, 0, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new CreditorStatement("c", "n", 0, -1, List.of(), List.of()));
    }

    @Test
    void listsAreCopiedSoLaterChangesDoNotLeakIn() {
        List<SettlementPayment> payments = new ArrayList<>(List.of(new SettlementPayment("chk", "pay", 300, PAID)));
        CreditorStatement statement = new CreditorStatement("131016", "千代田区", 1, 300, List.of(), payments);
        payments.clear();
        assertEquals(1, statement.payments().size());
        assertThrows(UnsupportedOperationException.class, () -> statement.payments().clear());

        List<CreditorStatement> statements = new ArrayList<>(List.of(statement));
        Settlement settlement = new Settlement(LocalDate.of(2026, 11, 26), statements);
        statements.clear();
        assertEquals(1, settlement.statements().size());
        assertEquals(300, settlement.totalAmount());
    }

    @Test
    void aMissingNameIsKeptAsEmpty() {
        assertEquals("", new ProcedureTotal("p", null, 0, 0).procedureName());
        assertEquals("", new CreditorStatement("c", null, 0, 0, List.of(), List.of()).creditorName());
    }
}
