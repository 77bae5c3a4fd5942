package jp.kokin.domain.checkout;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Identifiers. A checkout id is {@code chk_} and 26 base32 characters (130 random bits); a
 * payment id is {@code pay_}, the same 26 characters and the attempt number, so a provider's
 * notification about a payment names its checkout and is looked up by key. A refund id is
 * {@code rfd_}, the same 26 characters and the refund's number in the checkout.
 */
public final class CheckoutIds {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern CHECKOUT = Pattern.compile("chk_[a-z2-7]{26}");
    private static final Pattern PAYMENT = Pattern.compile("pay_([a-z2-7]{26})_([1-9][0-9]{0,2})");
    private static final Pattern REFUND = Pattern.compile("rfd_([a-z2-7]{26})_([1-9][0-9]{0,2})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private CheckoutIds() {}

    public static String newCheckoutId() {
        return "chk_" + randomToken(26);
    }

    /** A random lower-case base32 token of the given length (5 bits a character). */
    public static String randomToken(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(32)]);
        }
        return sb.toString();
    }

    public static boolean isCheckoutId(String s) {
        return s != null && CHECKOUT.matcher(s).matches();
    }

    public static String paymentId(String checkoutId, int attempt) {
        return "pay_" + checkoutId.substring(4) + "_" + attempt;
    }

    /** The {@code n}th refund of a checkout (1-based): {@code rfd_}, the checkout's token, {@code n}. */
    public static String refundId(String checkoutId, int n) {
        return "rfd_" + checkoutId.substring(4) + "_" + n;
    }

    /** The checkout a refund id belongs to, if it is one of ours (a malformed id: empty, so a 404 before any lookup). */
    public static Optional<String> checkoutOfRefund(String refundId) {
        if (refundId == null) {
            return Optional.empty();
        }
        var m = REFUND.matcher(refundId);
        return m.matches() ? Optional.of("chk_" + m.group(1)) : Optional.empty();
    }

    /** The checkout a payment id belongs to, if it is one of ours. */
    public static Optional<String> checkoutOfPayment(String paymentId) {
        if (paymentId == null) {
            return Optional.empty();
        }
        var m = PAYMENT.matcher(paymentId);
        return m.matches() ? Optional.of("chk_" + m.group(1)) : Optional.empty();
    }
}
