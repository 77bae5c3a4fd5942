package jp.kokin.settlement.run;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Clock;
import java.util.ArrayList;
import java.time.MonthDay;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.BankAccount;
import jp.kokin.domain.catalog.SettlementSettings;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.format.zengin.Header;
import jp.kokin.domain.format.zengin.Transfer;
import jp.kokin.domain.refund.Refund;
import jp.kokin.domain.refund.RefundEvent;
import jp.kokin.domain.refund.RefundStatus;
import jp.kokin.domain.refund.RefundTransitions;
import jp.kokin.domain.settlement.RefundClaim;
import jp.kokin.domain.settlement.RefundTransfers;
import jp.kokin.domain.settlement.RepaymentItem;
import jp.kokin.domain.settlement.RepaymentRequest;
import jp.kokin.domain.statemachine.Transition;

import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.catalog.RevenueItem;
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
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInAudit;
import jp.kokin.domain.settlement.treasury.PayInLine;
import jp.kokin.domain.settlement.treasury.PayInSchedule;
import jp.kokin.domain.settlement.treasury.PayInSlip;
import jp.kokin.domain.settlement.treasury.PayInStatus;
import jp.kokin.domain.settlement.treasury.PayInStore;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.catalog.TreasurySettings;
import jp.kokin.domain.refund.Principals;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.function.Predicate;

