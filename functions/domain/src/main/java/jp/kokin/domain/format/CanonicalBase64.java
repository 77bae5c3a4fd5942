package jp.kokin.domain.format;

import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Base64 decoding that accepts only the one canonical spelling of the bytes. The JDK's decoders
 * ignore the unused low bits of a final character (and, for standard base64, accept missing
 * padding), so several strings decode to the same bytes: a signed token or signature would then
 * have more than one valid form. Every value we compare after decoding goes through here.
 */
public final class CanonicalBase64 {
    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Encoder STANDARD_ENCODER = Base64.getEncoder();

    private CanonicalBase64() {}

    /** The bytes of unpadded base64url text, if it is their canonical spelling. */
    public static Optional<byte[]> decodeUrl(String text) {
        return decode(text, Base64.getUrlDecoder(), URL_ENCODER);
    }

    /** The bytes of padded standard base64 text, if it is their canonical spelling. */
    public static Optional<byte[]> decodeStandard(String text) {
        return decode(text, Base64.getDecoder(), STANDARD_ENCODER);
    }

    private static Optional<byte[]> decode(String text, Base64.Decoder decoder, Base64.Encoder encoder) {
        if (text == null) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = decoder.decode(text);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        byte[] canonical = encoder.encode(bytes);
        byte[] given = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return Arrays.equals(canonical, given) ? Optional.of(bytes) : Optional.empty();
    }
}
