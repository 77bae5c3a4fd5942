package jp.kokin.adapters.provider.sbps;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jp.kokin.domain.catalog.ProviderSettings;

/**
 * SBPS's checksum, {@code sps_hashcode}: the lower-case hex SHA-1 of every field value in the
 * interface definition's order (values trimmed of leading and trailing ASCII whitespace and control
 * characters, absent fields as empty strings), followed by the merchant's hash key, encoded in one
 * charset. SBPS answers with upper-case hex; {@link #matches} ignores case.
 *
 * <p>The charset is a setting: the link type (purchase requests and result notifications) hashes
 * the UTF-8 bytes although the form itself travels in Shift_JIS — a result notification captured
 * from SBPS's sandbox (published with the sbpayment.rb gem: merchant 19788, item_name 継続課金)
 * verifies over UTF-8 and not over Shift_JIS, and independent integrations (sbpayment.rb, SI Web
 * Shopping's {@code SpsUtil}) compute it that way. The XML API hashes the Shift_JIS bytes.
 */
public final class SbpsHash {

    private SbpsHash() {}

    /** The checksum over {@code values} taken in {@code order}, then {@code hashKey}. */
    public static String compute(List<String> order, Map<String, String> values, String hashKey, Charset charset) {
        StringBuilder plain = new StringBuilder();
        for (String field : order) {
            String value = values.get(field);
            plain.append(value == null ? "" : value.trim());
        }
        plain.append(hashKey);
        return sha1Hex(plain.toString().getBytes(charset));
    }

    /**
     * The {@code sps_hashcode} of a result notification for {@code account}: its result fields in
     * its order and hash character set (contract settings), keyed with {@code hashKey}.
     */
    public static String resultHash(ProviderSettings account, Map<String, String> values, String hashKey) {
        SbpsSettings settings = SbpsSettings.from(account);
        return compute(settings.resultFields(), values, hashKey, settings.hashCharset());
    }

    /** Whether a received checksum equals the expected one (hex, either case), in constant time. */
    public static boolean matches(String received, String expected) {
        if (received == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(received.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                expected.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    static String sha1Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
