package jp.kokin.domain.refund;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;

import jp.kokin.domain.Hashes;

/**
 * The single-use link of a refund to be paid by bank transfer ({@link BankTransfer}): the clear
 * token goes only into the portal's {@code refund.action_required} notification, and only its
 * SHA-256 ({@link #tokenHash}, lower-case hex) is stored as {@link BankTransfer#linkTokenHash()}.
 * What a link opens, for a given token and time, is {@link #state}: one rule for the page's GET and
 * POST and for the write that stores the account.
 */
public final class BankAccountLink {
    /**
     * What a token may look like before it is hashed (base64url or base32, 16 to 128 characters):
     * anything else is not looked up.
     */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private BankAccountLink() {}

    /** What a link shows. */
    public enum State {
        /** No such link, a wrong token, an expired link, or a refund that needs no account: one 404 for all. */
        NONE,
        /** The refund waits for the payer's account: the form. */
        OPEN,
        /** The account was given (single use): "already received". */
        RECEIVED
    }

    /** The stored form of a link's token. */
    public static String tokenHash(String token) {
        return Hashes.sha256Hex(token);
    }

    /** Whether {@code token} is well formed (a malformed one is never hashed or looked up). */
    public static boolean isToken(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    /**
     * What the link of {@code refund} with {@code token} shows at {@code now}. The token's hash is
     * compared in constant time; past {@link BankTransfer#linkExpiresAt()} a link is dead whatever
     * became of the refund.
     */
    public static State state(Refund refund, String token, Instant now) {
        BankTransfer transfer = refund == null ? null : refund.bankTransfer();
        if (transfer == null || !isToken(token) || !java.security.MessageDigest.isEqual(
                transfer.linkTokenHash().getBytes(StandardCharsets.US_ASCII),
                tokenHash(token).getBytes(StandardCharsets.US_ASCII))) {
            return State.NONE;
        }
        if (!now.isBefore(transfer.linkExpiresAt())) {
            return State.NONE;
        }
        if (transfer.accountGiven()) {
            return State.RECEIVED;
        }
        return refund.status() == RefundStatus.BANK_TRANSFER_REQUIRED ? State.OPEN : State.NONE;
    }
}
