package jp.kokin.domain.settlement.treasury;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.settlement.RepaymentItem;

/**
 * The designated payment agent's report to the revenue collection officer (Cashless Act Art. 6(2)):
 * for one treasury organization and one period of entrustment dates [{@code from}, {@code to}], every
 * entrustment (納付受託) with its procedure, the portal's reference, the amount and the entrustment date,
 * the count and the total, and a separate section of the refund claims on the ministry (返還請求: the
 * repayment requests of the settlement runs whose business date is in the period).
 *
 * <p>Size model: the entrustments are streamed from the pay-ins' {@code lines.json} documents (one line
 * parsed at a time, SHA-256 checked as read) and only the period's are held in memory, at most
 * {@value #MAX_ENTRUSTMENTS}: the one too many stops the reading; the documents are streamed (≈ 350 B an entrustment in
 * JSON, 170 B in CSV, 370 B in HTML: 17, 8.5 and 18 MB at the limit). Measured on a loaded two-core
 * machine: 100,000 entrustments issued v001 in 11 s and a correction (which also reads the corrected
 * version back) in 24 s within a 400 MB heap, 50,000 in 14 s (cold) and 9 s; the API function times
 * out after 20 s, hence this limit. A ministry with more in a period reports by shorter periods (its catalog {@code reportPeriod}).
 *
 * @param entrustments in entrustment time, then checkout id order ({@link Entrustment#ORDER})
 * @param claims       in run id order
 */
public record TreasuryReport(Header header, LocalDate from, LocalDate to, List<Entrustment> entrustments, List<Claim> claims) {
    /** Entrustments one report holds (see the class doc): a longer period is refused before it is stored. */
    public static final int MAX_ENTRUSTMENTS = 50_000;
    /** The longest period one report covers: a year (a leap year's 366 days). */
    public static final int MAX_PERIOD_DAYS = 366;

