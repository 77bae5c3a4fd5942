package jp.kokin.domain.receipt;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutStatus;
import jp.kokin.domain.format.JapaneseDates;
import jp.kokin.domain.format.ReceiptNumber;

/**
 * A {@link ReceiptLedger} in memory with the conditions of the DynamoDB one: the counter moves
 * only from the sequence the issuer read, a receipt number is stored once, and the checkout only
 * if it is still at the version read and has no receipt. {@link #beforeNextIssue} lets another
 * issuer in between an issuer's read and its write. As a {@link ReceiptBacklog} it lists the paid
 * checkouts without a receipt, oldest payment first, as the DynamoDB index does.
 */
public final class InMemoryReceiptLedger implements ReceiptLedger, ReceiptBacklog {

    private final Map<String, Checkout> checkouts = new HashMap<>();
    private final Map<String, Long> counters = new HashMap<>();
    private final Map<String, Receipt> receipts = new HashMap<>();
    private final Deque<Runnable> otherIssuers = new ArrayDeque<>();
    private int issueCalls;

    public void put(Checkout checkout) {
        checkouts.put(checkout.id(), checkout);
    }

    public Checkout stored(String checkoutId) {
        return findCheckout(checkoutId).orElseThrow();
    }

    public void beforeNextIssue(Runnable otherIssuer) {
        otherIssuers.add(otherIssuer);
    }

    public int receiptCount() {
        return receipts.size();
    }

    public int issueCalls() {
        return issueCalls;
    }

    @Override
    public synchronized Optional<Checkout> findCheckout(String checkoutId) {
        return Optional.ofNullable(checkouts.get(checkoutId));
    }

    @Override
    public synchronized long lastSequence(String organizationCode, int fiscalYear) {
        return counters.getOrDefault(organizationCode + "#" + fiscalYear, 0L);
    }

    @Override
    public synchronized long lastPayerNoticeSequence(String organizationCode, int fiscalYear) {
        return counters.getOrDefault("PNN#" + organizationCode + "#" + fiscalYear, 0L);
    }

    @Override
    public IssueResult issue(Checkout paidCheckout, Receipt receipt, long previousSequence, List<Long> previousNoticeSequences) {
        if (previousNoticeSequences.size() != receipt.notices().size()) {
            throw new IllegalArgumentException("one previous sequence per notice");
        }
        Runnable other = otherIssuers.poll();
        if (other != null) {
            other.run();
        }
        synchronized (this) {
            issueCalls++;
            ReceiptNumber number = ReceiptNumber.parse(receipt.number());
            String counter = number.organizationCode() + "#" + JapaneseDates.fiscalYear(paidCheckout.paidAt());
            if (counters.getOrDefault(counter, 0L) != previousSequence || receipts.containsKey(receipt.number())) {
                return IssueResult.NUMBER_TAKEN;
            }
            for (int i = 0; i < receipt.notices().size(); i++) {
                PayerNotice notice = receipt.notices().get(i);
                long previousNotice = previousNoticeSequences.get(i);
                if (counters.getOrDefault(noticeCounter(notice), 0L) != previousNotice) {
                    return IssueResult.NOTICE_NUMBER_TAKEN;
                }
                if (!notice.number().equals(new PayerNoticeNumber(notice.organizationCode(), notice.fiscalYear(),
                        previousNotice + 1).format())) {
                    throw new AssertionError("notice " + notice.number() + " does not follow sequence " + previousNotice);
                }
            }
            Checkout stored = checkouts.get(paidCheckout.id());
            if (stored == null || stored.receipt() != null || stored.version() != paidCheckout.version()) {
                return IssueResult.CHECKOUT_CHANGED;
            }
            if (number.sequence() != previousSequence + 1) {
                throw new AssertionError("receipt " + number + " does not follow sequence " + previousSequence);
            }
            counters.put(counter, number.sequence());
            for (int i = 0; i < receipt.notices().size(); i++) {
                counters.put(noticeCounter(receipt.notices().get(i)), previousNoticeSequences.get(i) + 1);
            }
            receipts.put(receipt.number(), receipt);
            checkouts.put(paidCheckout.id(), paidCheckout.atVersion(paidCheckout.version() + 1));
            return IssueResult.ISSUED;
        }
    }

    private static String noticeCounter(PayerNotice notice) {
        return "PNN#" + notice.organizationCode() + "#" + notice.fiscalYear();
    }

    @Override
    public synchronized Optional<Receipt> findReceipt(String number) {
        return Optional.ofNullable(receipts.get(number));
    }

    @Override
    public synchronized List<String> awaitingReceipt(Instant paidBefore, int limit) {
        return checkouts.values().stream()
                .filter(c -> c.status() == CheckoutStatus.PAID && c.receipt() == null && c.paidAt() != null
                        && c.paidAt().isBefore(paidBefore))
                .sorted(Comparator.comparing(Checkout::paidAt)).limit(limit).map(Checkout::id).toList();
    }
}
