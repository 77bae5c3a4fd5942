package jp.kokin.adapters.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.catalog.RevenueItem;
import jp.kokin.domain.settlement.StoredObject;
import jp.kokin.domain.settlement.treasury.PayIn;
import jp.kokin.domain.settlement.treasury.PayInAudit;
import jp.kokin.domain.settlement.treasury.PayInPayment;
import jp.kokin.domain.settlement.treasury.PayInStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Pay-ins on DynamoDB Local with the ledger table of {@code template.yaml} (its two indexes): a run
 * creates a pay-in once (a roll-forward never resets it), status changes are version-locked, the
 * due index lists a pay-in exactly while it is due, and an organization's pay-ins are a range of
 * business dates.
 */
class DynamoPayInsIT {
    private static final Instant CREATED = Instant.parse("2026-11-30T15:30:00Z");
    private static final RevenueItem ITEM = new RevenueItem("016-01-01-01", "旅券法手数料");

    private DynamoPayIns payIns;
    private DynamoDbClient dynamoDb;
    private String table;

    @BeforeEach
    void freshTables() {
        TestAws aws = TestAws.create();
        dynamoDb = aws.dynamoDb();
        table = aws.ledgerTable();
        payIns = DynamoPayIns.fromEnv(dynamoDb, Map.of("LEDGER_TABLE", table));
    }

    private static PayIn due(LocalDate businessDate, int place, String org, LocalDate dueDate, long amount) {
        String runId = "stl_" + businessDate.toString().replace("-", "") + "_001";
        String id = PayIn.idOf(runId, place);
        return new PayIn(id, runId, businessDate, org, "016", "外務省", "一般会計", "0160001", "外務省大臣官房会計課長（歳入徴収官）",
                2026, ITEM, amount, 1, dueDate, false, PayInStatus.DUE, CREATED, null, null,
                List.of(new PayInAudit("created", "system", CREATED, runId)),
                Map.of("lines.json", new StoredObject("runs/" + businessDate + "/" + runId + "/payins/" + id + ".lines.json",
                        "ab".repeat(32), 1234, "application/json")), 1);
    }

    private static PayIn paid(PayIn p) {
        List<PayInAudit> audit = new ArrayList<>(p.audit());
        audit.add(new PayInAudit("paid", "key_0123456789abcdef", CREATED.plusSeconds(3600), "bank=日本銀行; reference=R-1"));
        return new PayIn(p.id(), p.runId(), p.businessDate(), p.organizationCode(), p.ministryCode(), p.ministryName(),
                p.account(), p.officerCode(), p.officerName(), p.fiscalYear(), p.revenueItem(), p.amount(), p.count(),
                p.dueDate(), p.closedYear(), PayInStatus.PAID, p.createdAt(), new PayInPayment(p.businessDate(), "日本銀行", "R-1"),
                null, audit, p.documents(), p.version() + 1);
    }

    private static PayIn confirmed(PayIn p) {
        return new PayIn(p.id(), p.runId(), p.businessDate(), p.organizationCode(), p.ministryCode(), p.ministryName(),
                p.account(), p.officerCode(), p.officerName(), p.fiscalYear(), p.revenueItem(), p.amount(), p.count(),
                p.dueDate(), p.closedYear(), PayInStatus.CONFIRMED, p.createdAt(), p.paid(), CREATED.plusSeconds(7200),
                p.audit(), p.documents(), p.version() + 1);
    }

    private Map<String, AttributeValue> item(String id) {
        return dynamoDb.getItem(b -> b.tableName(table).key(DynamoPayIns.key(id)).consistentRead(true)).item();
    }

    private static List<String> ids(List<PayIn> list) {
        return list.stream().map(PayIn::id).toList();
    }

    @Test
    void aPayInIsCreatedOnceAndReadBackAsStored() {
        PayIn p = due(LocalDate.of(2026, 11, 30), 1, "MOFA", LocalDate.of(2026, 12, 7), 14_000);
        assertTrue(payIns.create(p));
        assertEquals(Optional.of(p), payIns.find(p.id()));
        Map<String, AttributeValue> item = item(p.id());
        assertEquals("PAYINDATE#2026-11-30", item.get("pk").s());
        assertEquals("PAYIN#" + p.id(), item.get("sk").s());
        assertTrue(item.get("doc").s().length() < 8 * 1024, "the size model: under 8 KB");
    }

    @Test
    void aRunRolledForwardNeverResetsAPayIn() {
        PayIn p = due(LocalDate.of(2026, 11, 30), 1, "MOFA", LocalDate.of(2026, 12, 7), 14_000);
        assertTrue(payIns.create(p));
        assertTrue(payIns.update(paid(p)));
        assertFalse(payIns.create(p), "the roll-forward computes the same pay-in again");
        assertFalse(payIns.create(due(LocalDate.of(2026, 11, 30), 1, "MOFA", LocalDate.of(2026, 12, 8), 1)));
        PayIn stored = payIns.find(p.id()).orElseThrow();
        assertEquals(PayInStatus.PAID, stored.status());
        assertEquals(14_000, stored.amount());
        assertEquals(2, stored.version());
    }

