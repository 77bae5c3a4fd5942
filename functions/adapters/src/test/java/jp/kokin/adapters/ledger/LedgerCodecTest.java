package jp.kokin.adapters.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.domain.catalog.FeeLine;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.PaymentStatus;
import jp.kokin.domain.receipt.PayerNotice;
import jp.kokin.domain.receipt.Receipt;

/** The stored checkout document: what it leaves out to stay small, and that every form of it reads back. */
class LedgerCodecTest {

    private static final Instant PAID = Instant.parse("2026-11-30T03:00:00Z");

    @Test
    void aPendingCheckoutsDocumentLeavesOutWhatHoldsItsDefaultAndReadsBackTheSame() {
        Checkout pending = with(Checkouts.aCheckout().build(), List.of(attempt(PaymentStatus.PENDING, null, false, null)),
                false, Map.of());
        String doc = Json.write(LedgerCodec.checkout(pending));

        for (String absent : List.of("null", "paidAt", "latePayment", "completedAt", "duplicatePayment", "metadata", "lastAskedAt")) {
            assertFalse(doc.contains(absent), absent + " in " + doc);
        }
        assertEquals(pending, LedgerCodec.checkout(Json.parse(doc)));
    }

    @Test
    void aCheckoutWithEveryOptionalFieldSetReadsBackTheSame() {
        Checkout base = Checkouts.aCheckout().paidAt(PAID).build();
        Payment late = attempt(PaymentStatus.SUCCEEDED, PAID.plusSeconds(60), true, PAID.plusSeconds(30));
        List<Payment> payments = new java.util.ArrayList<>(base.payments());
        payments.add(late);
        Checkout withLate = with(base, payments, true, Map.of("application", "A-1"));
        Checkout full = new Checkout(withLate.id(), withLate.status(), withLate.organizationCode(), withLate.portalId(),
                withLate.reference(), withLate.items(), withLate.amount(), withLate.returnUrl(), withLate.language(),
                withLate.methods(), withLate.expiresAt(), withLate.createdAt(), withLate.paidAt(), true, payments,
                withLate.receipt(), withLate.metadata(), "stl_20261130_001", 7);
        String doc = Json.write(LedgerCodec.checkout(full));

        for (String present : List.of("\"latePayment\":true", "\"duplicatePayment\":true", "\"metadata\":{\"application\":\"A-1\"}",
                "\"lastAskedAt\"", "\"completedAt\"", "\"paidAt\"", "\"settlementRunId\":\"stl_20261130_001\"")) {
            assertTrue(doc.contains(present), present + " not in " + doc);
        }
        assertEquals(full, LedgerCodec.checkout(Json.parse(doc)));
    }

    /** Items stored before the defaults were left out (and code deployed before) read the same checkout. */
    @Test
    void aDocumentThatSpellsOutItsDefaultsReadsTheSameCheckout() {
        Checkout pending = with(Checkouts.aCheckout().build(), List.of(attempt(PaymentStatus.PENDING, null, false, null)),
                false, Map.of());
        ObjectNode doc = LedgerCodec.checkout(pending);
        doc.putNull("paidAt");
        doc.put("latePayment", false);
        doc.putObject("metadata");
        ObjectNode payment = (ObjectNode) doc.get("payments").get(0);
        payment.putNull("completedAt");
        payment.put("duplicatePayment", false);

        assertEquals(pending, LedgerCodec.checkout(Json.parse(Json.write(doc))));
        assertTrue(Json.write(doc).length() - Json.write(LedgerCodec.checkout(pending)).length() >= 80,
                "the defaults spelled out cost 80 bytes or more of every write of a pending checkout");
    }

    private static Checkout with(Checkout base, List<Payment> payments, boolean late, Map<String, String> metadata) {
        return new Checkout(base.id(), base.status(), base.organizationCode(), base.portalId(), base.reference(),
                base.items(), base.amount(), base.returnUrl(), base.language(), base.methods(), base.expiresAt(),
                base.createdAt(), base.paidAt(), late, payments, base.receipt(), metadata, null, 7);
    }

    private static Payment attempt(PaymentStatus status, Instant completedAt, boolean duplicate, Instant lastAskedAt) {
        return new Payment("pay_test_" + status.wire(), PaymentMethod.CARD, "sandbox", "sbx_1", status, 300,
                PAID.minusSeconds(120), completedAt, duplicate, lastAskedAt);
    }

    @Test
    void aReceiptWithPayersNoticesReadsBackTheSame() {
        Checkout passport = Checkouts.aCheckout().forOrganization("130001").withProcedure("passport-10y",
                new FeeLine("MOFA", 14000), new FeeLine("130001", 2000)).paidAt(PAID).build();
        PayerNotice notice = new PayerNotice("MOFA-2026-N0000001", "MOFA", "外務省", "Kokin 指定納付受託者", 2026,
                List.of(new PayerNotice.Line(0, 0, "passport-10y", "一般旅券（10年）", 1, "016-01-01-01", "旅券法手数料", 14000)),
                14000, PAID);
        Receipt receipt = new Receipt("130001-2026-0000001", passport.id(), "130001", passport.reference(), 16000,
                passport.items(), PAID, PAID.plusSeconds(5), "a".repeat(Receipt.TOKEN_LENGTH), List.of(notice));

        Receipt read = LedgerCodec.receipt(Json.parse(Json.write(LedgerCodec.receipt(receipt))));

        assertEquals(receipt, read);
        assertEquals(2000, read.receiptAmount());
    }

    @Test
    void aReceiptStoredBeforePayersNoticesReadsWithNone() {
        Checkout paid = Checkouts.aCheckout().paidAt(PAID).build();
        Receipt receipt = new Receipt("131016-2026-0000001", paid.id(), "131016", paid.reference(), 300, paid.items(),
                PAID, PAID.plusSeconds(5), "a".repeat(Receipt.TOKEN_LENGTH));
        ObjectNode stored = LedgerCodec.receipt(receipt);

        assertFalse(stored.has("notices"), "a receipt without notices is stored as before");
        Receipt read = LedgerCodec.receipt(Json.parse(Json.write(stored)));
        assertEquals(List.of(), read.notices());
        assertEquals(receipt, read);
    }
}
