package jp.kokin.settlement.run;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.InMemoryCheckoutRepository;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.TestCheckouts;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.InMemoryDocumentStore;
import jp.kokin.domain.settlement.InMemorySettlementRunStore;
import jp.kokin.domain.settlement.SettlementRun;
import jp.kokin.domain.settlement.SettlementRunStore;

/**
 * Paid checkouts in an in-memory ledger, a run store and a document store over it, and runners on
 * them: ids and claimer ids come from one seeded {@link Random} (the seed is printed).
 */
public final class RunFixture {
    /** 2026-11-26 in JST, the business date the tests settle. */
    public static final LocalDate DAY = LocalDate.parse("2026-11-26");
    /** 00:30 JST on the 27th: the daily run. */
    public static final Instant DAILY_RUN = Instant.parse("2026-11-26T15:30:00Z");
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    public final InMemoryCheckoutRepository checkouts = new InMemoryCheckoutRepository();
    public final InMemorySettlementRunStore store = new InMemorySettlementRunStore(checkouts, 16);
    public final InMemoryDocumentStore documents = new InMemoryDocumentStore();
    public final TestClock clock = new TestClock(DAILY_RUN);
    public final Catalog catalog = TestCatalogs.standard();
    private final Random random;

    public RunFixture(long seed) {
        System.out.println("RunFixture seed " + seed);
        this.random = new Random(seed);
    }

    public String checkoutId() {
        StringBuilder id = new StringBuilder("chk_");
        synchronized (random) {
            for (int i = 0; i < 26; i++) {
                id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
        }
        return id.toString();
    }

    /** Claimer ids from the seeded random. */
    public Supplier<String> claimerIds() {
        return () -> {
            synchronized (random) {
                return String.format("%012x", random.nextLong() & 0xffff_ffff_ffffL);
            }
        };
    }

    /** A 住民票 of 千代田区 (300 yen) paid at {@code paidAt}. */
    public Checkout paid(Instant paidAt) {
        return paid(paidAt, TestCheckouts.aCheckout().withId(checkoutId()).createdAt(paidAt.minus(Duration.ofMinutes(5))));
    }

    public Checkout paid(Instant paidAt, TestCheckouts.Builder builder) {
        Checkout c = TestCheckouts.paid(builder.build(), paidAt);
        checkouts.put(c);
        return c;
    }

    /**
     * {@code n} payments of {@link #DAY} spread over the day and over 千代田区, 新宿区 and the passport
     * (MOFA and 東京都).
     */
    public List<Checkout> paidOnTheDay(int n) {
        List<Checkout> out = new ArrayList<>();
        Instant start = DAY.atStartOfDay(jp.kokin.domain.format.JapaneseDates.JST).toInstant().plusSeconds(60);
        for (int i = 0; i < n; i++) {
            Instant at = start.plusSeconds(i * 37L % 80_000);
            TestCheckouts.Builder b = TestCheckouts.aCheckout().withId(checkoutId()).createdAt(at.minus(Duration.ofMinutes(5)));
            switch (i % 4) {
                case 0 -> b.withItem(TestCatalogs.JUMINHYO, 1);
                case 1 -> b.withItem(TestCatalogs.KOSEKI, 2);
                case 2 -> b.forOrganization(TestCatalogs.TOKYO).withItem(TestCatalogs.PASSPORT, 1);
                default -> b.forOrganization(TestCatalogs.SHINJUKU);
            }
            out.add(paid(at, b));
        }
        return out;
    }

    public SettlementRunner runner() {
        return runner(store, documents, SettlementRunner.Limits.defaults());
    }

    public SettlementRunner runner(SettlementRunner.Limits limits) {
        return runner(store, documents, limits);
    }

    public SettlementRunner runner(SettlementRunStore runs, DocumentStore docs, SettlementRunner.Limits limits) {
        return new SettlementRunner(runs, docs, () -> catalog, clock, claimerIds(), limits);
    }

    /** The Lambda limit from now. */
    public Instant deadline() {
        return clock.instant().plus(Duration.ofMinutes(15));
    }

    /** Each checkout id and the run that claimed it, over every stored checkout; null when unclaimed. */
    public Map<String, String> claims() {
        Map<String, String> out = new HashMap<>();
        checkouts.all().forEach(c -> out.put(c.id(), c.settlementRunId()));
        return out;
    }

    /** The runs of {@code date}, complete, oldest first. */
    public List<SettlementRun> runs(LocalDate date) {
        return store.runsOn(date);
    }
}
