package jp.kokin.settlement.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.settlement.InMemoryDocumentStore;

/**
 * A run of a catalog without treasury creditors writes exactly the bytes it wrote before pay-ins
 * existed: the digest below was taken from the documents of this run on the code before issue 12.
 */
class StandardRunBytesTest {
    private static final long SEED = 20261130L;
    /** SHA-256 over every document's key and SHA-256, by key, as written before issue 12. */
    private static final String BEFORE_PAY_INS = "caa66b5bcd15b438d3d797c2e1e9ad4c647ba22b48df777a5047b61d7d7bde4d";

    @Test
    void aRunOfTheStandardCatalogWritesTheSameBytesAsBeforePayIns() {
        RunFixture f = new RunFixture(SEED);
        f.paidOnTheDay(120);
        // One reader: the batches, and so the statements' order of payments, do not depend on threads.
        f.runner(new SettlementRunner.Limits(500_000, 1.0 / 3, 1)).settle(RunFixture.DAY,
                f.clock.instant().plus(Duration.ofMinutes(15)));

        StringBuilder all = new StringBuilder();
        for (String key : new TreeSet<>(f.documents.keys())) {
            all.append(key).append(' ').append(InMemoryDocumentStore.sha256(f.documents.bytes(key).orElseThrow())).append('\n');
        }
        System.out.println(all);
        assertEquals(BEFORE_PAY_INS, InMemoryDocumentStore.sha256(all.toString().getBytes(StandardCharsets.UTF_8)), all.toString());
    }
}
