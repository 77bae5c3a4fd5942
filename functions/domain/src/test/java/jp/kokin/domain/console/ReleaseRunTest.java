package jp.kokin.domain.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ReleaseRunTest {
    private static final Instant T0 = Instant.parse("2026-12-01T01:00:00Z");
    private static final Instant T1 = Instant.parse("2026-12-01T01:05:00Z");
    private final InMemoryRunReleases store = new InMemoryRunReleases();
    private final ReleaseRun release = new ReleaseRun(store);

    @Test
    void a_run_is_released_once_another_principal_approves_what_one_prepared() {
        assertFalse(release.released("r1"));
        assertInstanceOf(ReleaseRun.Prepared.Done.class, release.prepare("r1", "p1", "Sato", T0));
        assertFalse(release.released("r1"), "prepared is not released");
        var done = assertInstanceOf(ReleaseRun.Approved.Done.class, release.approve("r1", "p2", null, T1));
        assertEquals("p1", done.release().preparedBy());
        assertEquals(T1, done.release().approvedAt());
        assertTrue(release.released("r1"));
    }

    @Test
    void the_preparer_cannot_approve_even_after_another_did() {
        release.prepare("r1", "p1", null, T0);
        assertInstanceOf(ReleaseRun.Approved.SamePrincipal.class, release.approve("r1", "p1", null, T1));
        assertFalse(release.released("r1"));
        release.approve("r1", "p2", null, T1);
        assertInstanceOf(ReleaseRun.Approved.SamePrincipal.class, release.approve("r1", "p1", null, T1));
    }

    @Test
    void approving_an_unprepared_run_changes_nothing() {
        assertInstanceOf(ReleaseRun.Approved.NotPrepared.class, release.approve("r1", "p2", null, T1));
        assertTrue(store.find("r1").isEmpty());
    }

    @Test
    void repeats_change_nothing_and_say_what_stands() {
        release.prepare("r1", "p1", null, T0);
        var again = assertInstanceOf(ReleaseRun.Prepared.Already.class, release.prepare("r1", "p3", null, T1));
        assertEquals("p1", again.release().preparedBy());
        release.approve("r1", "p2", null, T1);
        var approvedAgain = assertInstanceOf(ReleaseRun.Approved.Already.class, release.approve("r1", "p3", null, T1.plusSeconds(9)));
        assertEquals("p2", approvedAgain.release().approvedBy());
        assertEquals(T1, approvedAgain.release().approvedAt());
    }
}
