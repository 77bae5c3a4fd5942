package jp.kokin.local;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;


import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.domain.catalog.LocalizedText;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.catalog.Procedure;
import jp.kokin.domain.catalog.ReportPeriod;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.catalog.Treasury;
import jp.kokin.domain.format.OrganizationCode;
import java.util.function.Supplier;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutItem;
import jp.kokin.domain.checkout.LineAmount;
import jp.kokin.domain.checkout.PaymentEvent;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.catalog.Language;
import jp.kokin.local.embedded.EmbeddedAws;
import jp.kokin.local.embedded.HeapWatch;
import jp.kokin.local.embedded.Provisioned;
import jp.kokin.local.embedded.SamTemplate;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import jp.kokin.domain.settlement.treasury.TreasuryReportVersion;
import jp.kokin.settlement.ReportQueue;
import jp.kokin.settlement.SettlementApiWiring;
import jp.kokin.settlement.TreasuryReportJobHandler;
import jp.kokin.settlement.SettlementJobHandler;
import jp.kokin.settlement.SettlementJobWiring;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The settlement benchmark ({@code bench/settlement}; not a test): loads N paid payments of one JST
 * day into the embedded services, spread over C creditors, then measures in this one process
 * <ol>
 *   <li>a plain paginated read of the same items (the settlement index, every shard, in parallel
 *       as the runner reads it), after one warm-up read;</li>
 *   <li>the settlement job ({@code SettlementFunction}, wired from its environment as in AWS) for
 *       that day;</li>
 * </ol>
 * and prints both times, their ratio, the payments per second of the run, and the peak live heap
 * (the largest heap in use just after a garbage collection) during each phase.
 *
 * <p>Arguments: {@code N C [seed] [national]}. With {@code national} every checkout also carries a
 * 1,000-yen national line of 外務省 paid into the treasury (a {@code treasury} block, added to the
 * catalog the job reads), so the run makes pay-ins (国庫納付) and their documents too.
 */
public final class SettlementBench {
    /** 2026-11-26 (a Thursday) 00:00 JST. */
    private static final Instant DAY_START = Instant.parse("2026-11-25T15:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int creditors = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 20261126L;
        boolean national = args.length > 3 && args[3].equals("national");
        System.out.printf("settlement bench: %,d payments, %,d creditors, seed %d, max heap %d MiB, %d processors%n",
                n, creditors, seed, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        HeapWatch heap = HeapWatch.install();
        try (EmbeddedAws aws = EmbeddedAws.start()) {
            Provisioned provisioned = aws.provision(SamTemplate.load(Path.of("template.yaml")), Map.of());
            Map<String, String> env = new HashMap<>(provisioned.environmentOf("SettlementFunction"));
            env.putAll(aws.awsEnv());
            String ledgerTable = provisioned.tableName("LedgerTable");
            List<String> codes = creditorCodes(creditors);
            SeedLoader.load(aws.dynamoDb(), provisioned.tableName("CatalogTable"), seed(codes));

            long t0 = System.nanoTime();
            load(aws.dynamoDb(), ledgerTable, codes, n, new Random(seed), national);
            System.out.printf("loaded %,d paid checkouts in %.1f s%n", n, seconds(t0));

            plainRead(aws.dynamoDb(), ledgerTable); // warm-up: the first read pays DynamoDB Local's page cache
            heap.reset();
            t0 = System.nanoTime();
            long read = plainRead(aws.dynamoDb(), ledgerTable);
            double plain = seconds(t0);
            long plainHeap = heap.peakMiB();
            System.out.printf("plain read: %,d items in %.2f s, peak live heap %d MiB%n", read, plain, plainHeap);

            heap.reset();
            t0 = System.nanoTime();
            SettlementJobWiring wiring = SettlementJobWiring.fromEnv(env);
            if (national) {
                wiring = withNationalTreasury(wiring);
            }
            var handler = new SettlementJobHandler(wiring);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(("{\"businessDate\":\"" + DAY + "\"}").getBytes(StandardCharsets.UTF_8)),
                    out, new LocalContext("SettlementFunction", "bench-" + seed, Duration.ofMinutes(15)));
            double run = seconds(t0);
            long runHeap = heap.peakMiB();
            System.out.println("job answer: " + out.toString(StandardCharsets.UTF_8));
            System.out.printf("run: %.2f s, ratio to the plain read %.2f, %,.0f payments/s, peak live heap %d MiB%n",
                    run, run / plain, n / run, runHeap);
            System.out.printf("RESULT n=%d creditors=%d plain_s=%.2f run_s=%.2f ratio=%.2f payments_per_s=%.0f plain_heap_mib=%d run_heap_mib=%d%n",
                    n, creditors, plain, run, run / plain, n / run, plainHeap, runHeap);
            if (national) {
                report(provisioned, aws, heap);
            }
        }
    }

