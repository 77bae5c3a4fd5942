package jp.kokin.settlement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import jp.kokin.adapters.log.Log;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.Hashes;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.RepaymentRequest;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunStore;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInStore;
import jp.kokin.domain.settlement.treasury.TreasuryReport;
import jp.kokin.domain.settlement.treasury.TreasuryReport.Claim;
import jp.kokin.domain.settlement.treasury.TreasuryReport.Entrustment;
import jp.kokin.domain.settlement.treasury.TreasuryReportCsv;
import jp.kokin.domain.settlement.treasury.TreasuryReportHtml;
import jp.kokin.domain.settlement.treasury.TreasuryReportStore;
import jp.kokin.domain.settlement.treasury.TreasuryReportVersion;
import jp.kokin.settlement.SettlementViews.CorruptDocument;

/**
 * Computes and issues the Art. 6(2) reports. A request computes the report of the period from the
 * organization's pay-ins (their {@code lines.json}, streamed line by line and checked against its SHA-256
 * as read; at most {@link TreasuryReport#MAX_ENTRUSTMENTS} lines of the period, else 400) and the repayment
 * requests of the runs of the period, then: no stored version → it issues {@code v001}; the newest
 * stored version says the same ({@link TreasuryReport#contentSha256()}) → that version is served;
 * else it issues the next version, which names the one it corrects and the differences.
 *
 * <p>Issuing never overwrites an issued object: the version number is first <em>claimed</em> in the
 * ledger (create-if-absent), then its three documents are written under
 * {@code treasury/reports/<org>/<from>_<to>/v<NNN>.*}, then the version is recorded as issued with
 * their digests. A concurrent request that computed the same content finishes the same claim with the
 * same bytes (the documents depend only on the content, header included, the claim's issue time and the
 * corrected version); before writing it re-reads the claim, and a version found issued is served as
 * stored, its objects never written again. One that computed other content (a header too) waits for the claim ({@link Outcome.Busy}, 503) and, on a
 * later try, corrects it. A claim abandoned for {@link TreasuryReportVersion#STALE_CLAIM_SECONDS}
 * (its issuer died before the documents) is taken over: its objects were never issued.
 */
final class TreasuryReports {
    /**
     * Late-line window: the pay-ins read are those of the runs of business dates [from, to + 7 days].
     * A line is settled by the run of its deemed date (00:30 JST the next day), a late one (a
     * notification that came late, a payment the janitor found) by the next run; a week covers a long
     * holiday of late notifications. A line settled later still is not in the report of its period
     * (the late-payment watch has alarmed it for a week by then): the operator reports it by hand.
     */
    static final int LATE_LINE_DAYS = 7;
    /**
     * How long a request of the report job stands: its function's timeout (15 minutes) and a minute. A
     * generation asked longer ago (its job failed, or its message went to the dead-letter queue) is asked again.
     */
    static final Duration GENERATION_TIMEOUT = Duration.ofMinutes(16);
    /**
     * How reports are computed, in the inputs' digest: change it with any change to what a report holds
     * for given inputs (selection, window, rendering of the content), so that a check stored before the
     * change is not taken for the report now and the next request issues a correcting version.
     */
    static final String COMPUTATION = "1";
    /** Tries of one request to claim a version against concurrent requests before it answers busy. */
    private static final int MAX_ATTEMPTS = 3;
    private static final String LINES = "lines.json";

    sealed interface Outcome {
        record Served(TreasuryReportVersion version) implements Outcome {}

        /** Another request is issuing a version of the report with other content: try again. */
        record Busy(String detail) implements Outcome {}

        /**
         * The report holds more entrustments than this caller computes ({@code limit}), or the report job was
         * already asked for it: the API asks the report job; {@code upperBound} is the lines of the pay-ins read.
         */
        record Deferred(String inputsSha256, long upperBound, long limit) implements Outcome {}

