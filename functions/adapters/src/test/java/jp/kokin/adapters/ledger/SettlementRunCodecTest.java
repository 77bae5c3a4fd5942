package jp.kokin.adapters.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.settlement.ProcedureTotal;
import jp.kokin.domain.settlement.RunState;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementLine;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.StoredObject;

/** Runs, statements and claimed lines read back exactly as they were stored. */
class SettlementRunCodecTest {
    private static final SettlementRunId ID = new SettlementRunId(LocalDate.parse("2026-11-30"), 2);
    private static final Instant CREATED = Instant.parse("2026-11-30T16:00:05.123Z");

    static StoredObject object(String name, String type) {
        return new StoredObject("runs/2026-11-30/" + ID + "/" + name, "ab".repeat(32), 1234, type);
    }

    @Test
    void anOpenRunReadsBackWithoutTotalsOrDocuments() {
        SettlementRun open = SettlementRun.open(ID, CREATED, Instant.parse("2026-11-30T15:00:00Z"), LocalDate.parse("2026-12-02"));
        String doc = Json.write(SettlementRunCodec.run(open));
        assertFalse(doc.contains("null"), doc);
        assertEquals(open, SettlementRunCodec.run(Json.parse(doc)));
        assertEquals(open.inState(RunState.SEALED), SettlementRunCodec.run(Json.parse(Json.write(SettlementRunCodec.run(open.inState(RunState.SEALED))))));
    }

    @Test
    void aCompleteRunReadsBackWithItsTotalsAndDocuments() {
        SettlementRun complete = SettlementRun.open(ID, CREATED, Instant.parse("2026-11-30T15:00:00Z"), LocalDate.parse("2026-12-02"))
                .completed(12_345, 9_876_543_210L, 1_800, 7, object("transfer-file.txt", "text/plain; charset=Shift_JIS"),
                        object("run.json", "application/json"), CREATED.plusSeconds(40));
        assertEquals(complete, SettlementRunCodec.run(Json.parse(Json.write(SettlementRunCodec.run(complete)))));

        SettlementRun nothingToTransfer = complete.completed(0, 0, 0, 0, null, object("run.json", "application/json"), CREATED);
        assertEquals(nothingToTransfer, SettlementRunCodec.run(Json.parse(Json.write(SettlementRunCodec.run(nothingToTransfer)))));
    }

    @Test
    void aStatementReadsBackWithItsProceduresAndObjects() {
        RunStatement s = new RunStatement(ID, "131016", "千代田区", 3, 1_050, 1,
                List.of(new ProcedureTotal("juminhyo", "住民票の写し", 2, 600), new ProcedureTotal("koseki", "", 1, 450)),
                object("statements/131016.json", "application/json"), object("statements/131016.csv", "text/csv; charset=utf-8"),
                object("statements/131016.html", "text/html; charset=utf-8"));
        assertEquals(s, SettlementRunCodec.statement(Json.parse(Json.write(SettlementRunCodec.statement(s)))));
    }

    @Test
    void linesAreStoredCompactlyAndReadBackInOrder() {
        List<SettlementLine> lines = List.of(
                new SettlementLine("chk_a", "pay_a_1", Instant.parse("2026-11-30T14:59:59.5Z"), List.of(
                        new SettlementLine.Share("MOFA", "passport", "旅券 \"10年\"", 1, 14_000),
                        new SettlementLine.Share("130001", "passport", "旅券 \"10年\"", 1, 2_000))),
                new SettlementLine("chk_b", "pay_b_2", Instant.parse("2026-11-29T01:00:00Z"), List.of(
                        new SettlementLine.Share("131016", "juminhyo", "", 3, 0))));
        String stored = SettlementRunCodec.lines(lines);
        assertEquals(lines, SettlementRunCodec.lines(stored));
        assertTrue(stored.startsWith("[{\"c\":\"chk_a\",\"p\":\"pay_a_1\",\"t\":\"2026-11-30T14:59:59.500Z\",\"s\":[[\"MOFA\",\"passport\","), stored);
    }
}
