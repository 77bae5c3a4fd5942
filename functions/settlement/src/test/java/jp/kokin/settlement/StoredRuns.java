package jp.kokin.settlement;

import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.format.zengin.ZenginWriter;
import jp.kokin.domain.settlement.CreditorStatement;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.InMemoryDocumentStore;
import jp.kokin.domain.settlement.InMemorySettlementRunStore;
import jp.kokin.domain.settlement.ProcedureTotal;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.Settlement;
import jp.kokin.domain.settlement.SettlementCalculator;
import jp.kokin.domain.settlement.SettlementPayment;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.StatementCsv;
import jp.kokin.domain.settlement.StatementHtml;
import jp.kokin.domain.settlement.StatementTotals;
import jp.kokin.domain.settlement.StoredObject;

/**
 * Complete settlement runs stored straight through the ports (create → claim → seal → documents →
 * statements → complete), as the runner stores them, for the API's tests: the runner is not needed
 * to read runs. Documents follow the design's keys and shapes ({@code statements/<c>.json} is the
 * API's statement object).
 */
final class StoredRuns {
    final InMemoryCheckoutRepository checkouts = new InMemoryCheckoutRepository();
    final InMemorySettlementRunStore runs = new InMemorySettlementRunStore(checkouts, 4);
    final InMemoryDocumentStore documents = new InMemoryDocumentStore();
    private final Catalog catalog;

    StoredRuns(Catalog catalog) {
        this.catalog = catalog;
    }

    /** {@code created}, paid by its first attempt at {@code paidAt}, stored: awaiting settlement. */
    Checkout pay(Checkout created, Instant paidAt) {
        Checkout paid = TestCheckouts.paid(created, paidAt);
        checkouts.put(paid);
        return paid;
    }

    /** A complete run of {@code businessDate} over every line awaiting settlement paid before its cutoff. */
    SettlementRun settle(LocalDate businessDate, Instant completedAt) {
        return settle(businessDate, completedAt, completedAt);
    }

    SettlementRun settle(LocalDate businessDate, Instant createdAt, Instant completedAt) {
        return settle(businessDate, createdAt, completedAt, true);
    }

    /** A complete run stored without a transfer file, as a run that transfers nothing is. */
    SettlementRun settleTransferringNothing(LocalDate businessDate, Instant completedAt) {
        return settle(businessDate, completedAt, completedAt, false);
    }

    private SettlementRun settle(LocalDate businessDate, Instant createdAt, Instant completedAt, boolean withTransferFile) {
        return settle(catalog, runs, documents, businessDate, createdAt, completedAt, withTransferFile);
    }

