package jp.kokin.adapters.http;

import java.util.Locale;

import jp.kokin.domain.checkout.Rejection;

/**
 * Every problem code of the HTTP API with its status and title: the one place where a code
 * becomes an HTTP status. The JSON {@code code} is the lower-case name and never changes.
 * Every domain {@link Rejection.Code} maps here by an exhaustive switch, so a code without a
 * status cannot exist.
 */
public enum ProblemCode {
    INVALID_REQUEST(400, "The request is invalid"),
    INVALID_ORGANIZATION_CODE(400, "The organization code is invalid"),
    UNAUTHORIZED(401, "A valid API key is required"),
    INVALID_SIGNATURE(401, "The notification's signature is not valid"),
    FORBIDDEN(403, "This key may not do that"),
    /** Four eyes: a refund is approved or rejected by another principal than the one that requested it. */
    SAME_PRINCIPAL(403, "Four eyes: the principal that requested a refund or prepared a run may not decide it"),
    /**
     * Four eyes on money leaving: a settlement run's transfer file (or refund transfer file) is served only
     * once one principal prepared the run's release and another approved it.
     */
    RUN_NOT_RELEASED(403, "The settlement run's transfer files are not released yet"),
    NOT_FOUND(404, "Not found"),
    UNKNOWN_PAYMENT(404, "No such payment"),
    SETTLEMENT_NOT_FOUND(404, "No settlement for that date"),
    IDEMPOTENCY_KEY_REUSED(409, "The Idempotency-Key was used for another request"),
    CHECKOUT_NOT_CANCELABLE(409, "The checkout cannot be canceled"),
    CHECKOUT_NOT_PAYABLE(409, "The checkout cannot be paid"),
    TOO_MANY_ATTEMPTS(409, "Too many payment attempts"),
    INVALID_TRANSITION(409, "The payment or refund cannot change that way"),
    CONFLICT(409, "Concurrent change; try again"),
    /**
     * A date route of a settlement document (transfer file, statement) for a date settled in several
     * runs: the document is per run ({@code /v1/settlement-runs/{id}/…}).
     */
    SEVERAL_SETTLEMENT_RUNS(409, "The date was settled in several runs; fetch the document of each run"),
    /** A receipt asked for a checkout that is not paid. */
    NOT_PAID(409, "The checkout is not paid"),
    CHECKOUT_NOT_PAID(409, "The checkout is not paid, so nothing can be refunded"),
    /** The problem states {@code refundableAmount}: what may still be refunded of that payment (or fee line). */
    REFUND_EXCEEDS_REFUNDABLE(409, "The refund exceeds what may still be refunded"),
    TOO_MANY_REFUNDS(409, "The checkout has as many refunds as it may hold"),
    /** {@code POST /v1/treasury/payins/{id}/confirmed} before {@code /paid}. */
    PAYIN_NOT_PAID(409, "The pay-in's payment is not recorded yet"),
    /** The payment of a pay-in recorded again with other details than the recorded ones. */
    PAYIN_ALREADY_PAID(409, "The pay-in's payment is already recorded"),
    /** A settlement run's release approved before it was prepared. */
    RUN_NOT_PREPARED(409, "The settlement run's release is not prepared yet"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    UNKNOWN_ORGANIZATION(422, "Unknown organization"),
    UNKNOWN_PROCEDURE(422, "Unknown procedure"),
    METHOD_NOT_OFFERED(422, "Payment method not offered"),
    /** A refund of a national (treasury) fee line needs the ministry's repayment decision. */
    DECISION_REFERENCE_REQUIRED(422, "A refund of a national fee needs the ministry's decisionReference"),
    AMOUNT_MISMATCH(422, "The amount does not match the payment"),
    INTERNAL_ERROR(500, "Internal error"),
    /** The checkout names a receipt that is not stored: our inconsistency, never the client's. */
    RECEIPT_MISSING(500, "The checkout's receipt is missing"),
    /** A stored settlement document does not match the size and SHA-256 recorded with its run: never served. */
    DOCUMENT_CORRUPT(500, "A stored settlement document failed its integrity check"),
    PROVIDER_UNAVAILABLE(503, "The payment provider is unavailable"),
    /** The payment's provider account was removed from the catalog: an operator must restore it. */
    PROVIDER_NOT_CONFIGURED(503, "The payment provider is not configured"),
    /**
     * The provider was asked about this payment less than {@code ConfirmPayment.QUERY_INTERVAL}
     * ago: a PayPay hint is answered so, with {@code Retry-After}, and PayPay delivers it again.
     */
    ASKED_RECENTLY(503, "The payment provider was asked a moment ago; try again shortly"),
    /** Could not take a receipt number under concurrent issuing: retry later. */
    CONTENTION(503, "Too much contention; try again later");

    private final int status;
    private final String title;

    ProblemCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The JSON {@code code}, e.g. {@code checkout_not_cancelable}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The problem a domain rejection is answered with. */
    public static ProblemCode of(Rejection.Code code) {
        return switch (code) {
            case INVALID_REQUEST -> INVALID_REQUEST;
            case INVALID_ORGANIZATION_CODE -> INVALID_ORGANIZATION_CODE;
            case FORBIDDEN -> FORBIDDEN;
            case NOT_FOUND -> NOT_FOUND;
            case UNKNOWN_PAYMENT -> UNKNOWN_PAYMENT;
            case INVALID_SIGNATURE -> INVALID_SIGNATURE;
            case IDEMPOTENCY_KEY_REUSED -> IDEMPOTENCY_KEY_REUSED;
            case CHECKOUT_NOT_CANCELABLE -> CHECKOUT_NOT_CANCELABLE;
            case CHECKOUT_NOT_PAYABLE -> CHECKOUT_NOT_PAYABLE;
            case TOO_MANY_ATTEMPTS -> TOO_MANY_ATTEMPTS;
            case INVALID_TRANSITION -> INVALID_TRANSITION;
            case CONFLICT -> CONFLICT;
            case NOT_PAID -> NOT_PAID;
            case UNKNOWN_ORGANIZATION -> UNKNOWN_ORGANIZATION;
            case UNKNOWN_PROCEDURE -> UNKNOWN_PROCEDURE;
            case METHOD_NOT_OFFERED -> METHOD_NOT_OFFERED;
            case AMOUNT_MISMATCH -> AMOUNT_MISMATCH;
            case RECEIPT_MISSING -> RECEIPT_MISSING;
            case PROVIDER_UNAVAILABLE -> PROVIDER_UNAVAILABLE;
            case PROVIDER_NOT_CONFIGURED -> PROVIDER_NOT_CONFIGURED;
            case ASKED_RECENTLY -> ASKED_RECENTLY;
            case CONTENTION -> CONTENTION;
            case CHECKOUT_NOT_PAID -> CHECKOUT_NOT_PAID;
            case REFUND_EXCEEDS_REFUNDABLE -> REFUND_EXCEEDS_REFUNDABLE;
            case SAME_PRINCIPAL -> SAME_PRINCIPAL;
            case TOO_MANY_REFUNDS -> TOO_MANY_REFUNDS;
            case DECISION_REFERENCE_REQUIRED -> DECISION_REFERENCE_REQUIRED;
            case PAYIN_NOT_PAID -> PAYIN_NOT_PAID;
            case PAYIN_ALREADY_PAID -> PAYIN_ALREADY_PAID;
            case RUN_NOT_RELEASED -> RUN_NOT_RELEASED;
            case RUN_NOT_PREPARED -> RUN_NOT_PREPARED;
        };
    }
}
