package jp.kokin.domain.settlement;

import static jp.kokin.domain.checkout.TestCatalogs.CHIYODA;
import static jp.kokin.domain.checkout.TestCatalogs.JUMINHYO;
import static jp.kokin.domain.checkout.TestCatalogs.KOSEKI;
import static jp.kokin.domain.checkout.TestCatalogs.MOFA;
import static jp.kokin.domain.checkout.TestCatalogs.PASSPORT;
import static jp.kokin.domain.checkout.TestCatalogs.SHINJUKU;
import static jp.kokin.domain.checkout.TestCatalogs.TOKYO;
import static jp.kokin.domain.checkout.TestCheckouts.aCheckout;
import static jp.kokin.domain.checkout.TestCheckouts.changed;
import static jp.kokin.domain.checkout.TestCheckouts.paid;
import static jp.kokin.domain.checkout.TestCheckouts.paymentId;
import static jp.kokin.domain.checkout.TestCheckouts.start;
import static jp.kokin.domain.checkout.TestCheckouts.succeed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.SettlementSettings;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.checkout.TestCatalogs;
import jp.kokin.domain.format.zengin.Header;
import jp.kokin.domain.format.zengin.Transfer;
import jp.kokin.domain.format.zengin.TransferFile;

class SettlementCalculatorTest {

    /** A Thursday. */
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    /** 2026-11-26 12:00 JST. */
    private static final Instant NOON = Instant.parse("2026-11-26T03:00:00Z");

    private final Catalog catalog = TestCatalogs.standard();

    private static Checkout paidAt(Instant paidAt, String organization, String procedure, int quantity) {
        return paid(aCheckout().forOrganization(organization).withItem(procedure, quantity)
                .createdAt(paidAt.minus(Duration.ofMinutes(10))).build(), paidAt);
    }

    private static Checkout juminhyoPaidAt(Instant paidAt) {
        return paidAt(paidAt, CHIYODA, JUMINHYO, 1);
    }

    private Settlement settle(Checkout... checkouts) {
        return SettlementCalculator.settle(DAY, List.of(checkouts), catalog);
    }

    private static SettlementPayment paymentOf(Checkout checkout, long amount) {
        return new SettlementPayment(checkout.id(), paymentId(checkout, 1), amount, checkout.paidAt());
    }

    @Nested
    class Allocation {

        @Test
        void aPaymentGoesToItsCreditorsStatement() {
            Checkout checkout = juminhyoPaidAt(NOON);

            Settlement settlement = settle(checkout);

            assertEquals(new Settlement(DAY, List.of(new CreditorStatement(CHIYODA, "千代田区", 1, 300,
                    List.of(new ProcedureTotal(JUMINHYO, "住民票の写し", 1, 300)),
                    List.of(paymentOf(checkout, 300))))), settlement);
        }

        @Test
        void aPassportPaymentIsSplitByFeeLineAndListedUnderBothCreditors() {
            Checkout passport = paidAt(NOON, TOKYO, PASSPORT, 1);

            Settlement settlement = settle(passport);

            assertEquals(List.of(
                    new CreditorStatement(TOKYO, "東京都", 1, 2000,
                            List.of(new ProcedureTotal(PASSPORT, "一般旅券（10年）", 1, 2000)),
                            List.of(paymentOf(passport, 2000))),
                    new CreditorStatement(MOFA, "外務省", 1, 14000,
                            List.of(new ProcedureTotal(PASSPORT, "一般旅券（10年）", 1, 14000)),
                            List.of(paymentOf(passport, 14000)))), settlement.statements());
            assertEquals(16000, settlement.totalAmount());
        }

