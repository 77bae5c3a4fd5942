package jp.kokin.settlement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.format.FormatException;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.format.OrganizationCode;
import jp.kokin.domain.settlement.CheckedDocuments;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.ProcedureTotal;
import jp.kokin.domain.settlement.RefundTransfers;
import jp.kokin.domain.settlement.RepaymentRequest;
import jp.kokin.domain.settlement.RunState;
import jp.kokin.domain.settlement.RunStatement;
import jp.kokin.domain.settlement.SettlementLine;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunId;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.StatementTotals;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.console.ReleaseRun;
import jp.kokin.domain.console.RunReleases;
import jp.kokin.settlement.SettlementApiWiring.Limits;

/**
 * What the operators' settlement API reads: complete settlement runs and their documents, a date's
 * statements over its runs, and the provisional view of a date before any run. Every answer is
 * limited to what the key may see (a scoped operator: its creditors; the transfer file: {@code *}
 * keys only). Documents are checked against the SHA-256 DynamoDB keeps before a byte is served.
 */
final class SettlementViews {
    /**
     * Largest document served in the response body. A Lambda response is at most 6 MB
     * (6,291,456 bytes) and a binary body is base64 (4/3): 4 MiB is 5,592,408 bytes encoded, which
     * leaves room for the headers and the JSON envelope API Gateway wraps it in. Larger documents
     * are a {@code 303} to a presigned URL.
     */
    static final long MAX_INLINE_BYTES = 4L * 1024 * 1024;
    /**
     * Statement JSON documents listed with their payments in one answer while their total size is
     * at most this (else the statements come without {@code payments}): the answer repeats them,
     * and a Lambda response is at most 6 MB.
     */
    static final long MAX_LISTED_DOCUMENT_BYTES = 4L * 1024 * 1024;
    /**
     * Payments listed in the provisional view (over the key's creditors); past it the view has the
     * totals only. About 170 bytes of JSON each: 10,000 are some 1.7 MB.
     */
    static final int MAX_PROVISIONAL_PAYMENTS = 10_000;
    /** How long a presigned document URL works: long enough to follow the redirect, not to share it. */
    static final Duration LINK_VALIDITY = Duration.ofMinutes(5);
    /** Page size of the work-list reads of the provisional view. */
    static final int UNSETTLED_PAGE = 500;
    /** The longest organization code (a national one): a longer creditor is not parsed at all. */
    private static final int MAX_CREDITOR_CODE = 16;

    /** One payment of a statement, as the statement JSON document lists it. */
    record PaymentView(String checkoutId, String paymentId, long amount, Instant paidAt, LocalDate deemedDate,
                       boolean carriedOver) {}

    /**
     * One creditor's statement as the API shows it.
     *
     * @param payments {@code null} when payments are not listed in this answer
     */
    record StatementView(String creditorCode, String creditorName, long count, long amount, long carriedOver,
                         List<ProcedureTotal> procedures, List<PaymentView> payments, long refunded, long netted) {
        StatementView(String creditorCode, String creditorName, long count, long amount, long carriedOver,
                      List<ProcedureTotal> procedures, List<PaymentView> payments) {
            this(creditorCode, creditorName, count, amount, carriedOver, procedures, payments, 0, 0);
        }
    }

    /**
     * A complete run with its totals as the key sees them (a scoped key: over its creditors only).
     *
     * @param transferFile the run's transfer file when the key may fetch it; {@code null} otherwise
     */
    record RunSummary(SettlementRun run, long count, long amount, int creditors, long carriedOver, StoredObject transferFile) {}

    /** A run read by id. */
    sealed interface RunOutcome {
        /**
         * @param repayments the run's repayment requests the key may see
         * @param refundTransfers the run's refund transfer file, for a {@code *} key; else {@code null}
         */
        record Found(RunSummary summary, List<StatementView> statements, boolean paymentsIncluded,
                     List<RepaymentRequest> repayments, RefundTransfers refundTransfers) implements RunOutcome {}

        /** No complete run by that id that the key may see. */
        record NotFound(String detail) implements RunOutcome {}

        record Corrupt(String key) implements RunOutcome {}
    }

