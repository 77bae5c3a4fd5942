package jp.kokin.domain.settlement.treasury;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.settlement.StoredObject;

/**
 * A pay-in (国庫納付) of national revenue: what a settlement run collected for one treasury creditor
 * (an organization with a {@code treasury} block: one ministry, account and collection officer), one
 * fiscal year and one revenue item, owed to the treasury by {@code dueDate}. Its lines (each
 * entrustment) are a document in S3 ({@code documents}: {@code lines.json}, {@code slip.html},
 * {@code slip.csv}, {@code slip.json}); the record itself stays small (size model: ~1.5 KB plus
 * ~250 B per audit entry, at most {@value #MAX_AUDIT} entries).
 *
 * @param id             {@code pin_YYYYMMDD_NNN_KKK}: the run's date and sequence, then the pay-in's
 *                       1-based place in the run (order: organization code, fiscal year, revenue item code)
 * @param fiscalYear     年度 of the lines' deemed payment dates (JST); lines of two years never share a pay-in
 * @param closedYear     the fiscal year had ended (March 31) by the run's business date: paid in separately
 *                       (出納整理期間), and an error when still unpaid near the cutoff
 * @param amount         yen to pay in (the lines' net sum); {@code count} the number of lines
 * @param paid           set once {@code PAID}; {@code confirmedAt} once {@code CONFIRMED}
 * @param version        optimistic lock for status changes
 */
public record PayIn(String id, String runId, LocalDate businessDate, String organizationCode, String ministryCode,
                    String ministryName, String account, String officerCode, String officerName, int fiscalYear,
                    RevenueItem revenueItem, long amount, int count, LocalDate dueDate, boolean closedYear,
                    PayInStatus status, Instant createdAt, PayInPayment paid, Instant confirmedAt,
                    List<PayInAudit> audit, Map<String, StoredObject> documents, long version) {
    public static final Pattern ID = Pattern.compile("pin_\\d{8}_\\d{3}_\\d{3}");
    public static final int MAX_AUDIT = 20;

    public PayIn {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(businessDate, "businessDate");
        Objects.requireNonNull(organizationCode, "organizationCode");
        Objects.requireNonNull(revenueItem, "revenueItem");
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("pay-in id must look like pin_20261201_001_001: " + id);
        }
        if (amount < 0 || count < 0) {
            throw new IllegalArgumentException("pay-in amount and count are not negative");
        }
        if ((status == PayInStatus.DUE) != (paid == null)) {
            throw new IllegalArgumentException("a pay-in records its payment exactly when it is past due");
        }
        if ((status == PayInStatus.CONFIRMED) != (confirmedAt != null)) {
            throw new IllegalArgumentException("a pay-in records its confirmation exactly when confirmed");
        }
        audit = List.copyOf(audit);
        if (audit.size() > MAX_AUDIT) {
            throw new IllegalArgumentException("a pay-in keeps at most " + MAX_AUDIT + " audit entries");
        }
        documents = Map.copyOf(documents);
    }

    /** This pay-in with its stored documents (keys {@code lines.json}, {@code slip.html}, {@code slip.csv}, {@code slip.json}). */
    public PayIn withDocuments(Map<String, StoredObject> stored) {
        return new PayIn(id, runId, businessDate, organizationCode, ministryCode, ministryName, account, officerCode,
                officerName, fiscalYear, revenueItem, amount, count, dueDate, closedYear, status, createdAt, paid,
                confirmedAt, audit, stored, version);
    }

    /** The pay-in id of the {@code place}-th (1-based) pay-in of run {@code stl_YYYYMMDD_NNN}. */
    public static String idOf(String runId, int place) {
        if (!runId.matches("stl_\\d{8}_\\d{3}") || place < 1 || place > 999) {
            throw new IllegalArgumentException("no pay-in id for run " + runId + " place " + place);
        }
        return "pin_" + runId.substring(4) + "_" + String.format("%03d", place);
    }

    /** The run that made pay-in {@code id}. */
    public static String runOf(String id) {
        return "stl_" + id.substring(4, 16);
    }
}
