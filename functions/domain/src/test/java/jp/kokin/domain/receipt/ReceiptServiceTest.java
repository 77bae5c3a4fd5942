package jp.kokin.domain.receipt;

import static jp.kokin.domain.checkout.TestCatalogs.CHIYODA;
import static jp.kokin.domain.checkout.TestCatalogs.JUMINHYO;
import static jp.kokin.domain.checkout.TestCatalogs.MOFA;
import static jp.kokin.domain.checkout.TestCatalogs.PASSPORT_REVENUE;
import static jp.kokin.domain.checkout.TestCatalogs.MYNA;
import static jp.kokin.domain.checkout.TestCatalogs.PASSPORT;
import static jp.kokin.domain.checkout.TestCatalogs.SHINJUKU;
import static jp.kokin.domain.checkout.TestCatalogs.TOKYO;
import static jp.kokin.domain.checkout.TestCheckouts.aCheckout;
import static jp.kokin.domain.checkout.TestCheckouts.changed;
import static jp.kokin.domain.checkout.TestCheckouts.paid;
import static jp.kokin.domain.checkout.TestCheckouts.start;
import static jp.kokin.domain.checkout.TestCheckouts.succeed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.TreasurySettings;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.ReceiptRef;
import jp.kokin.domain.checkout.Result;
import jp.kokin.domain.checkout.TestClock;
import jp.kokin.domain.notification.PortalNotification;

class ReceiptServiceTest {

    /** 2026-11-26 12:00 JST, fiscal year 2026. */
    private static final Instant PAID_AT = Instant.parse("2026-11-26T03:00:00Z");
    private static final Instant ISSUED_AT = PAID_AT.plusSeconds(5);

    private final TestClock clock = new TestClock(ISSUED_AT);
    private final InMemoryReceiptLedger ledger = new InMemoryReceiptLedger();
    /** The catalog as it is when a receipt is issued: the standard one unless a test makes MOFA a treasury creditor. */
    private Catalog catalog = TestCatalogs.standard();
    private final ReceiptService service = new ReceiptService(ledger, () -> catalog, clock);

    /** A checkout paid at {@code paidAt}, stored in the ledger. */
    private Checkout aPaidCheckout(String organization, String procedure, Instant paidAt) {
        Checkout created = aCheckout().forOrganization(organization).withItem(procedure, 1)
                .createdAt(paidAt.minus(Duration.ofMinutes(5))).build();
        Checkout paid = paid(created, paidAt).atVersion(2);
        ledger.put(paid);
        return paid;
    }

    private Checkout aPaidCheckout() {
        return aPaidCheckout(CHIYODA, JUMINHYO, PAID_AT);
    }

    private static <T> T ok(Result<T> result) {
        if (result instanceof Result.Ok<T> ok) {
            return ok.value();
        }
        throw new AssertionError("expected success but got " + result);
    }

    private static void rejected(String code, Result<?> result) {
        Result.Err<?> err = assertInstanceOf(Result.Err.class, result, () -> "expected " + code + " but got " + result);
        assertEquals(code, err.rejection().code(), err.rejection().detail());
    }

    private String numberFor(Checkout checkout) {
        return ok(service.issue(checkout.id())).receipt().number();
    }

    @Nested
    class Issue {

        @Test
        void aPaidCheckoutGetsTheFirstNumberOfItsOrganizationAndFiscalYear() {
            Checkout checkout = aPaidCheckout();

            ReceiptService.Issued issued = ok(service.issue(checkout.id()));

            assertTrue(issued.newlyIssued());
            Receipt receipt = issued.receipt();
            assertEquals("131016-2026-0000001", receipt.number());
            assertEquals(checkout.id(), receipt.checkoutId());
            assertEquals(CHIYODA, receipt.organizationCode());
            assertEquals(checkout.reference(), receipt.reference());
            assertEquals(300, receipt.amount());
            assertEquals(checkout.items(), receipt.items());
            assertEquals(PAID_AT, receipt.paidAt());
            assertEquals(ISSUED_AT, receipt.issuedAt());
            assertTrue(receipt.token().matches("[a-z2-7]{32}"), receipt.token());
        }