    /**
     * A complete run of {@code businessDate} stored through any run store and document store (the
     * in-memory fakes, or DynamoDB and S3 in ITs): every line of the work list paid before the cutoff.
     */
    static SettlementRun settle(Catalog catalog, SettlementRunStore runs, DocumentStore documents, LocalDate businessDate,
                                Instant createdAt, Instant completedAt, boolean withTransferFile) {
        Instant cutoff = businessDate.plusDays(1).atStartOfDay(JapaneseDates.JST).toInstant();
        SettlementRunId id = new SettlementRunId(businessDate, runs.nextSequence(businessDate));
        SettlementRun run = runs.createRun(SettlementRun.open(id, createdAt, cutoff,
                SettlementCalculator.transferDate(businessDate, catalog.settlement().transferDelayDays()))).orElseThrow();
        List<Checkout> eligible = new ArrayList<>();
        for (int shard = 0; shard < runs.shards(); shard++) {
            String cursor = null;
            do {
                SettlementRunStore.UnsettledPage page = runs.unsettled(shard, cutoff, cursor, 100);
                eligible.addAll(page.checkouts());
                cursor = page.cursor();
            } while (cursor != null);
        }
        eligible.sort(Comparator.comparing(Checkout::paidAt));
        for (int from = 0, batch = 1; from < eligible.size(); batch++) {
            List<Checkout> rest = eligible.subList(from, eligible.size());
            int size = runs.claimSize(rest);
            var outcome = runs.claim(run, "test#" + String.format("%06d", batch), rest.subList(0, size));
            if (!(outcome instanceof SettlementRunStore.ClaimOutcome.Claimed)) {
                throw new IllegalStateException("claim: " + outcome);
            }
            from += size;
        }
        runs.seal(id);
        StatementTotals totals = new StatementTotals(businessDate,
                code -> catalog.organization(code).map(Organization::name).orElse(code));
        Map<String, List<ObjectNode>> paymentJson = new TreeMap<>();
        Map<String, List<SettlementPayment>> payments = new TreeMap<>();
        runs.forEachLine(id, line -> {
            totals.add(line);
            Map<String, Long> byCreditor = new LinkedHashMap<>();
            line.shares().forEach(s -> byCreditor.merge(s.creditor(), s.amount(), Math::addExact));
            byCreditor.forEach((creditor, yen) -> {
                paymentJson.computeIfAbsent(creditor, c -> new ArrayList<>()).add(Json.object()
                        .put("checkoutId", line.checkoutId()).put("paymentId", line.paymentId()).put("amount", yen)
                        .put("paidAt", line.paidAt().toString()).put("deemedDate", line.deemedDate().toString())
                        .put("carriedOver", totals.isCarriedOver(line)));
                payments.computeIfAbsent(creditor, c -> new ArrayList<>())
                        .add(new SettlementPayment(line.checkoutId(), line.paymentId(), yen, line.paidAt()));
            });
        });
        String prefix = "runs/" + businessDate + "/" + id + "/";
        List<RunStatement> statements = new ArrayList<>();
        List<CreditorStatement> forTransfer = new ArrayList<>();
        for (StatementTotals.Creditor c : totals.creditors()) {
            CreditorStatement statement = c.statement(payments.getOrDefault(c.code(), List.of()));
            forTransfer.add(statement);
            ObjectNode json = Json.object().put("creditorCode", c.code()).put("creditorName", c.name()).put("count", c.count())
                    .put("amount", c.amount()).put("carriedOver", c.carriedOver());
            ArrayNode procedures = json.putArray("procedures");
            for (ProcedureTotal p : c.procedures()) {
                procedures.addObject().put("procedureCode", p.procedureCode()).put("procedureName", p.procedureName())
                        .put("count", p.count()).put("amount", p.amount());
            }
            json.putArray("payments").addAll(paymentJson.getOrDefault(c.code(), List.of()));
            StoredObject jsonDoc = put(documents, prefix + "statements/" + c.code() + ".json", "application/json",
                    Json.write(json).getBytes(StandardCharsets.UTF_8));
            StoredObject csv = put(documents, prefix + "statements/" + c.code() + ".csv", "text/csv; charset=utf-8",
                    StatementCsv.render(businessDate, statement));
            StoredObject html = put(documents, prefix + "statements/" + c.code() + ".html", "text/html; charset=utf-8",
                    StatementHtml.render(businessDate, statement).getBytes(StandardCharsets.UTF_8));
            statements.add(new RunStatement(id, c.code(), c.name(), c.count(), c.amount(), c.carriedOver(), c.procedures(),
                    jsonDoc, csv, html));
        }
        var transfers = SettlementCalculator.transferFile(new Settlement(businessDate, forTransfer), catalog);
        StoredObject transferFile = transfers.transfers().isEmpty() || !withTransferFile ? null
                : put(documents, prefix + "transfer-file.txt", "text/plain; charset=Shift_JIS", ZenginWriter.write(transfers, true));
        StoredObject runDocument = put(documents, prefix + "run.json", "application/json",
                Json.write(Json.object().put("id", id.toString())).getBytes(StandardCharsets.UTF_8));
        runs.putStatements(statements);
        return runs.complete(runs.run(id).orElseThrow().completed(totals.count(), totals.amount(), totals.creditors().size(),
                totals.carriedOver(), transferFile, runDocument, completedAt));
    }

    private static StoredObject put(DocumentStore documents, String key, String contentType, byte[] bytes) {
        return documents.put(key, contentType, (OutputStream out) -> out.write(bytes));
    }

    /** A run store that fails the test on any call: proves an answer was given without reading. */
    static SettlementRunStore unreadable() {
        return (SettlementRunStore) Proxy.newProxyInstance(StoredRuns.class.getClassLoader(),
                new Class<?>[] {SettlementRunStore.class}, (proxy, method, args) -> {
                    throw new AssertionError("the run store was read: " + method.getName());
                });
    }

    /** A document store that fails the test on any call. */
    static DocumentStore untouchable() {
        return (DocumentStore) Proxy.newProxyInstance(StoredRuns.class.getClassLoader(),
                new Class<?>[] {DocumentStore.class}, (proxy, method, args) -> {
                    throw new AssertionError("the document store was used: " + method.getName());
                });
    }

}
