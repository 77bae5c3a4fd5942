package jp.kokin.settlement.run;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.format.zengin.TransferFile;
import jp.kokin.domain.format.zengin.ZenginReader;
import jp.kokin.domain.format.zengin.ZenginWriter;
import jp.kokin.domain.settlement.CreditorStatement;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.RunState;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementCalculator;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.StatementCsv;
import jp.kokin.domain.settlement.StatementHeader;
import jp.kokin.domain.settlement.StatementHtml;
import jp.kokin.domain.settlement.StatementTotals;
import jp.kokin.domain.settlement.StoredObject;

/**
 * Finishes a sealed run: one pass over its stored lines gives the totals and a spill of each
 * creditor's payments; then each creditor's statement (JSON, CSV, HTML) is streamed to the document
 * store, then the transfer file from the totals, the run document, the statements' records and the
 * completion. Every byte comes from the stored lines, so a roll-forward that repeats a step writes
 * the same bytes. A sealed run with no lines is abandoned.
 */
final class RunDocuments {
    static final String JSON = "application/json";
    static final String CSV = "text/csv; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    static final String ZENGIN = "text/plain; charset=Shift_JIS";
    /** Output buffer per document written (the document store streams it on). */
    private static final int BUFFER_BYTES = 64 * 1024;

    private final SettlementRunStore store;
    private final DocumentStore documents;
    private final Clock clock;

    RunDocuments(SettlementRunStore store, DocumentStore documents, Clock clock) {
        this.store = store;
        this.documents = documents;
        this.clock = clock;
    }

    /** Where a run's objects live: {@code runs/YYYY-MM-DD/<runId>/}. */
    static String prefix(SettlementRun run) {
        return "runs/" + run.businessDate() + "/" + run.id() + "/";
    }

    /** The run complete, or empty when it claimed nothing and was abandoned. */
    Optional<SettlementRun> finish(SettlementRun sealed, Catalog catalog) {
        if (sealed.state() == RunState.COMPLETE) {
            return Optional.of(sealed);
        }
        if (sealed.state() != RunState.SEALED) {
            throw new IllegalStateException("run " + sealed.id() + " is " + sealed.state().wire() + ", not sealed");
        }
        StatementTotals totals = new StatementTotals(sealed.businessDate(),
                code -> catalog.organization(code).map(Organization::name).orElse(code));
        try (LineSpill spill = LineSpill.create()) {
            store.forEachLine(sealed.id(), line -> {
                totals.add(line);
                spill.add(line);
            });
            spill.finish();
            if (totals.count() == 0) {
                store.abandon(sealed.id());
                return Optional.empty();
            }
            String prefix = prefix(sealed);
            List<RunStatement> statements = new ArrayList<>();
            List<CreditorStatement> forTransfer = new ArrayList<>();
            for (StatementTotals.Creditor c : totals.creditors()) {
                StatementHeader header = StatementHeader.of(c);
                String base = prefix + "statements/" + c.code();
                StoredObject json = put(base + ".json", JSON,
                        out -> RunJson.statement(sealed.businessDate(), header, spill.payments(c.code()), out));
                StoredObject csv = put(base + ".csv", CSV,
                        out -> StatementCsv.write(sealed.businessDate(), header, spill.payments(c.code()), out));
                StoredObject html = put(base + ".html", HTML,
                        out -> StatementHtml.write(sealed.businessDate(), c, spill.payments(c.code()), out));
                statements.add(new RunStatement(sealed.id(), c.code(), c.name(), c.count(), c.amount(), c.carriedOver(),
                        c.procedures(), json, csv, html));
                forTransfer.add(c.statement(List.of()));
            }
            StoredObject transferFile = transferFile(sealed, forTransfer, catalog);
            StoredObject document = put(prefix + "run.json", JSON, out -> RunJson.run(sealed, totals.count(),
                    totals.amount(), totals.carriedOver(), transferFile, statements, out));
            store.putStatements(statements);
            return Optional.of(store.complete(sealed.completed(totals.count(), totals.amount(), statements.size(),
                    totals.carriedOver(), transferFile, document, clock.instant())));
        }
    }

    /**
     * The Zengin file of the creditors with money (none → no file: a bank takes no empty 総合振込),
     * read back by the validating reader before it is stored.
     */
    private StoredObject transferFile(SettlementRun run, List<CreditorStatement> statements, Catalog catalog) {
        TransferFile file = SettlementCalculator.transferFile(run.transferDate(), statements, catalog);
        if (file.transfers().isEmpty()) {
            return null;
        }
        byte[] bytes = ZenginWriter.write(file, true);
        ZenginReader.read(bytes);
        return documents.put(prefix(run) + "transfer-file.txt", ZENGIN, out -> out.write(bytes));
    }

    private StoredObject put(String key, String contentType, DocumentStore.Body body) {
        return documents.put(key, contentType, out -> {
            OutputStream buffered = new BufferedOutputStream(out, BUFFER_BYTES);
            body.writeTo(buffered);
            buffered.flush();
        });
    }

}