        @Test
        void theCheckoutIsStoredCarryingItsReceipt() {
            Checkout checkout = aPaidCheckout();

            ReceiptService.Issued issued = ok(service.issue(checkout.id()));

            ReceiptRef ref = new ReceiptRef("131016-2026-0000001", ISSUED_AT, issued.receipt().token());
            assertEquals(ref, issued.checkout().receipt());
            assertEquals(ref, ledger.stored(checkout.id()).receipt());
            assertEquals(checkout.version() + 1, ledger.stored(checkout.id()).version());
        }

        @Test
        void numbersFollowEachOtherWithoutGapsPerOrganization() {
            assertEquals("131016-2026-0000001", numberFor(aPaidCheckout()));
            assertEquals("131041-2026-0000001", numberFor(aPaidCheckout(SHINJUKU, JUMINHYO, PAID_AT)));
            assertEquals("131016-2026-0000002", numberFor(aPaidCheckout()));
            assertEquals("131016-2026-0000003", numberFor(aPaidCheckout()));
        }

        @Test
        void theFiscalYearIsThatOfThePaymentDateInJst() {
            Instant lastMomentOfFy2026 = Instant.parse("2027-03-31T14:59:59Z"); // 2027-03-31 23:59:59 JST
            Instant firstMomentOfFy2027 = Instant.parse("2027-03-31T15:00:00Z"); // 2027-04-01 00:00 JST
            clock.set(Instant.parse("2027-04-02T00:00:00Z"));

            assertEquals("131016-2026-0000001", numberFor(aPaidCheckout(CHIYODA, JUMINHYO, lastMomentOfFy2026)));
            assertEquals("131016-2027-0000001", numberFor(aPaidCheckout(CHIYODA, JUMINHYO, firstMomentOfFy2027)));
            assertEquals("131016-2026-0000002", numberFor(aPaidCheckout(CHIYODA, JUMINHYO, lastMomentOfFy2026)),
                    "a payment of the old year issued late continues the old year's sequence");
        }

        @Test
        void thePassportReceiptIsIssuedByTheOrganizationThatOwnsTheProcedure() {
            assertEquals("130001-2026-0000001", numberFor(aPaidCheckout(TOKYO, PASSPORT, PAID_AT)));
        }

        @Test
        void issuingAgainReturnsTheSameReceiptAsNotNewlyIssued() {
            Checkout checkout = aPaidCheckout();
            Receipt first = ok(service.issue(checkout.id())).receipt();
            clock.advance(Duration.ofHours(1));

            ReceiptService.Issued again = ok(service.issue(checkout.id()));

            assertFalse(again.newlyIssued());
            assertEquals(first, again.receipt());
            assertEquals(1, ledger.receiptCount());
            assertEquals("131016-2026-0000002", numberFor(aPaidCheckout()), "the repeat took no number");
        }

        @Test
        void anUnpaidCheckoutGetsNoReceipt() {
            Checkout created = aCheckout().build();
            Checkout pending = start(aCheckout().build(), PaymentMethod.PAYPAY, created.createdAt());
            Checkout canceled = changed(aCheckout().build().cancel(created.createdAt())).checkout();
            for (Checkout unpaid : List.of(created, pending, canceled)) {
                ledger.put(unpaid);
                rejected("not_paid", service.issue(unpaid.id()));
            }
            assertEquals(0, ledger.receiptCount());
        }

        @Test
        void anUnknownCheckoutIsNotFound() {
            rejected("not_found", service.issue("chk_aaaaaaaaaaaaaaaaaaaaaaaaaa"));
        }

        @Test
        void aCheckoutNamingAReceiptThatIsNotStoredIsReportedRatherThanNumberedAgain() {
            Checkout paid = aPaidCheckout().withReceipt(new ReceiptRef("131016-2026-0000009", ISSUED_AT, "t"));
            ledger.put(paid);
            rejected("receipt_missing", service.issue(paid.id()));
            assertEquals(0, ledger.receiptCount());
        }

        @Test
        void whenAnotherCheckoutTakesTheNumberFirstTheIssuerRetriesWithTheNext() {
            Checkout mine = aPaidCheckout();
            Checkout theirs = aPaidCheckout();
            ledger.beforeNextIssue(() -> assertEquals("131016-2026-0000001", numberFor(theirs)));

            ReceiptService.Issued issued = ok(service.issue(mine.id()));

            assertTrue(issued.newlyIssued());
            assertEquals("131016-2026-0000002", issued.receipt().number());
            assertEquals(2, ledger.receiptCount());
            assertEquals(3, ledger.issueCalls(), "theirs, my first try (number taken), my retry");
        }