    /**
     * 外務省's Art. 6(2) report of the day by the report job ({@code TreasuryReportFunction}, wired from its
     * environment as in AWS), as the API asks it for a report over 50,000 entrustments: time and peak live
     * heap of issuing v001, then of the job asked again for the same inputs (served by its check).
     */
    private static void report(Provisioned provisioned, EmbeddedAws aws, HeapWatch heap) {
        Map<String, String> env = new HashMap<>(provisioned.environmentOf("TreasuryReportFunction"));
        env.putAll(aws.awsEnv());
        SettlementApiWiring w = SettlementApiWiring.fromEnv(env);
        Map<String, Catalog> cache = new HashMap<>();
        Supplier<Catalog> catalog = () -> {
            synchronized (cache) {
                return cache.computeIfAbsent("catalog", k -> nationalCatalog(w.catalog().get()));
            }
        };
        var job = new TreasuryReportJobHandler(new SettlementApiWiring(catalog, w.runs(), w.documents(), w.clock(), w.limits(),
                w.payIns(), w.reports(), w.releases(), w.reportQueue()));
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("bench");
        message.setBody(new ReportQueue.Request(MOFA, DAY, DAY).toJson());
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        double[] seconds = new double[2];
        long[] heaps = new long[2];
        for (int i = 0; i < 2; i++) {
            heap.reset();
            long t0 = System.nanoTime();
            if (!job.handleRequest(event, null).getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException("the report job failed");
            }
            seconds[i] = seconds(t0);
            heaps[i] = heap.peakMiB();
        }
        TreasuryReportVersion v = w.reports().newest(MOFA, DAY, DAY).orElseThrow();
        System.out.printf("report job: %s of %,d entrustments (JSON %,d B, CSV %,d B, HTML %,d B) issued in %.2f s, peak live heap %d MiB;"
                        + " asked again: %.2f s, peak live heap %d MiB%n", v.label(), v.count(), v.json().bytes(), v.csv().bytes(),
                v.html().bytes(), seconds[0], heaps[0], seconds[1], heaps[1]);
        System.out.printf("RESULT report_entrustments=%d report_s=%.2f report_heap_mib=%d report_again_s=%.2f%n",
                v.count(), seconds[0], heaps[0], seconds[1]);
    }

    /** 外務省 (kind national) in the treasury, and each organization's 住民票 naming its 1,000-yen line's revenue item. */
    static final String MOFA = "MOFA";
    static final Treasury MOFA_TREASURY = new Treasury("016", "外務省", "一般会計", "0160001", "外務省歳入徴収官", 5, null,
            null, ReportPeriod.MONTHLY);
    static final RevenueItem REVENUE = new RevenueItem("016-01-99-01", "ベンチ手数料");

    private static SettlementJobWiring withNationalTreasury(SettlementJobWiring w) {
        Map<String, Catalog> cache = new HashMap<>();
        Supplier<Catalog> catalog = () -> {
            Catalog c = w.catalog().get();
            synchronized (cache) {
                return cache.computeIfAbsent("catalog", k -> nationalCatalog(c));
            }
        };
        return new SettlementJobWiring(catalog, w.runs(), w.documents(), w.clock(), w.claimerIds(), w.limits(), w.payIns());
    }

    private static Catalog nationalCatalog(Catalog c) {
        Map<String, Organization> orgs = new HashMap<>();
        for (Organization o : c.organizations().values()) {
            Map<String, Procedure> procedures = new HashMap<>();
            for (Procedure p : o.procedures().values()) {
                List<FeeLine> fees = new ArrayList<>(p.fees());
                fees.add(new FeeLine(MOFA, 1_000, REVENUE));
                procedures.put(p.code(), new Procedure(p.code(), p.name(), fees));
            }
            orgs.put(o.code().toString(), new Organization(o.code(), o.name(), o.bankAccount(), procedures, o.methods(),
                    o.refunds(), o.treasury()));
        }
        orgs.put(MOFA, new Organization(OrganizationCode.parse(MOFA), "外務省", null, Map.of(), Map.of(), null, MOFA_TREASURY));
        return new Catalog(orgs, c.portals(), c.apiKeysByHash(), c.providers(), c.settlement(), c.methods(), c.treasury());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Creditor codes: valid local government codes (JIS X 0402 with check digit), one per creditor. */
    static List<String> creditorCodes(int count) {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String five = String.format("%02d%03d", 1 + i % 47, 100 + i / 47);
            int s = 0;
            for (int d = 0; d < 5; d++) {
                s += (6 - d) * (five.charAt(d) - '0');
            }
            codes.add(five + (11 - s % 11) % 10);
        }
        return codes;
    }

