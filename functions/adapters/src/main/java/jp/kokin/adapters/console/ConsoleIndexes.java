package jp.kokin.adapters.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.console.PaymentRow;
import jp.kokin.domain.refund.RefundStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The attributes of a checkout item that the console's two indexes read (docs/ARCHITECTURE.md,
 * "Data"), written on every checkout write by {@code DynamoLedger.checkoutItem}:
 * <ul>
 *   <li>{@value #BY_ORGANIZATION}: HASH {@value #ORG}, RANGE {@value #CREATED}, projection INCLUDE of the
 *       {@code console*} list attributes below and {@code status}, so a page of the 収納一覧 is one Query per
 *       organization and no read of the checkout;</li>
 *   <li>{@value #BY_REFERENCE}: HASH {@value #REF}, RANGE {@value #CREATED}, KEYS_ONLY: written once when the
 *       checkout is created (its keys never change), read rarely (a search), so the rows are read from the
 *       checkouts themselves;</li>
 *   <li>{@value #AWAITING_REFUND_DECISION}: HASH {@value #REFUND_ORG}, RANGE {@value #CREATED}, KEYS_ONLY,
 *       sparse: {@value #REFUND_ORG} is written only while at least one refund of the checkout is
 *       {@code requested}, so a checkout enters it when a refund is requested and leaves it when the last
 *       one is decided (one index write each, ≈ 120 B: one write unit); the refund approval queue.</li>
 * </ul>
 * Size model of the projected part: org 6–16 B, created 40 B, reference ≤ 192 B, procedures 20 × ≤ 64 B,
 * method, status, amount, paidAt, receipt number, refunded, portal ≈ 120 B: about 300 B for one procedure
 * (one write unit per index write), ≤ 1.7 KB at worst.
 */
public final class ConsoleIndexes {
    public static final String BY_ORGANIZATION = "CheckoutsByOrganization";
    public static final String BY_REFERENCE = "CheckoutsByReference";
    public static final String ORG = "consoleOrg";
    public static final String CREATED = "consoleCreated";
    public static final String REF = "consoleRef";
    /** Sparse: checkouts with a refund awaiting a decision, by organization and creation (KEYS_ONLY). */
    public static final String AWAITING_REFUND_DECISION = "RefundsAwaitingDecision";
    /** The organization, written only while a refund of the checkout is {@code requested}. */
    public static final String REFUND_ORG = "consoleRefundOrg";
    static final String PORTAL = "consolePortal";
    static final String PROCEDURES = "consoleProcedures";
    static final String METHOD = "consoleMethod";
    static final String AMOUNT = "consoleAmount";
    static final String PAID_AT = "consolePaidAt";
    static final String RECEIPT = "consoleReceipt";
    static final String REFUNDED = "consoleRefunded";
    /** When the checkout expires, fixed width (as {@link #instant}): the list shows and filters the status at its now. */
    static final String EXPIRES = "consoleExpires";
    static final String STATUS = "status";

    /** Fixed width (nanoseconds always written), so the text sorts as the instant does. */
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private ConsoleIndexes() {}

    /** {@code createdAt} (fixed width) + {@code #} + id: unique, ordered by creation. */
    public static String created(Instant createdAt, String checkoutId) {
        return instant(createdAt) + "#" + checkoutId;
    }

    static String instant(Instant at) {
        return SORTABLE.format(at);
    }

    public static void put(Map<String, AttributeValue> item, Checkout c) {
        PaymentRow row = PaymentRow.of(c);
        item.put(ORG, AttributeValue.fromS(c.organizationCode()));
        item.put(CREATED, AttributeValue.fromS(created(c.createdAt(), c.id())));
        item.put(REF, AttributeValue.fromS(c.reference()));
        if (c.refunds().stream().anyMatch(f -> f.status() == RefundStatus.REQUESTED)) {
            item.put(REFUND_ORG, AttributeValue.fromS(c.organizationCode())); // absent otherwise: leaves the index
        }
        item.put(PORTAL, AttributeValue.fromS(row.portalId() == null ? "" : row.portalId()));
        item.put(PROCEDURES, AttributeValue.fromL(row.procedures().stream().map(AttributeValue::fromS).toList()));
        item.put(METHOD, AttributeValue.fromS(row.method()));
        item.put(AMOUNT, AttributeValue.fromN(Long.toString(row.amount())));
        if (row.paidAt() != null) {
            item.put(PAID_AT, AttributeValue.fromS(row.paidAt().toString()));
        }
        if (!row.receiptNumber().isEmpty()) {
            item.put(RECEIPT, AttributeValue.fromS(row.receiptNumber()));
        }
        if (row.refunded() != 0) {
            item.put(REFUNDED, AttributeValue.fromN(Long.toString(row.refunded())));
        }
        item.put(EXPIRES, AttributeValue.fromS(instant(c.expiresAt())));
    }

    /** The row of an item of {@link #BY_ORGANIZATION} (or of the table). */
    static PaymentRow row(Map<String, AttributeValue> item) {
        String created = item.get(CREATED).s();
        int hash = created.indexOf('#');
        AttributeValue paidAt = item.get(PAID_AT);
        AttributeValue expires = item.get(EXPIRES);
        return new PaymentRow(created.substring(hash + 1), item.get(ORG).s(), s(item, PORTAL), s(item, REF),
                item.containsKey(PROCEDURES) ? item.get(PROCEDURES).l().stream().map(AttributeValue::s).toList() : List.of(),
                s(item, STATUS), s(item, METHOD), n(item, AMOUNT), Instant.parse(created.substring(0, hash)),
                paidAt == null ? null : Instant.parse(paidAt.s()), s(item, RECEIPT), n(item, REFUNDED),
                expires == null ? null : Instant.parse(expires.s()));
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }

    private static long n(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}