    /**
     * A business date's statements.
     *
     * @param runs the complete runs the statements come from, oldest first; empty when provisional
     * @param settledAt when the last of those runs completed; {@code null} when provisional
     */
    record DateView(LocalDate date, boolean provisional, List<SettlementRunId> runs, Instant settledAt,
                    List<StatementView> statements, boolean paymentsIncluded) {}

    sealed interface DateOutcome {
        record Found(DateView view) implements DateOutcome {}

        record Corrupt(String key) implements DateOutcome {}
    }

    /** A document asked for. */
    sealed interface FileOutcome {
        /** The checked bytes, to serve in the response. */
        record Inline(byte[] bytes, String contentType, String filename) implements FileOutcome {}

        /** Too large to serve inline: a short-lived URL to the object {@code key}. */
        record Redirect(String key, long bytes, URI location) implements FileOutcome {}

        /** Nothing by that name (for the key). */
        record NotFound(String detail) implements FileOutcome {}

        /** The date has no run that holds it (the date routes). */
        record NotSettled(String detail) implements FileOutcome {}

        record Forbidden(String detail) implements FileOutcome {}

        /** A transfer file of a run whose two-person release is not approved yet. */
        record NotReleased(String detail) implements FileOutcome {}

        /** The date route names a document that several runs of the date hold. */
        record SeveralRuns(LocalDate date, List<SettlementRunId> runs) implements FileOutcome {}

        record Corrupt(String key) implements FileOutcome {}
    }

    private final Supplier<Catalog> catalog;
    private final SettlementRunStore runs;
    private final DocumentStore documents;
    private final Limits limits;
    private final ReleaseRun release;

