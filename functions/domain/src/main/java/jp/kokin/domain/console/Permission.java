package jp.kokin.domain.console;

import java.util.EnumSet;
import java.util.Set;

/**
 * What one console route needs. Each route of the console declares exactly one permission; a user
 * has it over an organization when one of the roles granted over that organization (or over every
 * organization) carries it ({@link StaffUser#may}).
 */
public enum Permission {
    /** Lists, pages, documents and CSV exports of payments, runs, pay-ins and daily revenue. */
    VIEW(EnumSet.allOf(Role.class)),
    REQUEST_REFUND(EnumSet.of(Role.REFUND_REQUESTER)),
    DECIDE_REFUND(EnumSet.of(Role.REFUND_APPROVER)),
    /** Prepare or approve a run, download a released transfer file, record a pay-in paid or confirmed. */
    SETTLE(EnumSet.of(Role.SETTLEMENT_APPROVER)),
    /** The audit log and its export. */
    AUDIT(EnumSet.of(Role.AUDITOR, Role.PLATFORM_ADMIN)),
    /** Resend a portal notification. */
    OPERATE(EnumSet.of(Role.PLATFORM_ADMIN));

    private final Set<Role> roles;

    Permission(Set<Role> roles) {
        this.roles = Set.copyOf(roles);
    }

    /** The roles that carry this permission. */
    public Set<Role> roles() {
        return roles;
    }
}