        @Test
        void theQuantityMultipliesEachCreditorsShareButItIsStillOnePayment() {
            Checkout twoPassports = paidAt(NOON, TOKYO, PASSPORT, 2);

            CreditorStatement mofa = statementOf(MOFA, settle(twoPassports));

            assertEquals(28000, mofa.amount());
            assertEquals(1, mofa.count(), "a creditor's count is of payments");
            assertEquals(List.of(new ProcedureTotal(PASSPORT, "一般旅券（10年）", 2, 28000)), mofa.procedures(),
                    "a procedure's count is of units");
            assertEquals(List.of(paymentOf(twoPassports, 28000)), mofa.payments());
            assertEquals(4000, statementOf(TOKYO, settle(twoPassports)).amount());
        }

        @Test
        void aCheckoutOfSeveralItemsIsOnePaymentWithATotalPerProcedure() {
            Checkout checkout = paid(aCheckout().withItem(JUMINHYO, 2).withItem(KOSEKI, 1)
                    .createdAt(NOON.minusSeconds(60)).build(), NOON);

            CreditorStatement chiyoda = statementOf(CHIYODA, settle(checkout));

            assertEquals(1, chiyoda.count());
            assertEquals(1050, chiyoda.amount());
            assertEquals(List.of(new ProcedureTotal(JUMINHYO, "住民票の写し", 2, 600),
                    new ProcedureTotal(KOSEKI, "戸籍全部事項証明書", 1, 450)), chiyoda.procedures());
            assertEquals(List.of(paymentOf(checkout, 1050)), chiyoda.payments());
        }

        @Test
        void paymentsOfADayAddUpPerCreditorInOrderOfPayment() {
            Checkout later = juminhyoPaidAt(NOON.plusSeconds(60));
            Checkout earlier = juminhyoPaidAt(NOON);
            Checkout shinjuku = paidAt(NOON, SHINJUKU, JUMINHYO, 1);
            Checkout passport = paidAt(NOON, TOKYO, PASSPORT, 1);

            Settlement settlement = settle(later, shinjuku, earlier, passport);

            assertEquals(List.of(TOKYO, CHIYODA, SHINJUKU, MOFA),
                    settlement.statements().stream().map(CreditorStatement::creditorCode).toList());
            CreditorStatement chiyoda = statementOf(CHIYODA, settlement);
            assertEquals(2, chiyoda.count());
            assertEquals(600, chiyoda.amount());
            assertEquals(List.of(paymentOf(earlier, 300), paymentOf(later, 300)), chiyoda.payments());
            assertEquals(300 + 300 + 300 + 16000, settlement.totalAmount());
        }

        @Test
        void aDuplicatePaymentIsMoneyToRefundNotTheCreditors() {
            Checkout twoAttempts = start(start(aCheckout().createdAt(NOON.minusSeconds(600)).build(),
                    PaymentMethod.PAYPAY, NOON.minusSeconds(300)), PaymentMethod.CARD, NOON.minusSeconds(200));
            Checkout paidTwice = succeed(succeed(twoAttempts, 2, NOON), 1, NOON.plusSeconds(30));

            CreditorStatement chiyoda = statementOf(CHIYODA, settle(paidTwice));

            assertEquals(1, chiyoda.count());
            assertEquals(300, chiyoda.amount());
            assertEquals(List.of(new SettlementPayment(paidTwice.id(), paymentId(paidTwice, 2), 300, NOON)),
                    chiyoda.payments());
        }

        @Test
        void aLatePaymentCountsOnTheDayItWasPaid() {
            Checkout late = paid(aCheckout().createdAt(NOON.minus(Duration.ofHours(3))).build(), NOON);
            assertEquals(300, settle(late).totalAmount());
        }

        @Test
        void unpaidCheckoutsAreLeftOut() {
            Checkout created = aCheckout().createdAt(NOON).build();
            Checkout pending = start(aCheckout().createdAt(NOON).build(), PaymentMethod.PAYPAY, NOON);
            Checkout canceled = changed(aCheckout().createdAt(NOON).build().cancel(NOON)).checkout();

            assertEquals(new Settlement(DAY, List.of()), settle(created, pending, canceled));
        }
    }

