package jp.kokin.domain.receipt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jp.kokin.domain.format.ReceiptNumber;

/** Reads an issued receipt by the number in a path; a malformed number is not looked up. */
public final class FindReceipt {
    private final ReceiptLookup receipts;

    public FindReceipt(ReceiptLookup receipts) {
        this.receipts = receipts;
    }

    /** The receipt numbered {@code number} (canonical form, as in URLs). */
    public Optional<Receipt> byNumber(String number) {
        return ReceiptNumber.fromCanonical(number).flatMap(n -> receipts.findReceipt(n.format()));
    }

    /** The receipt of a public page link: its number and its page token, compared in constant time. */
    public Optional<Receipt> forPage(String number, String token) {
        if (!Receipt.isToken(token)) {
            return Optional.empty();
        }
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        return byNumber(number).filter(r -> MessageDigest.isEqual(r.token().getBytes(StandardCharsets.UTF_8), given));
    }
}
