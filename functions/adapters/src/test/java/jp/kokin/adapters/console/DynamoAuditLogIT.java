package jp.kokin.adapters.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.console.AuditEntry;
import jp.kokin.domain.console.Page;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The audit log on DynamoDB Local: append once, never overwritten; listed by JST day, oldest first, page by page. */
class DynamoAuditLogIT {
    /** 2026-11-30 23:30 JST. */
    private static final Instant LATE = Instant.parse("2026-11-30T14:30:00Z");

    private DynamoAuditLog log;

    @BeforeEach
    void freshTables() {
        TestAws aws = TestAws.create();
        log = new DynamoAuditLog(aws.dynamoDb(), aws.ledgerTable());
    }

    private static AuditEntry entry(Instant at, int n, String org) {
        return new AuditEntry("aud_" + String.format("%013d", at.toEpochMilli()) + String.format("%08x", n), at,
                "usr_0123456789abcdef", "会計 太郎", "refund.approved", "rfd_x_" + n, org, "203.0.113.7", "Mozilla/5.0",
                Map.of("amount", Integer.toString(100 * n)));
    }

    private List<AuditEntry> all(LocalDate from, LocalDate to, Optional<Set<String>> orgs, int pageSize) {
        List<AuditEntry> rows = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int i = 0; i < 200; i++) {
            Page<AuditEntry> page = log.list(from, to, orgs, cursor, pageSize);
            assertTrue(page.rows().size() <= pageSize);
            rows.addAll(page.rows());
            if (page.next().isEmpty()) {
                return rows;
            }
            assertTrue(page.next().get().matches("[A-Za-z0-9_-]{1,1024}"));
            cursor = page.next();
        }
        throw new AssertionError("too many pages");
    }

    @Test
    void entriesAreListedByTheirJstDayOldestFirstAcrossPagesAndDays() {
        List<AuditEntry> written = new ArrayList<>();
        for (int i = 0; i < 9; i++) { // 23:30 JST on 11-30, then every 10 minutes into 12-01 and beyond
            AuditEntry e = entry(LATE.plusSeconds(600L * i), i, i % 2 == 0 ? "131016" : "-");
            log.append(e);
            written.add(e);
        }
        log.append(entry(LATE.minusSeconds(86_400), 99, "131016")); // 11-29: outside

        List<AuditEntry> rows = all(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 1), Optional.empty(), 2);

        assertEquals(written, rows);
        assertEquals(List.of(written.get(0), written.get(1), written.get(2)),
                all(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 30), Optional.empty(), 10));
    }

    @Test
    void aScopedListShowsOnlyTheEntriesOfThoseOrganizations() {
        for (int i = 0; i < 6; i++) {
            log.append(entry(LATE.plusSeconds(60L * i), i, i % 3 == 0 ? "131016" : i % 3 == 1 ? "131041" : "-"));
        }
        List<AuditEntry> rows = all(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 30), Optional.of(Set.of("131016")), 1);
        assertEquals(List.of("131016", "131016"), rows.stream().map(AuditEntry::organization).toList());
    }

    @Test
    void anEntryIsNeverOverwritten() {
        AuditEntry first = entry(LATE, 1, "131016");
        log.append(first);
        AuditEntry sameId = new AuditEntry(first.id(), first.at(), "usr_ffffffffffffffff", "someone else", "sign_in", "-", "-",
                "", "", Map.of());
        assertThrows(ConditionalCheckFailedException.class, () -> log.append(sameId));
        assertEquals(List.of(first), log.list(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 30), Optional.empty(), 10).rows());
    }

    private static String b64(String s) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aTamperedCursorIsRefusedAsTheCallersMistakeNeverPassedToDynamoDb() {
        for (int i = 0; i < 3; i++) {
            log.append(entry(LATE.plusSeconds(60L * i), i, "131016"));
        }
        LocalDate day = LocalDate.of(2026, 11, 30);
        String valid = log.list(day, day, Optional.empty(), Optional.empty(), 1).next().orElseThrow();
        assertEquals(1, log.list(day, day, Optional.empty(), Optional.of(valid), 1).rows().size(), "a cursor of this list still works");
        long seed = System.nanoTime();
        System.out.println("DynamoAuditLogIT random cursor seed: " + seed);
        byte[] random = new byte[48];
        new java.util.Random(seed).nextBytes(random);
        List<String> tampered = List.of(
                "MA",
                b64("abcdefghij|"), // not a date: LocalDate.parse would throw a DateTimeException (a 500)
                b64("2026-13-45|"),
                b64("2026-12-01|"), // a day after the range
                b64("2026-11-30|" + "x".repeat(700)), // not an entry id: DynamoDB would refuse the start key
                b64("2026-11-30|aud_1|"),
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random),
                "A".repeat(Page.MAX_CURSOR + 1));
        for (String cursor : tampered) {
            var e = assertThrows(IllegalArgumentException.class, () -> log.list(day, day, Optional.empty(), Optional.of(cursor), 1), cursor);
            assertTrue(e.getMessage().contains("cursor"), e.getMessage());
        }
    }
}
