package jp.kokin.domain.refund;

import java.util.Objects;

import jp.kokin.domain.PlatformLinks;
import jp.kokin.domain.notification.PortalNotifications;

/**
 * What the refund lifecycle needs besides the checkouts and the providers: the notice counters, the
 * portal notification queue, our public links (an absolute base, or a bank-account link cannot be
 * sent) and the organizations' refund policies.
 */
public record RefundServices(RefundNoticeLedger notices, PortalNotifications notifications, PlatformLinks links,
                             RefundPolicies policies) {
    public RefundServices {
        Objects.requireNonNull(notices, "notices");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(links, "links");
        Objects.requireNonNull(policies, "policies");
    }

    /** For wirings that never meet a refund (tests of payments only): any refund work fails loudly. */
    public static RefundServices none() {
        RefundNoticeLedger noLedger = new RefundNoticeLedger() {
            @Override
            public long lastNoticeSequence(String organizationCode, int fiscalYear) {
                throw new IllegalStateException("refunds are not wired here");
            }

            @Override
            public NoticeResult numberNotice(jp.kokin.domain.checkout.Checkout numbered, int fiscalYear, long previous) {
                throw new IllegalStateException("refunds are not wired here");
            }
        };
        return new RefundServices(noLedger, n -> {
            throw new IllegalStateException("refunds are not wired here");
        }, PlatformLinks.RELATIVE, RefundPolicies.DEFAULTS);
    }
}
