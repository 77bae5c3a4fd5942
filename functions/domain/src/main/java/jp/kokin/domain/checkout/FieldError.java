package jp.kokin.domain.checkout;

/** One invalid field of a request: where, a stable code, and a message for the developer. */
public record FieldError(String field, String code, String message) {}
