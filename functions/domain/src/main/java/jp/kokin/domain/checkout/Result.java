package jp.kokin.domain.checkout;

/** A use case's answer: a value, or a rejection with a stable code. */
public sealed interface Result<T> {
    record Ok<T>(T value) implements Result<T> {}

    record Err<T>(Rejection rejection) implements Result<T> {}

    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Result<T> err(Rejection.Code code, String detail) {
        return new Err<>(new Rejection(code, detail));
    }
}
