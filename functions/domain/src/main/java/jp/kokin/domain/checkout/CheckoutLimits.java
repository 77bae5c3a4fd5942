package jp.kokin.domain.checkout;

import jp.kokin.domain.catalog.Procedure;
import jp.kokin.domain.format.PublicUrl;

/**
 * Every bound on what a client, a provider or the catalog can make a stored checkout grow by.
 * A DynamoDB item stops at 400 KB; with these bounds the largest checkout item stays far below
 * (the size model is written where the item is written, in {@code DynamoLedger.checkoutItem},
 * and pinned by a test that builds the worst case). Where each bound is enforced:
 * <ul>
 *   <li>a portal's request: {@link NewCheckout#validate()}, before anything is priced or stored
 *       (the API refuses over-long arrays before it reads their elements);</li>
 *   <li>attempts: {@link Checkout#startPayment} ({@code too_many_attempts});</li>
 *   <li>a provider's answer: {@link #isProviderPaymentId} in {@link StartPayment#start}
 *       (an unusable id fails the attempt);</li>
 *   <li>the catalog (procedure names, fee lines, provider and portal ids): when it is loaded.</li>
 * </ul>
 * Lengths are in Java characters (UTF-16 units): at most 3 bytes each in UTF-8 JSON, since
 * control characters (escaped as 6 bytes) are refused.
 */
public final class CheckoutLimits {
    /** Items in one checkout (one application: a few procedures; quantity covers copies). */
    public static final int MAX_ITEMS = 20;
    /** Copies of one procedure. */
    public static final int MAX_QUANTITY = CheckoutItem.MAX_QUANTITY;
    /** The catalog's procedure codes are at most this long, so a longer one is refused unread. */
    public static final int MAX_PROCEDURE_CODE = 64;
    /** The portal's reference for the application. */
    public static final int MAX_REFERENCE = 64;
    /** Metadata pairs, and the lengths of their keys and values. */
    public static final int MAX_METADATA = 15;
    public static final int MAX_METADATA_KEY = 40;
    public static final int MAX_METADATA_VALUE = 500;
    /** Entries in {@code methods} (each method once). */
    public static final int MAX_METHODS = PaymentMethod.values().length;
    /** The citizen's way back to the portal. */
    public static final int MAX_RETURN_URL = PublicUrl.MAX_LENGTH;
    /** Payment attempts per checkout (each one is stored in the checkout). */
    public static final int MAX_ATTEMPTS = 20;
    /**
     * A provider's id for an attempt, printable ASCII: Stripe's session ids are about 70
     * characters, the sandbox's signed tokens about 400 (they carry our return URL).
     */
    public static final int MAX_PROVIDER_PAYMENT_ID = 1024;
    /** Procedure names (each language) and fee lines, from the catalog. */
    public static final int MAX_PROCEDURE_NAME = Procedure.MAX_NAME_LENGTH;
    public static final int MAX_FEE_LINES = Procedure.MAX_FEE_LINES;
    /** Portal ids and provider names, from the catalog. */
    public static final int MAX_CATALOG_ID = 64;
    /**
     * Refunds per checkout, every status counted (each is stored in the checkout; PayPay allows 50
     * partial refunds a payment, far more than a fee ever needs): the 21st is {@code 409 too_many_refunds}.
     */
    public static final int MAX_REFUNDS = 20;
    /** A refund's {@code note} and a rejection's {@code reason}. */
    public static final int MAX_REFUND_NOTE = 200;
    /** A discretionary refund's {@code legalBasis} (the ordinance clause). */
    public static final int MAX_LEGAL_BASIS = 100;
    /** A refund's {@code decisionReference} (the 決裁 document number). */
    public static final int MAX_DECISION_REFERENCE = 64;
    /** A provider's id for a refund as stored (Stripe's {@code re_…} ids are about 30 characters; longer is not stored). */
    public static final int MAX_PROVIDER_REFUND_ID = 128;
    /** A provider's failure reason as stored (longer is cut). */
    public static final int MAX_FAILURE_REASON = 200;

    private CheckoutLimits() {}

    /** What a provider may give as its id for an attempt: 1 to {@value #MAX_PROVIDER_PAYMENT_ID} printable ASCII characters. */
    public static boolean isProviderPaymentId(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_PROVIDER_PAYMENT_ID
                && id.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** Whether text holds a control character (C0, DEL, C1); tab, CR and LF are allowed when {@code lineBreaks}. */
    public static boolean hasControlCharacter(String text, boolean lineBreaks) {
        return text.chars().anyMatch(c -> Character.getType(c) == Character.CONTROL
                && !(lineBreaks && (c == '\t' || c == '\n' || c == '\r')));
    }
}
