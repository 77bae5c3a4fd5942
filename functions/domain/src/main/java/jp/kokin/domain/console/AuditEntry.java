package jp.kokin.domain.console;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the audit log: who did what, when and from where. Written once, never changed.
 *
 * @param id        unique, ordered by time within a day: {@code aud_} + epoch millis (13 digits) + 8 hex
 * @param at        when (UTC; shown in JST)
 * @param principal {@code usr_…} (a failed sign-in has none: {@code "-"})
 * @param name      the person's display name at the time
 * @param action    what, e.g. {@code sign_in}, {@code sign_in_failed}, {@code sign_out}, {@code refund.requested},
 *                  {@code refund.approved}, {@code refund.rejected}, {@code run.prepared}, {@code run.approved},
 *                  {@code transfer_file.downloaded}, {@code payin.paid}, {@code payin.confirmed},
 *                  {@code notification.resent}, {@code export} (see {@link AuditActions})
 * @param target    the thing acted on (a checkout, refund, run or pay-in id; {@code "-"} for none)
 * @param organization the organization the target belongs to ({@code "-"} for none or several)
 * @param sourceIp  the client's address as API Gateway saw it
 * @param userAgent truncated to {@link #MAX_USER_AGENT} characters
 * @param detail    small facts (amount, reason, file digest), at most {@link #MAX_DETAIL_ENTRIES} entries of
 *                  {@link #MAX_DETAIL_VALUE} characters: an entry stays under 4 KB
 */
public record AuditEntry(String id, Instant at, String principal, String name, String action, String target,
                         String organization, String sourceIp, String userAgent, Map<String, String> detail) {
    public static final int MAX_USER_AGENT = 256;
    public static final int MAX_DETAIL_ENTRIES = 16;
    public static final int MAX_DETAIL_VALUE = 200;

    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        name = name == null ? "" : name;
        target = target == null ? "-" : target;
        organization = organization == null ? "-" : organization;
        sourceIp = sourceIp == null ? "" : sourceIp;
        userAgent = userAgent == null ? "" : userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent;
        if (detail.size() > MAX_DETAIL_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_DETAIL_ENTRIES + " detail entries");
        }
        var copy = new java.util.LinkedHashMap<String, String>();
        detail.forEach((k, v) -> copy.put(k, v == null ? "" : v.length() > MAX_DETAIL_VALUE ? v.substring(0, MAX_DETAIL_VALUE) : v));
        detail = java.util.Collections.unmodifiableMap(copy);
    }
}
