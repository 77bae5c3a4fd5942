package jp.kokin.domain.refund;

import jp.kokin.domain.catalog.ApiKey;

/**
 * Who asked for or decided a refund, as recorded ({@code requestedBy}, {@code approvedBy}). Four eyes
 * compares these strings: the principal that requested a refund never decides it.
 */
public final class Principals {
    /** The platform itself (a refund proposed for a duplicate payment). */
    public static final String SYSTEM = "system";
    /** An approval the organization's catalog policy gave ({@link RefundPolicy#duplicateWithoutApproval}). */
    public static final String CATALOG_POLICY = "catalog-policy";

    private Principals() {}

    /**
     * An API key as a principal: {@code key_} and the first 16 hex digits of its SHA-256 (the catalog
     * stores only the hash; 64 bits name a key without revealing anything usable).
     */
    public static String of(ApiKey key) {
        return "key_" + key.hash().substring(0, 16);
    }

    /**
     * A member of staff signed in to the console: {@code usr_} and the first 16 hex digits of the
     * SHA-256 of {@code issuer|subject} (stable across sessions, distinct across identity providers).
     */
    public static String ofStaff(String issuer, String subject) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((issuer + "|" + subject).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "usr_" + java.util.HexFormat.of().formatHex(d).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