    @Nested
    class BusinessDate {

        @Test
        void theDayIsTheJstDateOfPaidAt() {
            Checkout firstMoment = juminhyoPaidAt(Instant.parse("2026-11-25T15:00:00Z")); // 11-26 00:00 JST
            Checkout lastMoment = juminhyoPaidAt(Instant.parse("2026-11-26T14:59:59.999Z")); // 11-26 23:59:59.999 JST
            Checkout dayBefore = juminhyoPaidAt(Instant.parse("2026-11-25T14:59:59Z")); // 11-25 23:59:59 JST
            Checkout dayAfter = juminhyoPaidAt(Instant.parse("2026-11-26T15:00:00Z")); // 11-27 00:00 JST

            Settlement settlement = settle(dayBefore, firstMoment, lastMoment, dayAfter);

            assertEquals(List.of(firstMoment.id(), lastMoment.id()), statementOf(CHIYODA, settlement).payments()
                    .stream().map(SettlementPayment::checkoutId).toList());
            assertEquals(List.of(dayAfter.id()), statementOf(CHIYODA,
                    SettlementCalculator.settle(DAY.plusDays(1), List.of(dayBefore, firstMoment, lastMoment, dayAfter),
                            catalog)).payments().stream().map(SettlementPayment::checkoutId).toList());
        }

        @Test
        void reRunningADayGivesAnEqualSettlementWhateverTheOrderOfTheCheckouts() {
            List<Checkout> day = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                day.add(i % 3 == 0 ? paidAt(NOON.plusSeconds(i), TOKYO, PASSPORT, 1 + i % 2)
                        : juminhyoPaidAt(NOON.plusSeconds(i % 4)));
            }
            Settlement first = SettlementCalculator.settle(DAY, day, catalog);

            List<Checkout> shuffled = new ArrayList<>(day);
            Collections.shuffle(shuffled, new Random(20261126));
            assertEquals(first, SettlementCalculator.settle(DAY, shuffled, catalog));
            assertEquals(first, SettlementCalculator.settle(DAY, day, catalog));
        }