        @Test
        void whenAnotherIssuerIssuesTheSameCheckoutFirstItsReceiptIsTheOne() {
            Checkout checkout = aPaidCheckout();
            ledger.beforeNextIssue(() -> numberFor(checkout));

            ReceiptService.Issued issued = ok(service.issue(checkout.id()));

            assertFalse(issued.newlyIssued());
            assertEquals("131016-2026-0000001", issued.receipt().number());
            assertEquals(1, ledger.receiptCount());
            assertEquals("131016-2026-0000002", numberFor(aPaidCheckout()), "no number was skipped");
        }

        @Test
        void aDuplicatePaymentRecordedMeanwhileIsKeptWhenTheReceiptIsStored() {
            Checkout twice = start(start(aCheckout().createdAt(PAID_AT.minusSeconds(60)).build(),
                    PaymentMethod.PAYPAY, PAID_AT), PaymentMethod.CARD, PAID_AT);
            Checkout paid = succeed(twice, 1, PAID_AT);
            ledger.put(paid);
            ledger.beforeNextIssue(() -> {
                Checkout duplicate = succeed(ledger.stored(paid.id()), 2, PAID_AT.plusSeconds(1));
                ledger.put(duplicate.atVersion(duplicate.version() + 1));
            });

            ok(service.issue(paid.id()));

            Checkout stored = ledger.stored(paid.id());
            assertTrue(stored.payments().get(1).duplicatePayment(), "the retry re-read the checkout");
            assertEquals("131016-2026-0000001", stored.receipt().number());
        }
    }

    @Nested
    class PayersNotice {
        /** 2027-03-31 23:59:59 JST: the last moment of fiscal year 2026. */
        private static final Instant LAST_MOMENT_OF_FY2026 = Instant.parse("2027-03-31T14:59:59Z");
        /** 2027-04-01 00:00 JST: the first moment of fiscal year 2027. */
        private static final Instant FIRST_MOMENT_OF_FY2027 = Instant.parse("2027-03-31T15:00:00Z");

        private void mofaPaysIntoTheTreasury() {
            catalog = TestCatalogs.aTreasuryCatalog()
                    .withTreasurySettings(new TreasurySettings("株式会社Kokin（指定納付受託者）", java.time.MonthDay.of(5, 31), 5))
                    .build();
        }

        private Receipt passportReceipt(Instant paidAt) {
            return ok(service.issue(aPaidCheckout(TOKYO, PASSPORT, paidAt).id())).receipt();
        }

        @Test
        void aMixedPassportCheckoutGivesAReceiptForThePrefecturesLineAndANoticeForTheNationalLine() {
            mofaPaysIntoTheTreasury();

            Receipt receipt = passportReceipt(PAID_AT);

            assertEquals("130001-2026-0000001", receipt.number());
            assertEquals(16_000, receipt.amount());
            assertEquals(2_000, receipt.receiptAmount(), "the 領収書 covers 東京都's line only");
            assertEquals(1, receipt.notices().size());
            PayerNotice notice = receipt.notices().getFirst();
            assertEquals("MOFA-2026-N0000001", notice.number());
            assertEquals(MOFA, notice.organizationCode());
            assertEquals("外務省", notice.ministryName());
            assertEquals("株式会社Kokin（指定納付受託者）", notice.agentName());
            assertEquals(2026, notice.fiscalYear());
            assertEquals(14_000, notice.amount());
            assertEquals(PAID_AT, notice.entrustedAt(), "entrusted when the provider completed the payment");
            assertEquals(List.of(new PayerNotice.Line(0, 0, PASSPORT, "一般旅券（10年）", 1, PASSPORT_REVENUE.code(),
                    PASSPORT_REVENUE.name(), 14_000)), notice.lines());
            assertEquals(receipt, ledger.findReceipt(receipt.number()).orElseThrow(), "stored with its notice");
            assertEquals(1, ledger.lastPayerNoticeSequence(MOFA, 2026));
        }

        @Test
        void aMunicipalCheckoutGetsNoNoticeAndTakesNoNoticeNumber() {
            mofaPaysIntoTheTreasury();

            Receipt receipt = ok(service.issue(aPaidCheckout().id())).receipt();

            assertEquals(List.of(), receipt.notices());
            assertEquals(receipt.amount(), receipt.receiptAmount());
            assertEquals(0, ledger.lastPayerNoticeSequence(MOFA, 2026));
        }