    SettlementViews(Supplier<Catalog> catalog, SettlementRunStore runs, DocumentStore documents, Limits limits,
                    RunReleases releases) {
        this.release = new ReleaseRun(releases);
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    // ---- runs ----

    /** The complete runs of {@code date} the key may see, oldest first. */
    List<RunSummary> runsOn(LocalDate date, ApiKey key) {
        List<RunSummary> out = new ArrayList<>();
        for (SettlementRun run : runs.runsOn(date)) {
            summary(run, key, visibleStatements(run, key)).ifPresent(out::add);
        }
        return out;
    }

    RunOutcome run(String id, ApiKey key) {
        Optional<SettlementRun> run = completeRun(id);
        if (run.isEmpty()) {
            return new RunOutcome.NotFound("no settlement run " + printable(id));
        }
        List<RunStatement> statements = visibleStatements(run.get(), key);
        List<RepaymentRequest> repayments = new ArrayList<>();
        runs.forEachRepaymentRequest(run.get().id(), r -> {
            if (key.canAccess(r.creditorCode())) {
                repayments.add(r);
            }
        });
        Optional<RunSummary> summary = summary(run.get(), key, statements);
        if (summary.isEmpty() && !repayments.isEmpty()) { // only repayment requests of the key's creditors
            summary = Optional.of(new RunSummary(run.get(), 0, 0, 0, 0, null));
        }
        if (summary.isEmpty()) {
            return new RunOutcome.NotFound("no settlement run " + id);
        }
        RefundTransfers refundTransfers = key.coversAllOrganizations() ? runs.refundTransfers(run.get().id()).orElse(null) : null;
        try {
            boolean listed = documentBytes(statements) <= limits.maxListedDocumentBytes();
            List<StatementView> views = new ArrayList<>();
            for (RunStatement s : statements) {
                views.add(view(s, listed ? payments(s) : null));
            }
            return new RunOutcome.Found(summary.get(), views, listed, repayments, refundTransfers);
        } catch (CorruptDocument e) {
            return new RunOutcome.Corrupt(e.key);
        }
    }

    private List<RunStatement> visibleStatements(SettlementRun run, ApiKey key) {
        List<RunStatement> out = new ArrayList<>();
        runs.forEachStatement(run.id(), s -> {
            if (key.canAccess(s.creditorCode())) {
                out.add(s);
            }
        });
        return out;
    }

    /**
     * The run as the key sees it: a {@code *} key the run's own totals; a scoped key the sums of its
     * creditors' statements (a payment to two of its creditors counts in both), and nothing when the
     * run has none of its creditors.
     */
    private static Optional<RunSummary> summary(SettlementRun run, ApiKey key, List<RunStatement> visible) {
        if (key.coversAllOrganizations()) {
            return Optional.of(new RunSummary(run, run.count(), run.amount(), run.creditors(), run.carriedOver(), run.transferFile()));
        }
        if (visible.isEmpty()) {
            return Optional.empty();
        }
        long count = 0;
        long amount = 0;
        long carried = 0;
        for (RunStatement s : visible) {
            count += s.count();
            amount = Math.addExact(amount, s.amount());
            carried += s.carriedOver();
        }
        return Optional.of(new RunSummary(run, count, amount, visible.size(), carried, null));
    }

    private static long documentBytes(List<RunStatement> statements) {
        long total = 0;
        for (RunStatement s : statements) {
            total += s.json().bytes();
        }
        return total;
    }

    private static StatementView view(RunStatement s, List<PaymentView> payments) {
        return new StatementView(s.creditorCode(), s.creditorName(), s.count(), s.amount(), s.carriedOver(), s.procedures(),
                payments, s.refunded(), s.netted());
    }

    /** The payments of a statement, from its JSON document (checked). */
    private List<PaymentView> payments(RunStatement s) {
        JsonNode doc = Json.parse(read(s.json(), Long.MAX_VALUE));
        List<PaymentView> out = new ArrayList<>();
        for (JsonNode p : doc.path("payments")) {
            Instant paidAt = Instant.parse(p.path("paidAt").asText());
            LocalDate deemed = p.hasNonNull("deemedDate") ? LocalDate.parse(p.path("deemedDate").asText()) : JapaneseDates.businessDate(paidAt);
            out.add(new PaymentView(p.path("checkoutId").asText(), p.path("paymentId").asText(), p.path("amount").asLong(),
                    paidAt, deemed, p.path("carriedOver").asBoolean(false)));
        }
        return out;
    }

    // ---- a date ----

    /** {@code date}'s statements over its complete runs, or the provisional view before any run. */
    DateOutcome date(LocalDate date, ApiKey key) {
        List<SettlementRun> complete = runs.runsOn(date);
        if (complete.isEmpty()) {
            return new DateOutcome.Found(provisional(date, key));
        }
        List<SettlementRunId> ids = new ArrayList<>();
        List<RunStatement> statements = new ArrayList<>();
        Instant settledAt = null;
        for (SettlementRun run : complete) {
            List<RunStatement> visible = visibleStatements(run, key);
            if (!visible.isEmpty() || key.coversAllOrganizations()) {
                ids.add(run.id());
                statements.addAll(visible);
            }
            settledAt = run.completedAt();
        }
        boolean listed = documentBytes(statements) <= limits.maxListedDocumentBytes();
        Map<String, Merged> merged = new TreeMap<>();
        try {
            for (RunStatement s : statements) {
                merged.computeIfAbsent(s.creditorCode(), c -> new Merged(c, s.creditorName())).add(s, listed ? payments(s) : null);
            }
        } catch (CorruptDocument e) {
            return new DateOutcome.Corrupt(e.key);
        }
        return new DateOutcome.Found(new DateView(date, false, ids, settledAt,
                merged.values().stream().map(m -> m.view(listed)).toList(), listed));
    }

    /** One creditor's statements of a date's runs added up. */
    private static final class Merged {
        private final String code;
        private final String name;
        private final Map<String, ProcedureTotal> procedures = new TreeMap<>();
        private final List<PaymentView> payments = new ArrayList<>();
        private long count;
        private long amount;
        private long carriedOver;
        private long refunded;
        private long netted;

        Merged(String code, String name) {
            this.code = code;
            this.name = name;
        }

        void add(RunStatement s, List<PaymentView> listed) {
            count += s.count();
            amount = Math.addExact(amount, s.amount());
            carriedOver += s.carriedOver();
            refunded = Math.addExact(refunded, s.refunded());
            netted = Math.addExact(netted, s.netted());
            for (ProcedureTotal p : s.procedures()) {
                procedures.merge(p.procedureCode(), p, (a, b) -> new ProcedureTotal(a.procedureCode(), a.procedureName(),
                        a.count() + b.count(), Math.addExact(a.amount(), b.amount())));
            }
            if (listed != null) {
                payments.addAll(listed);
            }
        }

        StatementView view(boolean listed) {
            return new StatementView(code, name, count, amount, carriedOver, List.copyOf(procedures.values()),
                    listed ? List.copyOf(payments) : null, refunded, netted);
        }
    }

    /**
     * What a run for {@code date} would settle now: every line awaiting settlement paid before the
     * end of {@code date} (JST), read from every shard of the work list (in parallel), counted in
     * one pass; payments listed up to {@link Limits#maxProvisionalPayments()}.
     */
    private DateView provisional(LocalDate date, ApiKey key) {
        Instant cutoff = date.plusDays(1).atStartOfDay(JapaneseDates.JST).toInstant();
        Catalog cat = catalog.get();
        // treasury creditors are paid by pay-ins (国庫納付), never by a statement's transfer
        java.util.function.Predicate<String> stated = code -> cat.treasuryOf(code).isEmpty();
        StatementTotals totals = new StatementTotals(date, code -> cat.organization(code).map(Organization::name).orElse(code),
                stated);
        Map<String, List<PaymentView>> listed = new TreeMap<>();
        int[] listedCount = {0};
        boolean[] overflow = {false};
        // the index compares paidAt as text ("…15:00:00.5Z" sorts before "…15:00:00Z"): the cutoff is checked again here
        forEachUnsettled(cutoff, checkout -> SettlementLine.of(checkout).filter(l -> l.paidAt().isBefore(cutoff)).ifPresent(line -> {
            synchronized (totals) {
                totals.add(line);
                if (overflow[0]) {
                    return;
                }
                Map<String, Long> visibleShares = new LinkedHashMap<>();
                for (SettlementLine.Share share : line.shares()) {
                    if (key.canAccess(share.creditor()) && stated.test(share.creditor())) {
                        visibleShares.merge(share.creditor(), share.amount(), Math::addExact);
                    }
                }
                for (var e : visibleShares.entrySet()) {
                    if (++listedCount[0] > limits.maxProvisionalPayments()) {
                        overflow[0] = true;
                        listed.clear();
                        return;
                    }
                    listed.computeIfAbsent(e.getKey(), c -> new ArrayList<>()).add(new PaymentView(line.checkoutId(),
                            line.paymentId(), e.getValue(), line.paidAt(), line.deemedDate(), totals.isCarriedOver(line)));
                }
            }
        }));
        Comparator<PaymentView> order = Comparator.comparing(PaymentView::paidAt).thenComparing(PaymentView::checkoutId);
        List<StatementView> statements = new ArrayList<>();
        for (StatementTotals.Creditor c : totals.creditors()) {
            if (!key.canAccess(c.code())) {
                continue;
            }
            List<PaymentView> payments = null;
            if (!overflow[0]) {
                payments = new ArrayList<>(listed.getOrDefault(c.code(), List.of()));
                payments.sort(order);
            }
            statements.add(new StatementView(c.code(), c.name(), c.count(), c.amount(), c.carriedOver(), c.procedures(), payments));
        }
        return new DateView(date, true, List.of(), null, statements, !overflow[0]);
    }

    /** Every checkout of the work list paid before {@code cutoff}, shard by shard, the shards in parallel. */
    private void forEachUnsettled(Instant cutoff, java.util.function.Consumer<Checkout> each) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> shards = new ArrayList<>();
            for (int shard = 0; shard < runs.shards(); shard++) {
                int s = shard;
                shards.add(pool.submit(() -> {
                    String cursor = null;
                    do {
                        SettlementRunStore.UnsettledPage page = runs.unsettled(s, cutoff, cursor, UNSETTLED_PAGE);
                        // lines only: a checkout listed for its refunds alone was settled by a run already
                        page.checkouts().stream().filter(Checkout::awaitingSettlement).forEach(each);
                        cursor = page.cursor();
                    } while (cursor != null);
                }));
            }
            for (Future<?> f : shards) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the settlement work list", e);
        }
    }

    // ---- documents ----

    /** A run's transfer file: {@code *} keys only. */
    FileOutcome transferFile(String id, ApiKey key) {
        if (!key.coversAllOrganizations()) {
            return forbiddenTransferFile();
        }
        Optional<SettlementRun> run = completeRun(id);
        if (run.isEmpty()) {
            return new FileOutcome.NotFound("no settlement run " + printable(id));
        }
        if (run.get().transferFile() == null) {
            return new FileOutcome.NotFound("settlement run " + id + " transfers nothing: it has no transfer file");
        }
        if (!release.released(id)) {
            return notReleased(id);
        }
        return serve(run.get().transferFile(), "zengin-" + id + ".txt");
    }

    /** The run's release is not approved: its transfer files wait for a second principal. */
    private static FileOutcome notReleased(String runId) {
        return new FileOutcome.NotReleased("settlement run " + runId + " is not released: one operator prepares it (POST "
                + "/v1/settlement-runs/" + runId + "/prepare) and another approves it (…/approve) before its transfer files are served");
    }

    /** A run's refund transfer file (refunds paid by bank transfer): {@code *} keys only. */
    FileOutcome refundTransferFile(String id, ApiKey key) {
        if (!key.coversAllOrganizations()) {
            return new FileOutcome.Forbidden(
                    "the refund transfer file holds payers' accounts: it is for operator keys scoped to all organizations (*)");
        }
        Optional<SettlementRun> run = completeRun(id);
        if (run.isEmpty()) {
            return new FileOutcome.NotFound("no settlement run " + printable(id));
        }
        Optional<RefundTransfers> file = runs.refundTransfers(run.get().id());
        if (file.isEmpty()) {
            return new FileOutcome.NotFound("settlement run " + id + " pays no refund by transfer: it has no refund transfer file");
        }
        if (!release.released(id)) {
            return notReleased(id);
        }
        return serve(file.get().file(), "zengin-refunds-" + id + ".txt");
    }

    /** A run's repayment request (返還請求) of one creditor, {@code <creditor>.json}, {@code .csv} or {@code .html}. */
    FileOutcome repaymentRequest(String id, String document, ApiKey key) {
        boolean json = document != null && document.endsWith(".json");
        Optional<Document> doc = Document.parse(json ? document.substring(0, document.length() - 5) + ".html" : document);
        if (doc.isEmpty()) {
            return new FileOutcome.NotFound("repayment requests are {creditorCode}.json, .csv or .html");
        }
        String creditor = doc.get().creditor();
        if (!key.canAccess(creditor)) {
            return new FileOutcome.NotFound("no repayment request of " + creditor + " in " + printable(id));
        }
        Optional<SettlementRun> run = completeRun(id);
        if (run.isEmpty()) {
            return new FileOutcome.NotFound("no settlement run " + printable(id));
        }
        Optional<RepaymentRequest> request = runs.repaymentRequest(run.get().id(), creditor);
        if (request.isEmpty()) {
            return new FileOutcome.NotFound("no repayment request of " + creditor + " in " + id);
        }
        RepaymentRequest r = request.get();
        return json ? serve(r.json(), null)
                : doc.get().csv() ? serve(r.csv(), "repayment-request-" + creditor + "-" + id + ".csv") : serve(r.html(), null);
    }

    /** The run named {@code id} when it is complete (only complete runs are shown); empty for any other id. */
    Optional<SettlementRun> completeRun(String id) {
        return SettlementRunId.parse(id).flatMap(runs::run).filter(r -> r.state() == RunState.COMPLETE);
    }

    /** A run's statement of one creditor, {@code <creditor>.csv} or {@code <creditor>.html}. */
    FileOutcome statement(String id, String document, ApiKey key) {
        Optional<Document> doc = Document.parse(document);
        if (doc.isEmpty()) {
            return new FileOutcome.NotFound("statements are {creditorCode}.csv or {creditorCode}.html");
        }
        if (!key.canAccess(doc.get().creditor())) {
            return new FileOutcome.NotFound("no statement of " + doc.get().creditor() + " in " + printable(id));
        }
        Optional<SettlementRun> run = completeRun(id);
        if (run.isEmpty()) {
            return new FileOutcome.NotFound("no settlement run " + printable(id));
        }
        Optional<RunStatement> statement = runs.statement(run.get().id(), doc.get().creditor());
        if (statement.isEmpty()) {
            return new FileOutcome.NotFound("no statement of " + doc.get().creditor() + " in " + id);
        }
        return serve(doc.get().of(statement.get()), doc.get().filename(id));
    }

    /** The date route of the transfer file: the date's only run's file. */
    FileOutcome transferFileOn(LocalDate date, ApiKey key) {
        if (!key.coversAllOrganizations()) {
            return forbiddenTransferFile();
        }
        List<SettlementRun> complete = runs.runsOn(date);
        if (complete.isEmpty()) {
            return new FileOutcome.NotSettled("the settlement of " + date + " has not run yet; transfer files exist only for settled days");
        }
        if (complete.size() > 1) {
            return new FileOutcome.SeveralRuns(date, complete.stream().map(SettlementRun::id).toList());
        }
        if (complete.getFirst().transferFile() == null) {
            return new FileOutcome.NotSettled("nothing was paid on " + date + ": there is no transfer file");
        }
        if (!release.released(complete.getFirst().id().toString())) {
            return notReleased(complete.getFirst().id().toString());
        }
        return serve(complete.getFirst().transferFile(), "zengin-" + date + ".txt");
    }

    /** The date route of a statement: the statement of the one run of the date that has the creditor. */
    FileOutcome statementOn(LocalDate date, String document, ApiKey key) {
        Optional<Document> doc = Document.parse(document);
        if (doc.isEmpty()) {
            return new FileOutcome.NotFound("statements are {creditorCode}.csv or {creditorCode}.html");
        }
        String creditor = doc.get().creditor();
        if (!key.canAccess(creditor)) {
            return new FileOutcome.NotFound("no statement for " + creditor + " on " + date);
        }
        List<SettlementRun> complete = runs.runsOn(date);
        List<RunStatement> found = new ArrayList<>();
        for (SettlementRun run : complete) {
            runs.statement(run.id(), creditor).ifPresent(found::add);
        }
        if (found.isEmpty()) { // as before runs: no statement document (yet) is not_found, whether or not the date has run
            return new FileOutcome.NotFound("no statement for " + creditor + " on " + date
                    + (complete.isEmpty() ? ": the date has not been settled yet" : ""));
        }
        if (found.size() > 1) {
            return new FileOutcome.SeveralRuns(date, found.stream().map(RunStatement::runId).toList());
        }
        return serve(doc.get().of(found.getFirst()), doc.get().filename(date.toString()));
    }

    private static FileOutcome forbiddenTransferFile() {
        return new FileOutcome.Forbidden(
                "the transfer file holds every creditor's account: it is for operator keys scoped to all organizations (*)");
    }

    /** {@code <creditor>.csv} or {@code <creditor>.html}, the creditor written as we write organization codes. */
    private record Document(String creditor, boolean csv) {
        static Optional<Document> parse(String document) {
            if (document == null) {
                return Optional.empty();
            }
            boolean csv = document.endsWith(".csv");
            if (!csv && !document.endsWith(".html")) {
                return Optional.empty();
            }
            String creditor = document.substring(0, document.lastIndexOf('.'));
            return isOrganizationCode(creditor) ? Optional.of(new Document(creditor, csv)) : Optional.empty();
        }

        StoredObject of(RunStatement s) {
            return csv ? s.csv() : s.html();
        }

        /** The attachment name of a CSV; an HTML page is shown, not downloaded. */
        String filename(String suffix) {
            return csv ? "statement-" + creditor + "-" + suffix + ".csv" : null;
        }
    }

    /**
     * The bytes of a stored document of at most {@code max} bytes, checked against its SHA-256 like
     * every document served; empty when it fails the check (logged {@code settlement.document_corrupt}).
     * For the pay-in routes ({@link TreasuryApi}), which read a pay-in's {@code lines.json}.
     */
    Optional<byte[]> checked(StoredObject object, long max) {
        try {
            return Optional.of(read(object, max));
        } catch (CorruptDocument e) {
            return Optional.empty();
        }
    }

    /** Inline when small enough (SHA-256 checked), else a presigned URL (also the pay-in documents). */
    FileOutcome serve(StoredObject object, String filename) {
        if (object.bytes() > limits.maxInlineBytes()) {
            return new FileOutcome.Redirect(object.key(), object.bytes(), documents.presignedGet(object.key(), LINK_VALIDITY, filename));
        }
        try {
            return new FileOutcome.Inline(read(object, limits.maxInlineBytes()), object.contentType(), filename);
        } catch (CorruptDocument e) {
            return new FileOutcome.Corrupt(e.key);
        }
    }

    /**
     * The object's bytes, read from the store and checked against its recorded size and SHA-256;
     * {@link CorruptDocument} (logged at error level) when it is missing, of another size or another
     * digest. Reads at most one byte more than recorded, so a grown object costs no memory.
     */
    byte[] read(StoredObject object, long max) {
        return switch (CheckedDocuments.read(documents, object, max)) {
            case CheckedDocuments.Read.Intact(byte[] bytes) -> bytes;
            case CheckedDocuments.Read.Corrupt(String reason, long bytes, String sha) -> throw corrupt(object, reason, bytes, sha);
        };
    }

    /** Reads a document's stream (see {@link #readChecked}). */
    @FunctionalInterface
    interface StreamReader {
        /** Reads what it needs of {@code in}; false when it stopped early and nothing it read may be used. */
        boolean read(InputStream in) throws IOException;
    }

    /**
     * Streams the object through {@code reader} while checking it against its recorded size and SHA-256,
     * without ever holding it whole: when the reader is done, the rest of the object is read through the
     * digest and {@link CorruptDocument} (logged at error level) is thrown when it is missing, of another
     * size or another digest; so is it when the reader fails on an object that is not as recorded (a
     * reader failing on an intact object is rethrown). What the reader took from the stream may be used
     * only once this returns true; false: the reader stopped early (the object was not checked, and what
     * was read must not be used for anything issued).
     */
    boolean readChecked(StoredObject object, StreamReader reader) {
        Optional<InputStream> opened = documents.open(object.key());
        if (opened.isEmpty()) {
            throw corrupt(object, "missing", -1, null);
        }
        MessageDigest digest = sha256();
        try (InputStream raw = opened.get()) {
            // at most one byte more than recorded: a grown object costs no memory nor time
            CountingDigestStream in = new CountingDigestStream(raw, digest, object.bytes() + 1);
            boolean complete;
            try {
                complete = reader.read(in);
            } catch (IOException | RuntimeException e) {
                in.drain();
                if (in.count() != object.bytes() || !HexFormat.of().formatHex(digest.digest()).equals(object.sha256())) {
                    throw corrupt(object, "unreadable", in.count(), null);
                }
                throw e instanceof IOException io ? new UncheckedIOException("reading " + object.key(), io) : (RuntimeException) e;
            }
            if (!complete) {
                return false;
            }
            in.drain();
            String sha = HexFormat.of().formatHex(digest.digest());
            if (in.count() != object.bytes() || !sha.equals(object.sha256())) {
                throw corrupt(object, "sha256 mismatch", in.count(), sha);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + object.key(), e);
        }
    }

    /** Counts and digests what is read, up to {@code limit} bytes (then end of stream). */
    private static final class CountingDigestStream extends InputStream {
        private final InputStream in;
        private final MessageDigest digest;
        private final long limit;
        private long count;

        CountingDigestStream(InputStream in, MessageDigest digest, long limit) {
            this.in = in;
            this.digest = digest;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (count >= limit) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, limit - count));
            if (n > 0) {
                digest.update(b, off, n);
                count += n;
            }
            return n;
        }

        /** Reads the rest (up to the limit) through the digest. */
        void drain() throws IOException {
            byte[] buffer = new byte[64 * 1024];
            while (read(buffer, 0, buffer.length) >= 0) {
                // digested as read
            }
        }

        long count() {
            return count;
        }

        @Override
        public void close() {
            // the caller closes the underlying stream
        }
    }

    private static CorruptDocument corrupt(StoredObject object, String reason, long bytes, String sha) {
        Log.error("settlement.document_corrupt", null, "key", object.key(), "reason", reason,
                "expectedSha256", object.sha256(), "expectedBytes", object.bytes(),
                "actualSha256", sha == null ? "" : sha, "actualBytes", bytes);
        return new CorruptDocument(object.key());
    }

    /** A stored document that is not what DynamoDB says it is: never served. */
    static final class CorruptDocument extends RuntimeException {
        private final String key;

        CorruptDocument(String key) {
            super("document " + key + " failed its integrity check", null, false, false);
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A creditor code written as we write it (checked before anything is read). */
    private static boolean isOrganizationCode(String text) {
        if (text.isEmpty() || text.length() > MAX_CREDITOR_CODE) {
            return false;
        }
        try {
            return OrganizationCode.parse(text).value().equals(text);
        } catch (FormatException e) {
            return false;
        }
    }

    /** An id or other client text as the client wrote it, cut short and reduced to printable ASCII for a problem's detail. */
    static String printable(String id) {
        if (id == null) {
            return "";
        }
        String cut = id.length() > 40 ? id.substring(0, 40) + "…" : id;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