/**
 * Finishes a sealed run: one pass over its stored lines gives the totals and a spill of each
 * creditor's payments; then each creditor's statement (JSON, CSV, HTML) is streamed to the document
 * store, then the transfer file from the totals, the run document, the statements' records and the
 * completion. Every byte comes from the stored lines, so a roll-forward that repeats a step writes
 * the same bytes. Refunds the run claimed add the repayment requests (返還請求) of their creditors (or
 * net against their transfers), the refund transfer file, and mark the refunds it pays succeeded just
 * before completion. A sealed run with no lines and no refunds is abandoned.
 *
 * <p>The shares of treasury creditors (the catalog's {@code treasury} block) are in no statement and no
 * transfer: the same pass groups them into pay-ins (国庫納付, {@link PayInSpill}), whose documents are
 * streamed before {@code run.json} and which are created (if absent) in the {@link PayInStore} after it.
 * Before anything is written, the pay-ins an earlier invocation created for the run must be those computed
 * now (the catalog may have changed since): else {@link PayInsChangedException} and nothing is written.
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
    private final PayInStore payIns;
    private final Clock clock;

    RunDocuments(SettlementRunStore store, DocumentStore documents, PayInStore payIns, Clock clock) {
        this.store = store;
        this.documents = documents;
        this.payIns = payIns;
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
        if (sealed.state() == RunState.ABANDONED) {
            return Optional.empty();
        }
        // Another invocation may have completed it since this one read it: a complete run's objects
        // are never written again (the catalog, which names and accounts come from, may have changed).
        Optional<SettlementRun> now = store.run(sealed.id());
        if (now.isPresent() && now.get().state() == RunState.COMPLETE) {
            return now;
        }
        if (now.isPresent() && now.get().state() == RunState.ABANDONED) {
            return Optional.empty();
        }
        if (sealed.state() != RunState.SEALED) {
            throw new IllegalStateException("run " + sealed.id() + " is " + sealed.state().wire() + ", not sealed");
        }
        // A run's refund claims are few beside its lines (refunds after settlement and bank transfers):
        // held in memory, ~300 bytes each.
        List<RefundClaim> refunds = new ArrayList<>();
        store.forEachRefundClaim(sealed.id(), refunds::add);
        try (LineSpill spill = LineSpill.create(); PayInSpill national = new PayInSpill(catalog)) {
            // Treasury creditors' shares go to pay-ins: no statement, no transfer.
            Predicate<String> stated = code -> !national.isTreasury(code);
            StatementTotals totals = new StatementTotals(sealed.businessDate(),
                    code -> catalog.organization(code).map(Organization::name).orElse(code), stated);
            store.forEachLine(sealed.id(), line -> {
                totals.add(line);
                spill.add(line, stated);
                national.add(line);
            });
            spill.finish();
            national.finish();
            // The pay-ins as computed now, before anything of the run is written: a roll-forward must find
            // the ones an earlier invocation created unchanged, or it would pay a national line twice.
            List<PayIn> drafts = payInDrafts(sealed, national, catalog);
            checkStoredPayIns(sealed, national, catalog, drafts);
            if (totals.count() == 0 && refunds.isEmpty()) {
                store.abandon(sealed.id());
                return Optional.empty();
            }
            Map<String, List<RepaymentItem>> netted = new TreeMap<>();
            Map<String, List<RepaymentItem>> requested = new TreeMap<>();
            repayments(refunds, totals, catalog, netted, requested);
            String prefix = prefix(sealed);
            List<RunStatement> statements = new ArrayList<>();
            List<CreditorStatement> forTransfer = new ArrayList<>();
            for (StatementTotals.Creditor c : totals.creditors()) {
                StatementHeader header = StatementHeader.of(c);
                List<RepaymentItem> nettedHere = netted.getOrDefault(c.code(), List.of());
                String base = prefix + "statements/" + c.code();
                StoredObject json = put(base + ".json", JSON,
                        out -> RunJson.statement(sealed.businessDate(), header, spill.payments(c.code()), nettedHere, out));
                StoredObject csv = put(base + ".csv", CSV,
                        out -> StatementCsv.write(sealed.businessDate(), header, spill.payments(c.code()), nettedHere, out));
                StoredObject html = put(base + ".html", HTML,
                        out -> StatementHtml.write(sealed.businessDate(), header, spill.payments(c.code()), nettedHere, out));
                statements.add(new RunStatement(sealed.id(), c.code(), c.name(), c.count(), c.amount(), c.carriedOver(),
                        c.procedures(), json, csv, html, c.refunded(), c.netted()));
                forTransfer.add(c.statement(List.of()));
            }
            List<RepaymentRequest> repaymentRequests = new ArrayList<>();
            for (Map.Entry<String, List<RepaymentItem>> e : requested.entrySet()) {
                String code = e.getKey();
                List<RepaymentItem> rows = e.getValue();
                String name = catalog.organization(code).map(Organization::name).orElse(code);
                String base = prefix + "repayments/" + code;
                String runId = sealed.id().toString();
                StoredObject json = put(base + ".json", JSON,
                        out -> RunJson.repaymentRequest(sealed.businessDate(), runId, code, name, rows, out));
                StoredObject csv = put(base + ".csv", CSV,
                        out -> StatementCsv.writeRepaymentRequest(sealed.businessDate(), runId, code, name, rows, out));
                StoredObject html = put(base + ".html", HTML,
                        out -> StatementHtml.writeRepaymentRequest(sealed.businessDate(), runId, code, name, rows, out));
                repaymentRequests.add(new RepaymentRequest(sealed.id(), code, name, rows.size(),
                        rows.stream().mapToLong(RepaymentItem::amount).sum(), json, csv, html));
            }
            List<PayIn> runPayIns = payInDocuments(sealed, national, catalog, drafts, this::put);
            StoredObject transferFile = transferFile(sealed, forTransfer, catalog);
            RefundTransfers refundTransfers = refundTransferFile(sealed, refunds, catalog);
            StoredObject document = put(prefix + "run.json", JSON, out -> RunJson.run(sealed, totals.count(),
                    totals.amount(), totals.carriedOver(), transferFile, statements, repaymentRequests, refundTransfers,
                    runPayIns, out));
            for (PayIn p : runPayIns) {
                if (payIns.create(p)) {
                    Log.info("treasury.payin_created", "runId", sealed.id(), "payinId", p.id(), "amount", p.amount(),
                            "dueDate", p.dueDate());
                    afterCutoff(p, catalog.treasury());
                } else {
                    sameDocuments(sealed, p);
                }
            }
            store.putStatements(statements);
            store.putRepaymentRequests(repaymentRequests);
            if (refundTransfers != null) {
                store.putRefundTransfers(refundTransfers);
            }
            transfersPaid(sealed, refunds);
            return Optional.of(store.complete(sealed.completed(totals.count(), totals.amount(), statements.size(),
                    totals.carriedOver(), transferFile, document, clock.instant())));
        }
    }

    /**
     * The run's pay-ins (国庫納付) without their documents, one per group of {@code national} in pay-in
     * order: every field from the stored lines and the catalog's treasury block, and the pay-in created as
     * of the run's creation (so a roll-forward computes the same pay-ins; the store keeps the first).
     */
    private static List<PayIn> payInDrafts(SettlementRun run, PayInSpill national, Catalog catalog) {
        List<PayInSpill.Group> groups = national.groups();
        if (groups.isEmpty()) {
            return List.of();
        }
        String runId = run.id().toString();
        Instant createdAt = run.createdAt();
        TreasurySettings settings = catalog.treasury();
        List<PayIn> drafts = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            PayInSpill.Group g = groups.get(i);
            Treasury t = g.treasury;
            boolean closed = PayInSchedule.closedYear(g.fiscalYear, run.businessDate());
            LocalDate due = PayInSchedule.dueDate(t, settings, run.businessDate(), g.fiscalYear);
            String id = PayIn.idOf(runId, i + 1);
            drafts.add(new PayIn(id, runId, run.businessDate(), g.organizationCode, t.ministryCode(), t.ministryName(),
                    t.account(), t.officerCode(), t.officerName(), g.fiscalYear, g.revenueItem, g.amount, g.count, due,
                    closed, PayInStatus.DUE, createdAt, null, null,
                    List.of(new PayInAudit("created", Principals.SYSTEM, createdAt, "settlement run " + runId)),
                    Map.of(), 1));
        }
        return drafts;
    }

    /** Where a document goes: the document store, or only a digest of its bytes. */
    @FunctionalInterface
    interface Sink {
        StoredObject put(String key, String contentType, DocumentStore.Body body);
    }

    /**
     * {@code drafts} with their four documents streamed to {@code sink} under
     * {@code runs/YYYY-MM-DD/<runId>/payins/<payinId>.<name>}: every byte from the stored lines and the
     * catalog's treasury block (so a roll-forward writes the same bytes).
     */
    private static List<PayIn> payInDocuments(SettlementRun run, PayInSpill national, Catalog catalog, List<PayIn> drafts,
                                              Sink sink) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        List<PayInSpill.Group> groups = national.groups();
        TreasurySettings settings = catalog.treasury();
        String base = prefix(run) + "payins/";
        Map<String, Map<String, StoredObject>> stored = new HashMap<>();
        drafts.forEach(p -> stored.put(p.id(), new HashMap<>()));
        // Each kind of document streams every group's lines once, group by group.
        PayInSpill.PeekingIterator merged = new PayInSpill.PeekingIterator(national.lines());
        for (int i = 0; i < drafts.size(); i++) {
            PayIn p = drafts.get(i);
            Iterator<PayInLine> lines = PayInSpill.linesOf(groups.get(i), merged);
            stored.get(p.id()).put("lines.json", sink.put(base + p.id() + ".lines.json", JSON, out -> RunJson.payInLines(p, lines, out)));
        }
        merged = new PayInSpill.PeekingIterator(national.lines());
        for (int i = 0; i < drafts.size(); i++) {
            PayIn p = drafts.get(i);
            PayInSlip slip = new PayInSlip(p, settings.agentName(), groups.get(i).treasury.payEasyInstitutionNumber());
            Iterator<PayInLine> lines = PayInSpill.linesOf(groups.get(i), merged);
            stored.get(p.id()).put("slip.csv", sink.put(base + p.id() + ".slip.csv", CSV, out -> slip.writeCsv(lines, out)));
            stored.get(p.id()).put("slip.html", sink.put(base + p.id() + ".slip.html", HTML, slip::writeHtml));
            stored.get(p.id()).put("slip.json", sink.put(base + p.id() + ".slip.json", JSON, out -> RunJson.payInSlip(slip, out)));
        }
        List<PayIn> payIns = new ArrayList<>();
        for (PayIn p : drafts) {
            payIns.add(p.withDocuments(stored.get(p.id())));
        }
        return payIns;
    }

    /**
     * What a pay-in says besides its id, run and documents, as the run computes it: a roll-forward finds a
     * stored pay-in of its run with other terms only when the catalog changed since it was created.
     */
    record PayInTerms(String organizationCode, int fiscalYear, RevenueItem revenueItem, long amount, int count,
                      String ministryCode, String ministryName, String account, String officerCode, String officerName,
                      LocalDate dueDate, boolean closedYear) {
        static PayInTerms of(PayIn p) {
            return new PayInTerms(p.organizationCode(), p.fiscalYear(), p.revenueItem(), p.amount(), p.count(),
                    p.ministryCode(), p.ministryName(), p.account(), p.officerCode(), p.officerName(), p.dueDate(),
                    p.closedYear());
        }
    }

    /**
     * Before anything of the run is written: the pay-ins an earlier invocation already created for this run
     * (a crash after their creation) must be those computed now, same terms and same documents' bytes, or
     * the roll-forward would pay national lines twice (a creditor that lost its {@code treasury} block is in
     * the Zengin file now while its pay-in stays due) or under another place's id. They are created in place
     * order, so the stored ones are the first of those computed (the rest were not reached). Any difference
     * throws {@link PayInsChangedException} (ERROR {@code settlement.payins_changed}): the run stays sealed
     * until the catalog is restored.
     */
    private void checkStoredPayIns(SettlementRun run, PayInSpill national, Catalog catalog, List<PayIn> drafts) {
        String runId = run.id().toString();
        List<PayIn> stored = payIns.byBusinessDate(run.businessDate()).stream().filter(p -> runId.equals(p.runId()))
                .sorted(java.util.Comparator.comparing(PayIn::id)).toList();
        if (stored.isEmpty()) {
            return;
        }
        Map<String, PayIn> computed = new TreeMap<>();
        drafts.forEach(p -> computed.put(p.id(), p));
        List<String> differences = new ArrayList<>();
        String lastStored = stored.getLast().id();
        for (PayIn p : drafts) {
            if (p.id().compareTo(lastStored) < 0 && stored.stream().noneMatch(s -> s.id().equals(p.id()))) {
                differences.add(p.id() + " is computed now (" + PayInTerms.of(p) + ") but was not created");
            }
        }
        List<PayIn> same = new ArrayList<>();
        for (PayIn s : stored) {
            PayIn p = computed.get(s.id());
            if (p == null) {
                differences.add(s.id() + " was created (" + PayInTerms.of(s) + ") but is not computed now");
            } else if (!PayInTerms.of(s).equals(PayInTerms.of(p))) {
                differences.add(s.id() + " was created as " + PayInTerms.of(s) + " but is computed now as " + PayInTerms.of(p));
            } else {
                same.add(p);
            }
        }
        if (differences.isEmpty() && !same.isEmpty()) {
            // Their documents' bytes, digested only (nothing written): the slip also shows what no term holds.
            Map<String, PayIn> byId = new HashMap<>();
            stored.forEach(s -> byId.put(s.id(), s));
            for (PayIn p : payInDocuments(run, national, catalog, drafts, RunDocuments::digest)) {
                PayIn s = byId.get(p.id());
                if (s != null) {
                    documentDifference(s, p).ifPresent(differences::add);
                }
            }
        }
        if (!differences.isEmpty()) {
            throw payInsChanged(run, differences);
        }
    }

    /** After {@code create} found {@code p} stored: the stored pay-in must have the documents just written. */
    private void sameDocuments(SettlementRun run, PayIn p) {
        PayIn s = payIns.find(p.id()).orElseThrow(() -> new IllegalStateException("pay-in " + p.id() + " was not created, yet is not stored"));
        List<String> differences = new ArrayList<>();
        if (!s.runId().equals(p.runId()) || !PayInTerms.of(s).equals(PayInTerms.of(p))) {
            differences.add(s.id() + " was created as " + PayInTerms.of(s) + " but is computed now as " + PayInTerms.of(p));
        }
        documentDifference(s, p).ifPresent(differences::add);
        if (!differences.isEmpty()) {
            throw payInsChanged(run, differences);
        }
    }

    private static Optional<String> documentDifference(PayIn stored, PayIn computed) {
        List<String> names = new ArrayList<>();
        java.util.Set<String> all = new java.util.TreeSet<>(stored.documents().keySet());
        all.addAll(computed.documents().keySet());
        for (String name : all) {
            StoredObject a = stored.documents().get(name);
            StoredObject b = computed.documents().get(name);
            if (a == null || b == null || !a.sha256().equals(b.sha256())) {
                names.add(name + " (sha256 " + (a == null ? "none" : a.sha256()) + " created, "
                        + (b == null ? "none" : b.sha256()) + " now)");
            }
        }
        return names.isEmpty() ? Optional.empty()
                : Optional.of(stored.id() + " has other documents now: " + String.join(", ", names));
    }

    private static PayInsChangedException payInsChanged(SettlementRun run, List<String> differences) {
        String message = "run " + run.id() + ": the catalog changed since the run's pay-ins were created; restore it"
                + " (treasury blocks, revenue items, treasury settings) for the run to be rolled forward — "
                + String.join("; ", differences);
        Log.error("settlement.payins_changed", null, "runId", run.id(), "businessDate", run.businessDate(),
                "differences", differences.size(), "detail", String.join("; ", differences));
        return new PayInsChangedException(message);
    }

    /**
     * A closed year's pay-in created after its cutoff (出納整理期限): a late line of fiscal year FY settled
     * after May 31 of FY + 1. It is due on the cutoff, before the run made it: still made (the money is
     * owed to the treasury and the ministry must be told), with an ERROR {@code treasury.payin_after_cutoff}.
     */
    private static void afterCutoff(PayIn p, TreasurySettings settings) {
        if (!p.closedYear()) {
            return;
        }
        LocalDate cutoff = PayInSchedule.cutoff(settings, p.fiscalYear());
        if (p.businessDate().isAfter(cutoff)) {
            Log.error("treasury.payin_after_cutoff", null, "payinId", p.id(), "organizationCode", p.organizationCode(),
                    "fiscalYear", p.fiscalYear(), "amount", p.amount(), "dueDate", p.dueDate(), "cutoff", cutoff);
        }
    }

    /** A document's SHA-256 and size, as the document store would record them, without storing it. */
    private static StoredObject digest(String key, String contentType, DocumentStore.Body body) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long[] bytes = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                sha.update((byte) b);
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sha.update(b, off, len);
                bytes[0] += len;
            }
        };
        try {
            OutputStream buffered = new BufferedOutputStream(counting, BUFFER_BYTES);
            body.writeTo(buffered);
            buffered.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StoredObject(key, HexFormat.of().formatHex(sha.digest()), bytes[0], contentType);
    }

    /**
     * Sorts the fee lines of the refunds claimed after their lines were settled into those netted
     * against the same creditor's transfer in this run and those requested back (返還請求). A creditor
     * whose organization nets ({@code RefundPolicy.netAfterSettlement}) has a row netted when its lines
     * in this run of the row's fiscal year still cover it, whole; rows are taken in refund-id order.
     * Never across creditors or fiscal years; what does not fit stays requested. A treasury creditor is
     * never netted (its revenue is paid into the treasury whole; the ministry repays): requested always.
     */
    static void repayments(List<RefundClaim> refunds, StatementTotals totals, Catalog catalog,
                           Map<String, List<RepaymentItem>> netted, Map<String, List<RepaymentItem>> requested) {
        List<RepaymentItem> rows = refunds.stream().flatMap(c -> RepaymentItem.of(c).stream())
                .sorted(RepaymentItem.ORDER).toList();
        for (RepaymentItem row : rows) {
            boolean nets = catalog.organization(row.creditor())
                    .map(o -> !o.paidIntoTreasury() && o.refunds().netAfterSettlement()).orElse(false)
                    && totals.net(row.creditor(), row.fiscalYear(), row.amount());
            (nets ? netted : requested).computeIfAbsent(row.creditor(), k -> new ArrayList<>()).add(row);
        }
    }

    /**
     * The refund transfer file (総合振込) of the refunds this run pays by bank transfer: from the
     * platform's account to each payer's, dated the run's transfer date, in refund-id order, read back by
     * the validating reader first. {@code null} when it pays none.
     */
    private RefundTransfers refundTransferFile(SettlementRun run, List<RefundClaim> refunds, Catalog catalog) {
        List<RefundClaim> paid = refunds.stream().filter(r -> r.payee() != null)
                .sorted(java.util.Comparator.comparing(RefundClaim::refundId)).toList();
        if (paid.isEmpty()) {
            return null;
        }
        SettlementSettings s = catalog.settlement();
        BankAccount from = s.account();
        Header header = new Header(s.requesterCode(), s.requesterKana(), MonthDay.from(run.transferDate()), from.bankCode(),
                from.bankName(), from.branchCode(), from.branchName(), from.accountType(), from.accountNumber());
        List<Transfer> transfers = new ArrayList<>();
        for (RefundClaim r : paid) {
            BankAccount to = r.payee();
            transfers.add(new Transfer(to.bankCode(), to.bankName(), to.branchCode(), to.branchName(), to.accountType(),
                    to.accountNumber(), to.holderKana(), r.transferAmount(), "", ""));
        }
        byte[] bytes = ZenginWriter.write(new TransferFile(header, transfers), true);
        ZenginReader.read(bytes);
        StoredObject file = documents.put(prefix(run) + "refund-transfer-file.txt", ZENGIN, out -> out.write(bytes));
        return new RefundTransfers(run.id(), paid.size(), paid.stream().mapToLong(RefundClaim::transferAmount).sum(), file);
    }

    /** Optimistic writes of one checkout before the run gives up marking its transfer paid (the next roll-forward would not: see below). */
    static final int MAX_RELEASE_ATTEMPTS = 25;

    /**
     * Each refund this run's refund transfer file pays becomes {@code succeeded} ({@link RefundEvent#TRANSFER_PAID}
     * through {@link RefundTransitions}): after every document of the run is stored, just before the run
     * completes. A crash in between is finished by the roll-forward (a repeat is a no-op: succeeded
     * ignores TRANSFER_PAID); the janitor then numbers the refund and notifies the portal.
     */
    private void transfersPaid(SettlementRun run, List<RefundClaim> refunds) {
        String runId = run.id().toString();
        for (RefundClaim claim : refunds) {
            if (claim.payee() == null) {
                continue;
            }
            for (int attempt = 1; ; attempt++) {
                Checkout checkout = store.checkout(claim.checkoutId()).orElseThrow(() ->
                        new IllegalStateException("checkout " + claim.checkoutId() + " of refund " + claim.refundId() + " is gone"));
                Refund refund = checkout.refund(claim.refundId()).orElseThrow(() ->
                        new IllegalStateException("refund " + claim.refundId() + " is gone"));
                if (refund.bankTransfer() == null || !runId.equals(refund.bankTransfer().transferRunId())) {
                    throw new IllegalStateException("refund " + claim.refundId() + " is not paid by " + runId);
                }
                Transition<RefundStatus> t = RefundTransitions.TABLE.apply(refund.status(), RefundEvent.TRANSFER_PAID);
                if (!(t instanceof Transition.Applied<RefundStatus> applied)) {
                    if (t instanceof Transition.Rejected<RefundStatus>) {
                        Log.warn("settlement.refund_transfer_unexpected", "runId", runId, "refundId", refund.id(),
                                "status", refund.status().wire());
                    }
                    break;
                }
                Checkout next = checkout.withRefund(refund.answered(applied.to(), null, null, clock.instant()));
                if (store.updateCheckout(next).isPresent()) {
                    Log.info("settlement.refund_transfer_paid", "runId", runId, "refundId", refund.id());
                    break;
                }
                if (attempt >= MAX_RELEASE_ATTEMPTS) {
                    throw new IllegalStateException("checkout " + checkout.id() + " kept changing while marking refund "
                            + refund.id() + " paid; the next invocation rolls the run forward again");
                }
            }
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
