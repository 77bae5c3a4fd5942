package jp.kokin.domain;

/**
 * Every URL of ours that we hand out, in one place: to portals (the payment page, the receipt
 * page, a checkout's resource, the bank-account page of a refund), to providers (the return page
 * and the provider-event endpoint of an account) and to the sandbox's own pages. {@code base} is
 * our public base URL without a trailing slash ({@code https://pay.example.jp}); {@link #RELATIVE}
 * gives root-relative paths for links on our own pages. Ids are URL-safe by construction
 * ({@code [a-z0-9_]}, receipt numbers {@code [0-9A-Z-]}, tokens base64url), so nothing is encoded here.
 */
public record PlatformLinks(String base) {
    /** Root-relative links ({@code /pay/chk_…}), for our own pages and the {@code Location} header. */
    public static final PlatformLinks RELATIVE = new PlatformLinks("");

    public PlatformLinks {
        base = base == null ? "" : base.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
    }

    /** Whether the base is unknown (an empty {@code PUBLIC_BASE_URL} outside a request): only relative links. */
    public boolean isRelative() {
        return base.isEmpty();
    }

    /** The citizen's hosted payment page of a checkout. */
    public String paymentPage(String checkoutId) {
        return base + "/pay/" + checkoutId;
    }

    /** Where a provider sends the citizen back after an attempt (paid or not; the page asks the ledger). */
    public String paymentReturn(String checkoutId, String paymentId) {
        return paymentPage(checkoutId) + "/return?payment=" + paymentId;
    }

    /** Where a provider account posts its events ({@code POST /webhooks/{account}}). */
    public String providerEvents(String providerAccount) {
        return base + "/webhooks/" + providerAccount;
    }

    /** The citizen's receipt page: the number, and the token that makes it unguessable. */
    public String receiptPage(String receiptNumber, String token) {
        return base + "/receipts/" + receiptNumber + "/" + token;
    }

    /**
     * The citizen's page to give a bank account for a refund the provider could not make: the refund
     * and the single-use link token (base64url; only its SHA-256 is stored).
     */
    public String refundBankAccount(String refundId, String token) {
        return base + "/refunds/" + refundId + "/bank-account/" + token;
    }

    /** A checkout's API resource. */
    public String checkout(String checkoutId) {
        return base + "/v1/checkouts/" + checkoutId;
    }

    /** The sandbox provider's page for one of its payments. */
    public String sandboxCheckout(String providerPaymentId) {
        return base + "/sandbox/checkout/" + providerPaymentId;
    }
}