        @Test
        void whereMofaIsPaidByBankTransferThePassportGetsAReceiptForEveryLineAndNoNotice() {
            Receipt receipt = passportReceipt(PAID_AT);

            assertEquals(List.of(), receipt.notices());
            assertEquals(16_000, receipt.receiptAmount());
        }

        @Test
        void noticesOfOneMinistryAndFiscalYearAreNumberedWithoutGaps() {
            mofaPaysIntoTheTreasury();

            assertEquals("MOFA-2026-N0000001", passportReceipt(PAID_AT).notices().getFirst().number());
            assertEquals("MOFA-2026-N0000002", passportReceipt(PAID_AT.plusSeconds(60)).notices().getFirst().number());
            assertEquals("131016-2026-0000001", numberFor(aPaidCheckout()), "receipts keep their own series");
        }

        @Test
        void aPaymentAtOneMinuteToMidnightOnMarch31AndOneAtMidnightGoToTwoFiscalYearSeries() {
            mofaPaysIntoTheTreasury();
            clock.set(Instant.parse("2027-04-02T00:00:00Z"));

            PayerNotice lastOfOld = passportReceipt(LAST_MOMENT_OF_FY2026.minusSeconds(59)).notices().getFirst();
            PayerNotice firstOfNew = passportReceipt(FIRST_MOMENT_OF_FY2027).notices().getFirst();
            PayerNotice oldIssuedLate = passportReceipt(LAST_MOMENT_OF_FY2026).notices().getFirst();

            assertEquals("MOFA-2026-N0000001", lastOfOld.number());
            assertEquals(2026, lastOfOld.fiscalYear());
            assertEquals("MOFA-2027-N0000001", firstOfNew.number());
            assertEquals(2027, firstOfNew.fiscalYear());
            assertEquals("MOFA-2026-N0000002", oldIssuedLate.number(), "a late issue continues its own year's series");
        }

        @Test
        void whenAnotherReceiptTakesTheNoticeNumberFirstTheIssuerRetriesWithTheNext() {
            mofaPaysIntoTheTreasury();
            Checkout mine = aPaidCheckout(TOKYO, PASSPORT, PAID_AT);
            Checkout theirs = aPaidCheckout(TOKYO, PASSPORT, PAID_AT);
            ledger.beforeNextIssue(() -> ok(service.issue(theirs.id())));

            Receipt receipt = ok(service.issue(mine.id())).receipt();

            assertEquals("130001-2026-0000002", receipt.number());
            assertEquals("MOFA-2026-N0000002", receipt.notices().getFirst().number());
            assertEquals(3, ledger.issueCalls(), "theirs, my first try (numbers taken), my retry");
        }

        @Test
        void aReceiptIssuedBeforeMofaBecameATreasuryCreditorStaysAsItWas() {
            Checkout checkout = aPaidCheckout(TOKYO, PASSPORT, PAID_AT);
            Receipt before = ok(service.issue(checkout.id())).receipt();
            mofaPaysIntoTheTreasury();

            ReceiptService.Issued again = ok(service.issue(checkout.id()));

            assertFalse(again.newlyIssued());
            assertEquals(before, again.receipt());
            assertEquals(List.of(), again.receipt().notices());
            assertEquals(0, ledger.lastPayerNoticeSequence(MOFA, 2026), "no notice number was taken");
        }

        @Test
        void aNationalLineWhoseFeeNamesNoRevenueItemIsNoticedAsUnassigned() {
            catalog = TestCatalogs.aStandardCatalog().withTreasuryOrganization(MOFA, "外務省", TestCatalogs.MOFA_TREASURY).build();

            PayerNotice notice = passportReceipt(PAID_AT).notices().getFirst();

            assertEquals("UNASSIGNED", notice.lines().getFirst().revenueItemCode());
            assertEquals("歳入科目未設定", notice.lines().getFirst().revenueItemName());
        }

        @Test
        void theReceiptNotificationListsTheNotices() {
            mofaPaysIntoTheTreasury();
            Checkout checkout = aPaidCheckout(TOKYO, PASSPORT, PAID_AT);
            ReceiptService.Issued issued = ok(service.issue(checkout.id()));

            List<PortalNotification> notifications = ReceiptService.notificationsFor(issued.checkout(), issued.receipt(), null);

            assertEquals(List.of("msg_" + checkout.id() + "_paid", "msg_" + checkout.id() + "_receipt"),
                    notifications.stream().map(PortalNotification::id).toList(), "webhook ids unchanged");
            assertFalse(notifications.getFirst().data().containsKey("notices"));
            assertEquals(List.of(Map.of("number", "MOFA-2026-N0000001", "organizationCode", MOFA, "amount", 14_000L)),
                    notifications.getLast().data().get("notices"));
        }
    }