    @Test
    void aStatusChangeNeedsTheVersionItWasReadAt() {
        PayIn p = due(LocalDate.of(2026, 11, 30), 1, "MOFA", LocalDate.of(2026, 12, 7), 14_000);
        assertFalse(payIns.update(paid(p)), "no pay-in stored: nothing to update");
        assertTrue(payIns.find(p.id()).isEmpty(), "an update never creates");
        payIns.create(p);
        PayIn first = paid(p);
        assertTrue(payIns.update(first));
        assertFalse(payIns.update(paid(p)), "a second writer that read version 1 loses");
        assertTrue(payIns.update(confirmed(first)));
        assertFalse(payIns.update(confirmed(first)), "the same change twice: the second loses");
        PayIn stored = payIns.find(p.id()).orElseThrow();
        assertEquals(PayInStatus.CONFIRMED, stored.status());
        assertEquals(3, stored.version());
        assertEquals(3, Long.parseLong(item(p.id()).get("version").n()));
    }

    @Test
    void theDueIndexListsAPayInExactlyWhileItIsDueByDueDate() {
        PayIn late = due(LocalDate.of(2026, 11, 30), 2, "MOFA", LocalDate.of(2026, 12, 9), 2_000);
        PayIn early = due(LocalDate.of(2026, 11, 30), 1, "MOFA", LocalDate.of(2026, 12, 7), 14_000);
        PayIn earlier = due(LocalDate.of(2026, 11, 27), 1, "MOJ", LocalDate.of(2026, 12, 4), 3_000);
        payIns.create(late);
        payIns.create(early);
        payIns.create(earlier);
        assertEquals(List.of(earlier.id(), early.id(), late.id()), ids(payIns.due()));
        assertEquals("Y", item(early.id()).get("payinDue").s());

        PayIn paid = paid(early);
        assertTrue(payIns.update(paid));
        assertEquals(List.of(earlier.id(), late.id()), ids(payIns.due()));
        Map<String, AttributeValue> item = item(early.id());
        assertFalse(item.containsKey("payinDue"), "sparse: gone once paid");
        assertFalse(item.containsKey("payinDueDate"));
        assertTrue(payIns.update(confirmed(paid)));
        assertEquals(List.of(earlier.id(), late.id()), ids(payIns.due()));
    }

    @Test
    void anOrganizationsPayInsAreARangeOfBusinessDatesBothEndsIncluded() {
        PayIn before = due(LocalDate.of(2026, 10, 31), 1, "MOFA", LocalDate.of(2026, 11, 9), 1);
        PayIn first = due(LocalDate.of(2026, 11, 1), 1, "MOFA", LocalDate.of(2026, 11, 9), 1);
        PayIn second = due(LocalDate.of(2026, 11, 1), 2, "MOFA", LocalDate.of(2026, 11, 9), 1);
        PayIn last = due(LocalDate.of(2026, 11, 30), 1, "MOFA", LocalDate.of(2026, 12, 7), 1);
        PayIn after = due(LocalDate.of(2026, 12, 1), 1, "MOFA", LocalDate.of(2026, 12, 8), 1);
        PayIn otherOrg = due(LocalDate.of(2026, 11, 15), 1, "MOJ", LocalDate.of(2026, 11, 20), 1);
        for (PayIn p : List.of(before, first, second, last, after, otherOrg)) {
            payIns.create(p);
        }
        payIns.update(paid(second));
        assertEquals(List.of(first.id(), second.id(), last.id()),
                ids(payIns.byOrganization("MOFA", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30))), "paid ones too");
        assertEquals(List.of(otherOrg.id()), ids(payIns.byOrganization("MOJ", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30))));
        assertEquals(List.of(), ids(payIns.byOrganization("MOFAX", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31))));
        assertEquals(List.of(first.id(), second.id()), ids(payIns.byBusinessDate(LocalDate.of(2026, 11, 1))));
        assertEquals(List.of(), ids(payIns.byBusinessDate(LocalDate.of(2026, 11, 2))));
    }

    @Test
    void anIdThatNamesNoDateOrNoPayInFindsNothing() {
        assertEquals(Optional.empty(), payIns.find("pin_20261130_001_001"));
        assertEquals(Optional.empty(), payIns.find("pin_20261399_001_001"));
        assertEquals(Optional.empty(), payIns.find("pin_2026113_001_001"));
        assertEquals(Optional.empty(), payIns.find("stl_20261130_001"));
    }

    @Test
    void everyDuePayInIsListedPastOneQueryPage() {
        // ~1.3 KB each: 900 are more than DynamoDB's 1 MB page
        List<String> expected = new ArrayList<>();
        LocalDate day = LocalDate.of(2026, 4, 1);
        for (int i = 0; i < 900; i++) {
            PayIn p = due(day.plusDays(i / 300), i % 300 + 1, "MOFA", day.plusDays(10), 1);
            payIns.create(p);
            expected.add(p.id());
        }
        assertEquals(expected, ids(payIns.due()));
        assertEquals(900, payIns.byOrganization("MOFA", day, day.plusDays(3)).size());
    }
}