    /** A catalog of {@code codes}, each with one 300-yen procedure and its own bank account. */
    private static byte[] seed(List<String> codes) {
        ObjectNode root = Json.object();
        ArrayNode orgs = root.putArray("organizations");
        for (int i = 0; i < codes.size(); i++) {
            ObjectNode o = orgs.addObject();
            o.put("code", codes.get(i)).put("kind", "local").put("name", "団体" + codes.get(i));
            o.putObject("bankAccount").put("bankCode", "0001").put("branchCode", String.format("%03d", i % 1000))
                    .put("accountType", 1).put("accountNumber", String.format("%07d", 1_000_000 + i)).put("holderKana", "ｺｳｷﾝ ﾃｽﾄ");
            ObjectNode p = o.putArray("procedures").addObject().put("code", "juminhyo");
            p.putObject("name").put("ja", "住民票の写し").put("en", "Copy of residence record");
            p.putArray("fees").addObject().put("creditor", codes.get(i)).put("amount", 300);
        }
        root.putArray("apiKeys");
        root.putArray("portals");
        root.putObject("providers").putObject("sandbox").put("webhookSecret", "whsec_vligTjOwYO4UbJl6nQjUisoeHAMucA4/bpeIhRSlSos=");
        root.putObject("settlement").put("requesterCode", "1234567890").put("requesterKana", "ｺｳｷﾝｼｭｳﾉｳ")
                .put("bankCode", "0005").put("branchCode", "001").put("accountType", 1).put("accountNumber", "1111111");
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * N checkouts paid during the day (seeded times and creditors), stored as the ledger stores them
     * ({@link DynamoLedger#checkoutItem}), 25 to a BatchWriteItem, from 4 threads.
     */
    private static void load(DynamoDbClient dynamoDb, String table, List<String> codes, int n, Random random,
                             boolean national) throws Exception {
        List<Map<String, AttributeValue>> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String creditor = codes.get(random.nextInt(codes.size()));
            Instant paidAt = DAY_START.plusMillis(random.nextLong(Duration.ofDays(1).toMillis()));
            items.add(DynamoLedger.checkoutItem(paidCheckout(creditor, paidAt.minusSeconds(120), paidAt, i, national)));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (int from = 0; from < n; from += 25) {
                List<Map<String, AttributeValue>> batch = items.subList(from, Math.min(n, from + 25));
                done.add(pool.submit(() -> write(dynamoDb, table, batch)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    private static void write(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> batch) {
        List<WriteRequest> requests = batch.stream()
                .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()).toList();
        Map<String, List<WriteRequest>> pending = Map.of(table, requests);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            pending = dynamoDb.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
        }
    }

    static Checkout paidCheckout(String creditor, Instant createdAt, Instant paidAt, int i) {
        return paidCheckout(creditor, createdAt, paidAt, i, false);
    }

    static Checkout paidCheckout(String creditor, Instant createdAt, Instant paidAt, int i, boolean national) {
        List<LineAmount> lines = national ? List.of(new LineAmount(creditor, 300, 300), new LineAmount(MOFA, 1_000, 1_000))
                : List.of(new LineAmount(creditor, 300, 300));
        long amount = national ? 1_300 : 300;
        CheckoutItem item = new CheckoutItem("juminhyo", new LocalizedText("住民票の写し", "Copy of residence record"), 1,
                lines, amount);
        Checkout created = Checkout.create(CheckoutIds.newCheckoutId(), creditor, "bench", "ref-" + i, List.of(item),
                "https://portal.example.jp/done", Language.JA, List.of(), Duration.ofMinutes(30), Map.of(), createdAt);
        Checkout started = ((Change.Changed) created.startPayment(PaymentMethod.PAYPAY, "sandbox", createdAt)).checkout();
        return ((Change.Changed) started.applyPaymentEvent(CheckoutIds.paymentId(started.id(), 1), PaymentEvent.SUCCEEDED,
                amount, paidAt, paidAt)).checkout();
    }

    /** Every item of the settlement index, page by page, every shard in parallel; returns the count. */
    private static long plainRead(DynamoDbClient dynamoDb, String table) throws Exception {
        AtomicLong count = new AtomicLong();
        int shards = DynamoLedger.SETTLEMENT_SHARDS;
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(shards, 4))) {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                String shard = String.format("%02d", s);
                done.add(pool.submit(() -> dynamoDb.queryPaginator(QueryRequest.builder().tableName(table)
                                .indexName("Unsettled").keyConditionExpression("settleShard = :s")
                                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(shard))).build())
                        .items().forEach(item -> count.incrementAndGet())));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return count.get();
    }
}