    @Nested
    class Notifications {

        private final Checkout checkout = aPaidCheckout();
        private final Receipt receipt = ok(service.issue(checkout.id())).receipt();
        private final Checkout withReceipt = ledger.stored(checkout.id());

        @Test
        void aPaidCheckoutGivesAPaidAndAReceiptNotificationWithStableIds() {
            List<PortalNotification> notifications = ReceiptService.notificationsFor(withReceipt, receipt,
                    "https://kokin.example.jp/receipts/x");

            assertEquals(List.of("msg_" + checkout.id() + "_paid", "msg_" + checkout.id() + "_receipt"),
                    notifications.stream().map(PortalNotification::id).toList());
            assertEquals(List.of(PortalNotification.CHECKOUT_PAID, PortalNotification.RECEIPT_ISSUED),
                    notifications.stream().map(PortalNotification::type).toList());
            assertEquals(List.of(MYNA, MYNA), notifications.stream().map(PortalNotification::portalId).toList());
            assertEquals(List.of(PAID_AT, ISSUED_AT), notifications.stream().map(PortalNotification::timestamp).toList());
            assertEquals(notifications, ReceiptService.notificationsFor(withReceipt, receipt,
                    "https://kokin.example.jp/receipts/x"), "the same ids on every call");
        }

        @Test
        void thePaidNotificationCarriesThePaymentAndTheReceiptNumber() {
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("checkoutId", checkout.id());
            expected.put("reference", "APP-0001");
            expected.put("organizationCode", CHIYODA);
            expected.put("amount", 300L);
            expected.put("paidAt", "2026-11-26T03:00:00Z");
            expected.put("paymentDate", "2026-11-26");
            expected.put("latePayment", false);
            expected.put("receiptNumber", "131016-2026-0000001");

            assertEquals(expected, ReceiptService.notificationsFor(withReceipt, receipt, null).getFirst().data());
        }

        @Test
        void aReceiptWithoutNoticesNotifiesExactlyAsBefore() {
            assertFalse(ReceiptService.notificationsFor(withReceipt, receipt, null).getLast().data().containsKey("notices"));
        }

        @Test
        void theReceiptNotificationAddsWhenAndWhereTheReceiptIs() {
            Map<String, Object> data = ReceiptService.notificationsFor(withReceipt, receipt,
                    "https://kokin.example.jp/receipts/x").getLast().data();
            assertEquals(ISSUED_AT.toString(), data.get("issuedAt"));
            assertEquals("https://kokin.example.jp/receipts/x", data.get("receiptUrl"));
            assertEquals("131016-2026-0000001", data.get("receiptNumber"));

            Map<String, Object> withoutUrl = ReceiptService.notificationsFor(withReceipt, receipt, null).getLast().data();
            assertFalse(withoutUrl.containsKey("receiptUrl"));
        }

        @Test
        void thePaymentDateIsTheJstDateOfPaidAt() {
            Checkout lateEvening = aPaidCheckout(CHIYODA, JUMINHYO, Instant.parse("2026-11-26T15:30:00Z"));
            Receipt r = ok(service.issue(lateEvening.id())).receipt();
            Map<String, Object> data = ReceiptService.notificationsFor(ledger.stored(lateEvening.id()), r, null)
                    .getFirst().data();
            assertEquals("2026-11-27", data.get("paymentDate"));
            assertEquals("2026-11-26T15:30:00Z", data.get("paidAt"));
        }

        @Test
        void aLatePaymentIsFlaggedToThePortal() {
            Checkout created = aCheckout().createdAt(PAID_AT.minus(Duration.ofHours(2))).build();
            Checkout late = paid(created, PAID_AT);
            assertTrue(late.latePayment());
            ledger.put(late);
            Receipt r = ok(service.issue(late.id())).receipt();
            assertEquals(true, ReceiptService.notificationsFor(ledger.stored(late.id()), r, null)
                    .getFirst().data().get("latePayment"));
            assertNotEquals(receipt.number(), r.number());
        }
    }
}