        /** The pay-ins read hold more lines than the report job computes: ask for shorter periods. */
        record TooLarge(String detail) implements Outcome {}

        /**
         * The report job could not generate the report of these inputs, a moment ago: {@code failure} is
         * {@code document_corrupt:<key>}, {@code too_large:<detail>} or {@code failed:<detail>}.
         */
        record Failed(String failure) implements Outcome {}

        record NoSuchVersion(String detail) implements Outcome {}

        record Corrupt(String key) implements Outcome {}
    }

    private final Supplier<Catalog> catalog;
    private final PayInStore payIns;
    private final SettlementRunStore runs;
    private final DocumentStore documents;
    private final TreasuryReportStore store;
    private final SettlementViews views;
    private final Clock clock;

    TreasuryReports(Supplier<Catalog> catalog, PayInStore payIns, SettlementRunStore runs, DocumentStore documents,
                    TreasuryReportStore store, SettlementViews views, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.payIns = Objects.requireNonNull(payIns, "payIns");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.store = Objects.requireNonNull(store, "store");
        this.views = Objects.requireNonNull(views, "views");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Whether pay-in {@code p} may hold an entrustment dated in [from, to]: its lines are all of its
     * fiscal year (年度: April 1 to March 31, by their JST entrustment date; {@link PayIn#fiscalYear()}), so
     * a pay-in of another fiscal year than the period's days is not read (a period across April 1 reads both).
     */
    static boolean mayHoldLinesOf(PayIn p, LocalDate from, LocalDate to) {
        LocalDate firstDay = LocalDate.of(p.fiscalYear(), 4, 1);
        LocalDate lastDay = LocalDate.of(p.fiscalYear() + 1, 3, 31);
        return !firstDay.isAfter(to) && !lastDay.isBefore(from);
    }

    /** A stored version, as issued; nothing is computed. */
    Outcome stored(String org, LocalDate from, LocalDate to, int version) {
        return store.version(org, from, to, version).filter(TreasuryReportVersion::issued)
                .<Outcome>map(Outcome.Served::new)
                .orElseGet(() -> new Outcome.NoSuchVersion("the report of " + org + " for " + from + " to " + to
                        + " has no version " + TreasuryReportVersion.label(version)));
    }

    /**
     * What the report of a period is computed from: the header as the catalog says now, the organization's
     * pay-ins that may hold lines of the period (each {@code lines.json} by its SHA-256, an immutable
     * document) and the repayment requests of the runs of the period (by their documents' SHA-256).
     * Equal digests give equal reports, so the digest tells, without reading one line, whether the version
     * last found is still the report. {@code upperBound}: the lines of those pay-ins, at least the
     * entrustments of the period.
     */
    record Inputs(TreasuryReport.Header header, List<PayIn> payIns, List<ClaimSource> claims, String sha256, long upperBound) {}

    /** A run of the period that asked the ministry for refunds back (its repayment request). */
    record ClaimSource(LocalDate businessDate, RepaymentRequest request) {}

    Inputs inputs(String org, Treasury treasury, LocalDate from, LocalDate to) {
        TreasuryReport.Header header = TreasuryReport.Header.of(catalog.get().treasury().agentName(), org, treasury);
        DigestText digest = new DigestText().field(COMPUTATION).field(header.agentName()).field(header.organizationCode())
                .field(header.ministryCode()).field(header.ministryName()).field(header.account()).field(header.officerCode())
                .field(header.officerName()).field(from).field(to);
        List<PayIn> read = new ArrayList<>();
        long upperBound = 0;
        for (PayIn p : payIns.byOrganization(org, from, to.plusDays(LATE_LINE_DAYS))) {
            if (!mayHoldLinesOf(p, from, to)) {
                continue;
            }
            StoredObject lines = p.documents().get(LINES);
            if (lines == null) {
                throw new IllegalStateException("pay-in " + p.id() + " has no " + LINES);
            }
            read.add(p);
            upperBound += p.count();
            digest.field("payin").field(p.id()).field(p.fiscalYear()).field(p.revenueItem().code()).field(lines.sha256())
                    .field(lines.bytes());
        }
        List<ClaimSource> claims = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            for (SettlementRun run : runs.runsOn(d)) {
                LocalDate date = d;
                runs.repaymentRequest(run.id(), org).ifPresent(r -> {
                    claims.add(new ClaimSource(date, r));
                    digest.field("claim").field(run.id()).field(date).field(r.count()).field(r.amount()).field(r.json().sha256());
                });
            }
        }
        return new Inputs(header, List.copyOf(read), List.copyOf(claims), digest.sha256(), upperBound);
    }

    /** The digested text of the inputs: each field as its length, a colon and itself, so no two inputs read alike. */
    private static final class DigestText {
        private final StringBuilder text = new StringBuilder();

        DigestText field(Object value) {
            String v = String.valueOf(value);
            text.append(v.length()).append(':').append(v).append('\u001f');
            return this;
        }

        String sha256() {
            return Hashes.sha256Hex(text.toString());
        }
    }

    /**
     * The report as it stands: {@link #current(Inputs, LocalDate, LocalDate, int)} of the inputs read now.
     */
    Outcome current(String org, Treasury treasury, LocalDate from, LocalDate to, int limit) {
        return current(inputs(org, treasury, from, to), from, to, limit);
    }

    /**
     * The report of {@code inputs}. When the last check found these inputs (same digest) and its version is
     * the newest, that version is served and no line is read. The pay-ins holding more lines than
     * {@link TreasuryReport#MAX_GENERATED_ENTRUSTMENTS} is {@link Outcome.TooLarge}. The report job failed on
     * these inputs within {@link #GENERATION_TIMEOUT}: {@link Outcome.Failed}. They hold more than
     * {@code limit} and the job was asked for them within that time: {@link Outcome.Deferred} without
     * reading. Else the report is computed, up to {@code limit} entrustments ({@link Outcome.Deferred} at the
     * one too many): the newest stored version when it says the same, else a new version.
     */
    Outcome current(Inputs inputs, LocalDate from, LocalDate to, int limit) {
        String org = inputs.header().organizationCode();
        try {
            Optional<TreasuryReportStore.Check> check = store.lastCheck(org, from, to)
                    .filter(c -> c.inputsSha256().equals(inputs.sha256()));
            if (check.isPresent()) {
                // the newest version only: a check written late by a slower issuer never revives a corrected version
                Optional<TreasuryReportVersion> newest = store.newest(org, from, to)
                        .filter(v -> v.issued() && v.version() == check.get().version());
                if (newest.isPresent()) {
                    return new Outcome.Served(newest.get());
                }
            }
            if (inputs.upperBound() > TreasuryReport.MAX_GENERATED_ENTRUSTMENTS) {
                return new Outcome.TooLarge("the pay-ins of the period and of the " + LATE_LINE_DAYS + " days after it hold "
                        + inputs.upperBound() + " lines, more than the " + TreasuryReport.MAX_GENERATED_ENTRUSTMENTS
                        + " a report reads: ask for shorter periods");
            }
            Optional<TreasuryReportStore.Generation> asked = store.generation(org, from, to)
                    .filter(g -> g.inputsSha256().equals(inputs.sha256())
                            && !g.requestedAt().isBefore(clock.instant().minus(GENERATION_TIMEOUT)));
            if (asked.isPresent() && asked.get().failure() != null) {
                return new Outcome.Failed(asked.get().failure());
            }
            if (inputs.upperBound() > limit && asked.isPresent()) {
                return new Outcome.Deferred(inputs.sha256(), inputs.upperBound(), limit);
            }
            Optional<TreasuryReport> computed = compute(inputs, from, to, limit);
            if (computed.isEmpty()) {
                return new Outcome.Deferred(inputs.sha256(), inputs.upperBound(), limit);
            }
            Outcome outcome = issueOrServe(org, from, to, computed.get());
            if (outcome instanceof Outcome.Served served) {
                store.recordCheck(org, from, to, new TreasuryReportStore.Check(inputs.sha256(), served.version().version()));
            }
            return outcome;
        } catch (CorruptDocument e) {
            return new Outcome.Corrupt(e.key());
        }
    }

    private Outcome issueOrServe(String org, LocalDate from, LocalDate to, TreasuryReport report) {
        String sha = report.contentSha256();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<TreasuryReportVersion> newest = store.newest(org, from, to);
            Instant now = clock.instant();
            if (newest.isEmpty()) {
                TreasuryReportVersion claim = TreasuryReportVersion.claim(report, TreasuryReport.Issue.first(now));
                if (store.claim(claim)) {
                    return finish(report, claim);
                }
                continue;
            }
            TreasuryReportVersion n = newest.get();
            if (n.contentSha256().equals(sha)) {
                return n.issued() ? new Outcome.Served(n) : finish(report, n); // same content: roll the claim forward
            }
            if (!n.issued()) {
                if (!n.staleAt(now)) {
                    return new Outcome.Busy("version " + n.label() + " of this report is being issued by another request; "
                            + "try again in a few seconds");
                }
                TreasuryReportVersion fresh = n.reclaimed(report, now);
                if (store.takeOver(n, fresh)) {
                    Log.warn("treasury.report_claim_taken_over", "organizationCode", org, "from", from, "to", to,
                            "version", n.label(), "claimedAt", n.claimedAt());
                    return finish(report, fresh);
                }
                continue;
            }
            if (n.version() == TreasuryReportVersion.MAX_VERSION) {
                throw new IllegalStateException("report " + org + " " + from + "_" + to + " has " + n.version() + " versions");
            }
            TreasuryReport.Issue issue = new TreasuryReport.Issue(n.version() + 1, now, n.version(), differences(report, n));
            TreasuryReportVersion claim = TreasuryReportVersion.claim(report, issue);
            if (store.claim(claim)) {
                return finish(report, claim, issue);
            }
        }
        return new Outcome.Busy("other requests are issuing this report; try again in a few seconds");
    }

    /** Writes the claimed version's documents (the same bytes whoever writes them) and records it issued. */
    private Outcome finish(TreasuryReport report, TreasuryReportVersion claim) {
        TreasuryReport.Differences differences = TreasuryReport.Differences.NONE;
        if (claim.corrects() > 0) {
            TreasuryReportVersion corrected = store.version(claim.organizationCode(), claim.from(), claim.to(), claim.corrects())
                    .filter(TreasuryReportVersion::issued)
                    .orElseThrow(() -> new IllegalStateException("report version " + claim.label() + " corrects a version never issued"));
            differences = differences(report, corrected);
        }
        return finish(report, claim, new TreasuryReport.Issue(claim.version(), claim.issuedAt(), claim.corrects(), differences));
    }

    private Outcome finish(TreasuryReport report, TreasuryReportVersion claim, TreasuryReport.Issue issue) {
        String org = claim.organizationCode();
        // re-read the claim: the objects of a version once issued are never written again (its stored bytes are the report)
        Optional<TreasuryReportVersion> before = store.version(org, claim.from(), claim.to(), claim.version());
        if (before.isEmpty() || before.get().issued() || !before.get().claimedAt().equals(claim.claimedAt())
                || !before.get().contentSha256().equals(claim.contentSha256())) {
            return settled(report, claim, before);
        }
        // streamed: the store writes through a digest to a temporary file (S3) and never holds a document whole.
        // A request that read the claim unissued just before another issued it writes the same bytes: the
        // content digest covers everything rendered but the issue, and the issue is the claim's.
        StoredObject j = documents.put(TreasuryReportVersion.key(org, claim.from(), claim.to(), claim.version(), "json"),
                "application/json", out -> TreasuryReportJson.write(report, issue, out));
        StoredObject c = documents.put(TreasuryReportVersion.key(org, claim.from(), claim.to(), claim.version(), "csv"),
                "text/csv; charset=utf-8", out -> TreasuryReportCsv.write(report, issue, out));
        StoredObject h = documents.put(TreasuryReportVersion.key(org, claim.from(), claim.to(), claim.version(), "html"),
                "text/html; charset=utf-8", out -> TreasuryReportHtml.write(report, issue, out));
        TreasuryReportVersion issued = claim.issuedWith(j, c, h);
        if (!store.issue(issued)) {
            return settled(report, claim, store.version(org, claim.from(), claim.to(), claim.version()));
        }
        Log.info("treasury.report_issued", "organizationCode", org, "from", claim.from(), "to", claim.to(),
                "version", claim.label(), "corrects", issue.correctsLabel() == null ? "" : issue.correctsLabel(),
                "count", report.count(), "total", report.total(), "claims", report.claims().size(),
                "added", issue.differences().added().size(), "removed", issue.differences().removed().size());
        return new Outcome.Served(issued);
    }

    /**
     * The claim this request was finishing changed under it ({@code now}: the version as stored now):
     * issued by another request with the same content → that version, as stored; else (taken over, or
     * issued with other content) try again.
     */
    private static Outcome settled(TreasuryReport report, TreasuryReportVersion claim, Optional<TreasuryReportVersion> now) {
        if (now.isPresent() && now.get().issued() && now.get().contentSha256().equals(report.contentSha256())) {
            return new Outcome.Served(now.get());
        }
        return new Outcome.Busy("version " + claim.label() + " of this report was " + (now.isPresent() && now.get().issued()
                ? "issued" : "taken over") + " by another request; try again");
    }

    private TreasuryReport.Differences differences(TreasuryReport report, TreasuryReportVersion previous) {
        List<TreasuryReportJson.Stored> read = new ArrayList<>(1);
        views.readChecked(previous.json(), in -> read.add(TreasuryReportJson.parse(in))); // streamed, checked as read
        return report.differencesFrom(read.getFirst().entrustments(), read.getFirst().claims());
    }

    /**
     * The report of {@code inputs} over [from, to]; empty when it would hold more than {@code limit}
     * entrustments (found as soon as the one line too many is read). Each {@code lines.json} is streamed
     * and checked against its SHA-256 as it is read; only the period's lines are kept.
     */
    Optional<TreasuryReport> compute(String org, Treasury treasury, LocalDate from, LocalDate to, int limit) {
        return compute(inputs(org, treasury, from, to), from, to, limit);
    }

    private Optional<TreasuryReport> compute(Inputs inputs, LocalDate from, LocalDate to, int limit) {
        List<Entrustment> entrustments = new ArrayList<>();
        for (PayIn p : inputs.payIns()) {
            int room = limit - entrustments.size();
            List<List<Entrustment>> read = new ArrayList<>(1);
            boolean complete = views.readChecked(p.documents().get(LINES), in -> {
                Optional<List<Entrustment>> of = TreasuryReportJson.payInLines(in, p.id(), p.fiscalYear(), p.revenueItem().code(),
                        from, to, room);
                of.ifPresent(read::add);
                return of.isPresent();
            });
            if (!complete) {
                return Optional.empty(); // more than the limit: nothing read is used
            }
            entrustments.addAll(read.getFirst());
        }
        List<Claim> claims = new ArrayList<>();
        for (ClaimSource c : inputs.claims()) {
            RepaymentRequest r = c.request();
            claims.add(new Claim(r.runId().toString(), c.businessDate(), r.count(), r.amount(),
                    TreasuryReportJson.repaymentItems(views.read(r.json(), Long.MAX_VALUE))));
        }
        return Optional.of(TreasuryReport.select(inputs.header(), from, to, entrustments, claims));
    }
}
