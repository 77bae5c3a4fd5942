package jp.kokin.domain.console;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a member of staff may do in the operator console, granted per organization (or for every
 * organization). An identity provider names a role in a group: {@code viewer.131001} (the role over
 * organization 131001) or {@code viewer} (over every organization). See {@link StaffUser#fromGroups}.
 */
public enum Role {
    /** Reads payments, runs, pay-ins and the daily revenue report of its organizations. */
    VIEWER("viewer"),
    /** Asks for refunds of its organizations' payments (and reads as a viewer). */
    REFUND_REQUESTER("refund_requester"),
    /** Approves or rejects refunds that someone else requested (and reads as a viewer). */
    REFUND_APPROVER("refund_approver"),
    /**
     * Prepares and approves settlement runs (two different people), downloads released transfer
     * files, records pay-ins into the treasury as paid and confirmed (and reads as a viewer).
     */
    SETTLEMENT_APPROVER("settlement_approver"),
    /** Reads everything of its organizations, and the audit log; changes nothing. */
    AUDITOR("auditor"),
    /** Runs the platform: every organization's data, the audit log, notification resends. Moves no money. */
    PLATFORM_ADMIN("platform_admin");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    /** The name used in group names, URLs and the audit log. */
    public String wire() {
        return wire;
    }

    public static Optional<Role> fromWire(String s) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(s)).findFirst();
    }
}
