package jp.kokin.adapters.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.console.RunRelease;

/** Run releases on DynamoDB Local: prepared once, approved once, only as read. */
class DynamoRunReleasesIT {
    private static final Instant T = Instant.parse("2026-12-01T00:30:00Z");
    private static final String RUN = "stl_20261130_001";

    private DynamoRunReleases releases;

    @BeforeEach
    void freshTables() {
        TestAws aws = TestAws.create();
        releases = new DynamoRunReleases(aws.dynamoDb(), aws.ledgerTable());
    }

    private static RunRelease prepared(String by, Instant at) {
        return new RunRelease(RUN, by, by + " name", at, null, null, null);
    }

    private static RunRelease approvedBy(RunRelease p, String by) {
        return new RunRelease(p.runId(), p.preparedBy(), p.preparedByName(), p.preparedAt(), by, by + " name", T.plusSeconds(600));
    }

    @Test
    void aRunIsPreparedOnceAndApprovedOnceByAnotherPerson() {
        RunRelease p = prepared("usr_aaaaaaaaaaaaaaaa", T);
        assertEquals(Optional.empty(), releases.find(RUN));
        assertTrue(releases.prepare(p));
        assertFalse(releases.prepare(prepared("usr_cccccccccccccccc", T.plusSeconds(1))), "a second preparation is refused");
        assertEquals(Optional.of(p), releases.find(RUN));

        assertTrue(releases.approve(approvedBy(p, "usr_bbbbbbbbbbbbbbbb")));
        assertFalse(releases.approve(approvedBy(p, "usr_cccccccccccccccc")), "approved once");
        RunRelease stored = releases.find(RUN).orElseThrow();
        assertTrue(stored.approved());
        assertEquals("usr_bbbbbbbbbbbbbbbb", stored.approvedBy());
        assertEquals(T.plusSeconds(600), stored.approvedAt());
    }

    @Test
    void anApprovalOfAReleaseThatIsMissingOrNotAsReadIsRefused() {
        RunRelease p = prepared("usr_aaaaaaaaaaaaaaaa", T);
        assertFalse(releases.approve(approvedBy(p, "usr_bbbbbbbbbbbbbbbb")), "nothing prepared");
        releases.prepare(p);
        RunRelease other = prepared("usr_aaaaaaaaaaaaaaaa", T.plusSeconds(5));
        assertFalse(releases.approve(approvedBy(other, "usr_bbbbbbbbbbbbbbbb")), "not the release that was read");
        assertFalse(releases.find(RUN).orElseThrow().approved());
    }
}