        @Test
        void aCheckoutReadTwiceIsCountedOnce() {
            Checkout checkout = juminhyoPaidAt(NOON);
            Checkout withReceipt = checkout.atVersion(checkout.version() + 1);

            Settlement settlement = settle(checkout, withReceipt, checkout);

            assertEquals(settle(checkout), settlement);
            assertEquals(300, settlement.totalAmount());
        }
    }

    @Nested
    class TransferFiles {

        @Test
        void thereIsOneTransferPerCreditorToItsAccountFromThePlatformsAccount() {
            Settlement settlement = settle(paidAt(NOON, TOKYO, PASSPORT, 1), juminhyoPaidAt(NOON),
                    juminhyoPaidAt(NOON.plusSeconds(1)));

            TransferFile file = SettlementCalculator.transferFile(settlement, catalog);

            assertEquals(new Header("1234567890", "ｺｳｷﾝｼﾕｳﾉｳ", MonthDay.of(11, 27), "0005", "", "001", "", 1,
                    "1111111"), file.header());
            assertEquals(List.of(
                    new Transfer("0001", "", "003", "", 1, "3456789", "ﾄｳｷﾖｳﾄ", 2000, "", ""),
                    new Transfer("0001", "", "001", "", 1, "1234567", "ﾁﾖﾀﾞｸ", 600, "", ""),
                    new Transfer("0001", "", "004", "", 1, "4567890", "ｶﾞｲﾑｼﾖｳ", 14000, "", "")),
                    file.transfers());
            assertEquals(settlement.totalAmount(), file.totalAmount());
        }

        @Test
        void aCreditorWithNothingToReceiveGetsNoTransfer() {
            Settlement settlement = new Settlement(DAY, List.of(
                    new CreditorStatement(CHIYODA, "千代田区", 1, 300, List.of(), List.of()),
                    new CreditorStatement(SHINJUKU, "新宿区", 0, 0, List.of(), List.of())));

            TransferFile file = SettlementCalculator.transferFile(settlement, catalog);

            assertEquals(List.of("ﾁﾖﾀﾞｸ"), file.transfers().stream().map(Transfer::recipientName).toList());
        }

        @Test
        void anEmptyDayHasAHeaderAndNoTransfers() {
            TransferFile file = SettlementCalculator.transferFile(settle(), catalog);
            assertEquals(List.of(), file.transfers());
            assertEquals(MonthDay.of(11, 27), file.header().transferDate());
        }

        @Test
        void theTransferDateFollowsTheCatalogsDelay() {
            Catalog threeDays = TestCatalogs.aStandardCatalog().withSettlement(new SettlementSettings("1234567890",
                    "ｺｳｷﾝ", TestCatalogs.SETTLEMENT.account(), 3)).build();
            TransferFile file = SettlementCalculator.transferFile(settle(juminhyoPaidAt(NOON)), threeDays);
            assertEquals(MonthDay.of(12, 1), file.header().transferDate(), "Thu + 3 weekdays is the next Tue");
        }

        @Test
        void aCreditorMissingFromTheCatalogStopsTheFileRatherThanSendingMoneyNowhere() {
            Settlement settlement = new Settlement(DAY, List.of(
                    new CreditorStatement("MHLW", "厚生労働省", 1, 300, List.of(), List.of())));
            assertThrows(IllegalStateException.class, () -> SettlementCalculator.transferFile(settlement, catalog));
        }

        @ParameterizedTest(name = "{0} ({1}) + {2} weekdays = {3}")
        @CsvSource({
                "2026-11-26, THURSDAY, 1, 2026-11-27",
                "2026-11-27, FRIDAY,   1, 2026-11-30",
                "2026-11-28, SATURDAY, 1, 2026-11-30",
                "2026-11-29, SUNDAY,   1, 2026-11-30",
                "2026-11-27, FRIDAY,   2, 2026-12-01",
                "2026-11-30, MONDAY,   5, 2026-12-07",
                "2026-11-26, THURSDAY, 0, 2026-11-26",
                "2026-11-28, SATURDAY, 0, 2026-11-30"})
        void theTransferDateSkipsWeekends(LocalDate businessDate, DayOfWeek day, int delay, LocalDate expected) {
            assertEquals(day, businessDate.getDayOfWeek());
            assertEquals(expected, SettlementCalculator.transferDate(businessDate, delay));
        }

        @ParameterizedTest(name = "{0} + {1} bank business days = {2}: {3}")
        @CsvSource({
                "2026-05-01, 1, 2026-05-07, '05-02/03 weekend, 05-04 みどりの日, 05-05 こどもの日, 05-06 振替休日'",
                "2026-05-01, 0, 2026-05-01, 'a Friday that is a bank business day transfers that day'",
                "2026-05-04, 0, 2026-05-07, 'a holiday business date transfers on the next bank business day'",
                "2026-09-18, 1, 2026-09-24, '09-21 敬老の日, 09-22 国民の休日, 09-23 秋分の日'",
                "2026-12-30, 1, 2027-01-04, 'banks close from December 31 to January 3'",
                "2026-12-31, 0, 2027-01-04, 'banks close from December 31 to January 3'",
                "2027-03-19, 1, 2027-03-23, '03-21 春分の日 is a Sunday, 03-22 振替休日'"})
        void theTransferDateSkipsBankHolidays(LocalDate businessDate, int delay, LocalDate expected, String why) {
            assertEquals(expected, SettlementCalculator.transferDate(businessDate, delay), why);
        }
    }

    private static CreditorStatement statementOf(String creditor, Settlement settlement) {
        return settlement.statements().stream().filter(s -> s.creditorCode().equals(creditor)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement for " + creditor + " in " + settlement));
    }
}
