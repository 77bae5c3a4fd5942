package jp.kokin.domain.settlement.treasury;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

import jp.kokin.domain.settlement.StoredObject;

/**
 * One issued (or being issued) version of an Art. 6(2) report, as the ledger indexes it: the report's
 * organization and period, its number, the digest of its content ({@link TreasuryReport#contentSha256()}),
 * when it was issued, the version it corrects, its totals and its three documents in S3. A version is
 * first <em>claimed</em> ({@code json}, {@code csv}, {@code html} null), then, once its documents are
 * stored, <em>issued</em> with them; an issued version never changes.
 *
 * @param corrects  the corrected version's number; 0 for the first version
 * @param claimedAt when the claim was made: a claim left unfinished past {@link #STALE_CLAIM_SECONDS}
 *                  ({@link #STALE_JOB_CLAIM_SECONDS} for the report job's) is
 *                  taken over (its issuer died between the claim and the documents)
 */
public record TreasuryReportVersion(String organizationCode, LocalDate from, LocalDate to, int version, String contentSha256,
                                    Instant issuedAt, int corrects, long count, long total, long claims, long claimsAmount,
                                    Instant claimedAt, StoredObject json, StoredObject csv, StoredObject html) {
    /** Versions of one report: far more than any ministry's corrections need, and the width of {@code vNNN}. */
    public static final int MAX_VERSION = 999;
    /**
     * A claim older than this is abandoned: the API function times out after 20 s (template Globals)
     * and API Gateway after 30 s, so no issuer still works on it.
     */
    public static final long STALE_CLAIM_SECONDS = 120;
    /**
     * A claim of a report over {@link TreasuryReport#MAX_ENTRUSTMENTS} entrustments is the report job's
     * (no request computes one): it is abandoned only past the job's 15-minute timeout and a minute, since
     * writing its documents (up to ~420 MB at 500,000) may take minutes.
     */
    public static final long STALE_JOB_CLAIM_SECONDS = 960;
    private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");

    public TreasuryReportVersion {
        Objects.requireNonNull(organizationCode, "organizationCode");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(claimedAt, "claimedAt");
        if (contentSha256 == null || !HEX_256.matcher(contentSha256).matches()) {
            throw new IllegalArgumentException("contentSha256 must be 64 lower-case hex digits");
        }
        if (version < 1 || version > MAX_VERSION || corrects < 0 || corrects >= version) {
            throw new IllegalArgumentException("report version " + version + " cannot correct " + corrects);
        }
        if ((json == null) != (csv == null) || (json == null) != (html == null)) {
            throw new IllegalArgumentException("an issued report version has all three documents");
        }
    }

    /** A version claimed, its documents not stored yet. */
    public static TreasuryReportVersion claim(TreasuryReport report, TreasuryReport.Issue issue) {
        return new TreasuryReportVersion(report.header().organizationCode(), report.from(), report.to(), issue.version(),
                report.contentSha256(), issue.issuedAt(), issue.corrects(), report.count(), report.total(),
                report.claims().size(), report.claimsAmount(), issue.issuedAt(), null, null, null);
    }

    public boolean issued() {
        return json != null;
    }

    public TreasuryReportVersion issuedWith(StoredObject json, StoredObject csv, StoredObject html) {
        return new TreasuryReportVersion(organizationCode, from, to, version, contentSha256, issuedAt, corrects, count, total,
                claims, claimsAmount, claimedAt, json, csv, html);
    }

    /** The version as a claim made anew at {@code now} (taking over an abandoned one). */
    public TreasuryReportVersion reclaimed(TreasuryReport report, Instant now) {
        return claim(report, new TreasuryReport.Issue(version, now, corrects, TreasuryReport.Differences.NONE));
    }

    public boolean staleAt(Instant now) {
        long stale = count > TreasuryReport.MAX_ENTRUSTMENTS ? STALE_JOB_CLAIM_SECONDS : STALE_CLAIM_SECONDS;
        return !issued() && claimedAt.plusSeconds(stale).isBefore(now);
    }

    public String label() {
        return label(version);
    }

    /** {@code v001}. */
    public static String label(int version) {
        return "v" + String.format("%03d", version);
    }

    /** The S3 key of a version's document: {@code treasury/reports/<org>/<from>_<to>/v<NNN>.<ext>}. */
    public static String key(String organizationCode, LocalDate from, LocalDate to, int version, String extension) {
        return "treasury/reports/" + organizationCode + "/" + from + "_" + to + "/" + label(version) + "." + extension;
    }
}
