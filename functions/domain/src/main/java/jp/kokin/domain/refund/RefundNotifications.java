package jp.kokin.domain.refund;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jp.kokin.domain.Hashes;
import jp.kokin.domain.PlatformLinks;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.CheckoutIds;
import jp.kokin.domain.checkout.CheckoutRepository;
import jp.kokin.domain.checkout.CheckoutWriter;
import jp.kokin.domain.notification.PortalNotification;
import jp.kokin.domain.notification.PortalNotifications;

/**
 * Tells the portal what became of a refund: {@code refund.succeeded}, {@code refund.failed} or
 * {@code refund.action_required}, with the stable {@code webhook-id} {@code msg_{refundId}_{status}}.
 * The notification is queued after the write that made the status final, then {@code notifiedStatus}
 * is written; a crash in between leaves it due, and the janitor queues it again (the portal drops the
 * repeat by its id). A succeeded refund is notified once it has its notice number.
 */
public final class RefundNotifications {
    /** How long the citizen's bank-account link works. */
    public static final Duration LINK_VALIDITY = Duration.ofDays(90);
    /** Characters of the link token (base64url, ~190 bits). */
    public static final int LINK_TOKEN_LENGTH = 32;

    private final CheckoutWriter writer;
    private final PortalNotifications notifications;
    private final PlatformLinks links;
    private final Clock clock;

    public RefundNotifications(CheckoutRepository checkouts, PortalNotifications notifications, PlatformLinks links,
                               Clock clock) {
        this.writer = new CheckoutWriter(checkouts);
        this.notifications = notifications;
        this.links = links;
        this.clock = clock;
    }

    /** A new single-use bank-account link: the clear token (for the notification only) and what is stored. */
    public record Link(String token, BankTransfer transfer) {}

    public static Link newLink(Instant now) {
        String token = CheckoutIds.randomToken(LINK_TOKEN_LENGTH);
        return new Link(token, new BankTransfer(Hashes.sha256Hex(token), now.plus(LINK_VALIDITY), null, null, null));
    }

    /**
     * Queues the notification due for refund {@code refundId} of {@code inHand} (if any) and records
     * it as notified. {@code linkToken}: the clear token of the refund's bank-account link when the
     * caller just made it; without it a due {@code action_required} gets a new link (the old token
     * cannot be recovered from its hash), stored before it is sent. Returns the checkout as stored.
     * Throws when the queue refused (the refund stays due).
     */
    public Checkout notifyDue(Checkout inHand, String refundId, String linkToken) {
        Optional<Refund> found = inHand.refund(refundId);
        Instant now = clock.instant();
        if (found.isEmpty() || !(found.get().notificationDue() || found.get().bankLinkExpired(now))) {
            return inHand;
        }
        Refund refund = found.get();
        if (refund.status() == RefundStatus.SUCCEEDED && refund.noticeNumber() == null) {
            return inHand; // numbered first, then notified (the janitor finishes it)
        }
        if (refund.status() == RefundStatus.BANK_TRANSFER_REQUIRED && links.isRelative()) {
            return inHand; // no absolute link to give here: the janitor (which knows our public URL) sends it
        }
        Checkout current = inHand;
        String token = linkToken;
        if (refund.status() == RefundStatus.BANK_TRANSFER_REQUIRED && token == null
                && (refund.bankTransfer() == null || !refund.bankTransfer().accountGiven())) {
            Link link = newLink(clock.instant());
            var stored = writer.write(current, c -> c.refund(refundId)
                    .filter(r -> r.status() == RefundStatus.BANK_TRANSFER_REQUIRED && (r.notificationDue() || r.bankLinkExpired(now))
                            && (r.bankTransfer() == null || !r.bankTransfer().accountGiven()))
                    .<Change>map(r -> new Change.Changed(c.withRefund(r.withBankTransfer(link.transfer())), null, false))
                    .orElseGet(() -> new Change.Unchanged(c)));
            if (!(stored instanceof CheckoutWriter.Written.Stored s)) {
                return current;
            }
            current = s.checkout();
            token = link.token();
            refund = current.refund(refundId).orElseThrow();
        }
        if (current.portalId() != null) {
            notifications.enqueue(List.of(notification(current, refund, token)));
        }
        RefundStatus sent = refund.status();
        var marked = writer.write(current, c -> c.refund(refundId)
                .filter(r -> r.status() == sent && r.notifiedStatus() != sent)
                .<Change>map(r -> new Change.Changed(c.withRefund(r.notified(sent)), null, false))
                .orElseGet(() -> new Change.Unchanged(c)));
        return switch (marked) {
            case CheckoutWriter.Written.Stored s -> s.checkout();
            case CheckoutWriter.Written.Unchanged u -> u.checkout();
            default -> current;
        };
    }

    /** The notification of {@code refund}'s status ({@code linkToken}: for {@code action_required}). */
    public PortalNotification notification(Checkout checkout, Refund refund, String linkToken) {
        String type = switch (refund.status()) {
            case SUCCEEDED -> PortalNotification.REFUND_SUCCEEDED;
            case FAILED -> PortalNotification.REFUND_FAILED;
            case BANK_TRANSFER_REQUIRED -> PortalNotification.REFUND_ACTION_REQUIRED;
            default -> throw new IllegalArgumentException("refund " + refund.id() + " is " + refund.status().wire()
                    + ": nothing to notify");
        };
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("refundId", refund.id());
        data.put("checkoutId", checkout.id());
        data.put("paymentId", refund.paymentId());
        data.put("reference", checkout.reference());
        data.put("organizationCode", checkout.organizationCode());
        data.put("amount", refund.amount());
        data.put("reason", refund.reason().wire());
        data.put("status", refund.status().wire());
        if (refund.noticeNumber() != null) {
            data.put("noticeNumber", refund.noticeNumber());
        }
        if (refund.failureReason() != null) {
            data.put("failureReason", refund.failureReason());
        }
        if (refund.completedAt() != null) {
            data.put("completedAt", refund.completedAt().toString());
        }
        if (refund.status() == RefundStatus.BANK_TRANSFER_REQUIRED && linkToken != null) {
            data.put("bankAccountUrl", links.refundBankAccount(refund.id(), linkToken));
            data.put("bankAccountUrlExpiresAt", refund.bankTransfer().linkExpiresAt().toString());
        }
        Instant at = refund.completedAt() != null ? refund.completedAt() : clock.instant();
        return new PortalNotification(webhookId(refund), checkout.portalId(), type, at, data);
    }

    /** {@code msg_{refundId}_{status}}: the same for every delivery of the same news. */
    public static String webhookId(String refundId, RefundStatus status) {
        return "msg_" + refundId + "_" + (status == RefundStatus.BANK_TRANSFER_REQUIRED ? "action_required" : status.wire());
    }

    /**
     * The notification's {@code webhook-id}: {@link #webhookId(String, RefundStatus)}, and for
     * {@code action_required} the link's generation ({@code _} and the first 8 hex digits of its
     * token's SHA-256): each new link is news the portal must not drop as a repeat, while every
     * delivery of the same link keeps one id.
     */
    public static String webhookId(Refund refund) {
        String id = webhookId(refund.id(), refund.status());
        if (refund.status() == RefundStatus.BANK_TRANSFER_REQUIRED && refund.bankTransfer() != null) {
            id += "_" + refund.bankTransfer().linkTokenHash().substring(0, 8);
        }
        return id;
    }
}
