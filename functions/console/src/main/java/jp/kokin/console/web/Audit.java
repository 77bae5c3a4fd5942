package jp.kokin.console.web;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

import jp.kokin.domain.console.AuditEntry;
import jp.kokin.domain.console.AuditLog;
import jp.kokin.domain.console.StaffUser;

/** Writes audit entries for console requests: who (the session's user), from where (IP, user agent), when (the request's time). */
public final class Audit {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final AuditLog log;

    public Audit(AuditLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /** By the signed-in user of {@code r}. */
    public void record(ConsoleRequest r, String action, String target, String organization, Map<String, String> detail) {
        StaffUser u = r.user();
        record(r, u.principal(), u.name(), action, target, organization, detail);
    }

    /** By {@code principal} (a sign-in, before the session exists; {@code "-"} when unknown). */
    public void record(ConsoleRequest r, String principal, String name, String action, String target, String organization,
                       Map<String, String> detail) {
        log.append(new AuditEntry(newId(r), r.now(), principal, name, action, target, organization, r.sourceIp(),
                r.userAgent(), detail));
    }

    private static String newId(ConsoleRequest r) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "aud_" + String.format("%013d", r.now().toEpochMilli()) + HexFormat.of().formatHex(b);
    }
}
