package jp.kokin.domain.receipt;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jp.kokin.domain.checkout.CheckoutItem;

/**
 * A receipt (領収書): issued once per paid checkout, numbered without gaps per issuing
 * organization and fiscal year of the payment date. {@code token} guards its public page.
 * {@code notices}: the payer's notices (Art. 6(1)) for the checkout's national lines, one per treasury
 * creditor, issued in the same write (empty when it has none); the receipt proper covers the other lines.
 */
public record Receipt(String number, String checkoutId, String organizationCode, String reference, long amount,
                      List<CheckoutItem> items, Instant paidAt, Instant issuedAt, String token,
                      List<PayerNotice> notices) {
    /** A page token: {@value} lower-case base32 characters (160 random bits). */
    public static final int TOKEN_LENGTH = 32;
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[a-z2-7]{" + TOKEN_LENGTH + "}");

    /** Whether {@code text} has the form of a page token (checked before any lookup). */
    public static boolean isToken(String text) {
        return text != null && text.length() == TOKEN_LENGTH && TOKEN.matcher(text).matches();
    }

    public Receipt {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(checkoutId, "checkoutId");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(token, "token");
        items = List.copyOf(items);
        notices = notices == null ? List.of() : List.copyOf(notices);
    }

    /** A receipt without national lines. */
    public Receipt(String number, String checkoutId, String organizationCode, String reference, long amount,
                   List<CheckoutItem> items, Instant paidAt, Instant issuedAt, String token) {
        this(number, checkoutId, organizationCode, reference, amount, items, paidAt, issuedAt, token, List.of());
    }

    /** Yen of the lines the receipt proper covers: the amount less its notices'. */
    public long receiptAmount() {
        return amount - notices.stream().mapToLong(PayerNotice::amount).sum();
    }
}