    public TreasuryReport {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a report's period ends on or after it starts");
        }
        entrustments = entrustments.stream().sorted(Entrustment.ORDER).toList();
        claims = claims.stream().sorted(Comparator.comparing(Claim::runId)).toList();
    }

    /**
     * Who reports to whom: the agent (指定納付受託者) and the ministry's organization, 所管, 会計 and
     * collection officer (歳入徴収官), as the catalog names them when the report is computed.
     */
    public record Header(String agentName, String organizationCode, String ministryCode, String ministryName, String account,
                         String officerCode, String officerName) {
        public Header {
            Objects.requireNonNull(agentName, "agentName");
            Objects.requireNonNull(organizationCode, "organizationCode");
            Objects.requireNonNull(ministryCode, "ministryCode");
            Objects.requireNonNull(ministryName, "ministryName");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(officerCode, "officerCode");
            Objects.requireNonNull(officerName, "officerName");
        }

        public static Header of(String agentName, String organizationCode, Treasury t) {
            return new Header(agentName, organizationCode, t.ministryCode(), t.ministryName(), t.account(), t.officerCode(),
                    t.officerName());
        }
    }

    /**
     * One entrustment: a national fee line of one paid checkout, in the pay-in {@code payinId}.
     *
     * @param reference   the portal's reference of the checkout
     * @param amount      yen paid in for it ({@code refunded}: refunded before the pay-in, 収納後取消)
     * @param entrustedOn 納付受託日: the JST date of {@code paidAt}
     */
    public record Entrustment(LocalDate entrustedOn, Instant paidAt, String checkoutId, String paymentId, String reference,
                              String procedureCode, String procedureName, int quantity, long amount, long refunded,
                              String payinId, int fiscalYear, String revenueItemCode) {
        public static final Comparator<Entrustment> ORDER = Comparator.comparing(Entrustment::paidAt)
                .thenComparing(Entrustment::checkoutId).thenComparing(Entrustment::procedureCode)
                .thenComparing(Entrustment::payinId).thenComparing(Entrustment::paymentId)
                .thenComparingLong(Entrustment::amount);

        public Entrustment {
            Objects.requireNonNull(entrustedOn, "entrustedOn");
            Objects.requireNonNull(paidAt, "paidAt");
            Objects.requireNonNull(checkoutId, "checkoutId");
            Objects.requireNonNull(paymentId, "paymentId");
            Objects.requireNonNull(procedureCode, "procedureCode");
            Objects.requireNonNull(payinId, "payinId");
            Objects.requireNonNull(revenueItemCode, "revenueItemCode");
            reference = reference == null ? "" : reference;
            procedureName = procedureName == null ? "" : procedureName;
            paidAt = paidAt.truncatedTo(ChronoUnit.MILLIS);
        }

        /** The entrustment of {@code line} in the pay-in {@code payinId}. */
        public static Entrustment of(String payinId, int fiscalYear, String revenueItemCode, PayInLine line) {
            return new Entrustment(line.entrustedOn(), line.paidAt(), line.checkoutId(), line.paymentId(), line.reference(),
                    line.procedureCode(), line.procedureName(), line.quantity(), line.amount(), line.refunded(), payinId,
                    fiscalYear, revenueItemCode);
        }

        private String canonical() {
            return String.join("\u001f", entrustedOn.toString(), paidAt.toString(), checkoutId, paymentId, reference,
                    procedureCode, procedureName, Integer.toString(quantity), Long.toString(amount), Long.toString(refunded),
                    payinId, Integer.toString(fiscalYear), revenueItemCode);
        }
    }

    /**
     * A refund claim on the ministry (返還請求): the repayment request of run {@code runId} for the
     * organization, with its rows.
     */
    public record Claim(String runId, LocalDate businessDate, long count, long amount, List<RepaymentItem> items) {
        public Claim {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(businessDate, "businessDate");
            items = items.stream().sorted(RepaymentItem.ORDER).toList();
        }

        private String canonical() {
            StringBuilder sb = new StringBuilder(String.join("\u001f", runId, businessDate.toString(), Long.toString(count),
                    Long.toString(amount)));
            for (RepaymentItem i : items) {
                sb.append('\u001e').append(String.join("\u001f", i.refundId(), i.checkoutId(), String.valueOf(i.paymentId()),
                        String.valueOf(i.receiptNumber()), i.creditor(), i.procedureCode(), i.procedureName(),
                        Integer.toString(i.item()), Integer.toString(i.line()), Integer.toString(i.fiscalYear()),
                        Long.toString(i.amount())));
            }
            return sb.toString();
        }
    }

    /**
     * What a version changes against the version it corrects: entrustments added and removed (an
     * entrustment whose amount changed is both), refund claims added and removed.
     */
    public record Differences(List<Entrustment> added, List<Entrustment> removed, List<Claim> claimsAdded,
                              List<Claim> claimsRemoved) {
        public static final Differences NONE = new Differences(List.of(), List.of(), List.of(), List.of());

        public Differences {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            claimsAdded = List.copyOf(claimsAdded);
            claimsRemoved = List.copyOf(claimsRemoved);
        }

        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && claimsAdded.isEmpty() && claimsRemoved.isEmpty();
        }
    }

    /**
     * How one stored version was issued: its number, when, and (from v002 on) the version it corrects
     * and the differences against it.
     *
     * @param corrects the corrected version's number, or 0 for the first version
     */
    public record Issue(int version, Instant issuedAt, int corrects, Differences differences) {
        public Issue {
            Objects.requireNonNull(issuedAt, "issuedAt");
            Objects.requireNonNull(differences, "differences");
            if (version < 1 || version > TreasuryReportVersion.MAX_VERSION || corrects < 0 || corrects >= version) {
                throw new IllegalArgumentException("report version " + version + " cannot correct " + corrects);
            }
        }

        public static Issue first(Instant issuedAt) {
            return new Issue(1, issuedAt, 0, Differences.NONE);
        }

        /** {@code v001}. */
        public String label() {
            return TreasuryReportVersion.label(version);
        }

        /** {@code v001} for the corrected version; {@code null} for the first. */
        public String correctsLabel() {
            return corrects == 0 ? null : TreasuryReportVersion.label(corrects);
        }
    }

    /**
     * The report of the entrustments among {@code candidates} whose entrustment date (JST) is in
     * [{@code from}, {@code to}] (the others: lines of pay-ins that also hold earlier or later dates).
     */
    public static TreasuryReport select(Header header, LocalDate from, LocalDate to, List<Entrustment> candidates, List<Claim> claims) {
        List<Entrustment> in = candidates.stream()
                .filter(e -> !e.entrustedOn().isBefore(from) && !e.entrustedOn().isAfter(to)).toList();
        return new TreasuryReport(header, from, to, in, claims);
    }

    public int count() {
        return entrustments.size();
    }

    /** Yen paid in for the period's entrustments. */
    public long total() {
        long sum = 0;
        for (Entrustment e : entrustments) {
            sum = Math.addExact(sum, e.amount());
        }
        return sum;
    }

    public long claimsAmount() {
        long sum = 0;
        for (Claim c : claims) {
            sum = Math.addExact(sum, c.amount());
        }
        return sum;
    }

    /**
     * SHA-256 (hex) of everything the report's documents render from it: its header (agent, organization,
     * 所管, 会計, officer: as the catalog names them), its period, entrustments and claims, field by field;
     * not the issue (number, time, corrected version, differences), which the version's claim fixes. Two
     * computations of an unchanged period give the same digest, so a stored version is served again
     * instead of issuing a new one; and equal digests render identical documents for one claim, so two
     * requests finishing the same claim write the same bytes. A header change (a new officer's name) is
     * a new digest, hence a new version.
     */
    public String contentSha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("H\u001f" + String.join("\u001f", header.agentName(), header.organizationCode(), header.ministryCode(),
                    header.ministryName(), header.account(), header.officerCode(), header.officerName()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            digest.update((header.organizationCode() + "\u001f" + from + "\u001f" + to + "\n").getBytes(StandardCharsets.UTF_8));
            for (Entrustment e : entrustments) {
                digest.update(("E\u001f" + e.canonical() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (Claim c : claims) {
                digest.update(("C\u001f" + c.canonical() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What this report changes against {@code previous} (a stored version's entrustments and claims). */
    public Differences differencesFrom(List<Entrustment> previousEntrustments, List<Claim> previousClaims) {
        Set<Entrustment> before = new LinkedHashSet<>(previousEntrustments);
        Set<Entrustment> now = new LinkedHashSet<>(entrustments);
        List<Entrustment> added = new ArrayList<>(entrustments.stream().filter(e -> !before.contains(e)).toList());
        List<Entrustment> removed = new ArrayList<>(previousEntrustments.stream().filter(e -> !now.contains(e)).toList());
        added.sort(Entrustment.ORDER);
        removed.sort(Entrustment.ORDER);
        Set<Claim> claimsBefore = new LinkedHashSet<>(previousClaims);
        Set<Claim> claimsNow = new LinkedHashSet<>(claims);
        return new Differences(added, removed, claims.stream().filter(c -> !claimsBefore.contains(c)).toList(),
                previousClaims.stream().filter(c -> !claimsNow.contains(c)).sorted(Comparator.comparing(Claim::runId)).toList());
    }
}
