package jp.kokin.domain.console;

/** The actions the audit log records (the {@code action} of an {@link AuditEntry}). */
public final class AuditActions {
    public static final String SIGN_IN = "sign_in";
    public static final String SIGN_IN_FAILED = "sign_in_failed";
    public static final String SIGN_OUT = "sign_out";
    public static final String REFUND_REQUESTED = "refund.requested";
    public static final String REFUND_APPROVED = "refund.approved";
    public static final String REFUND_REJECTED = "refund.rejected";
    public static final String RUN_PREPARED = "run.prepared";
    public static final String RUN_APPROVED = "run.approved";
    public static final String TRANSFER_FILE_DOWNLOADED = "transfer_file.downloaded";
    public static final String PAYIN_PAID = "payin.paid";
    public static final String PAYIN_CONFIRMED = "payin.confirmed";
    public static final String NOTIFICATION_RESENT = "notification.resent";
    public static final String EXPORTED = "export";

    private AuditActions() {}
}
