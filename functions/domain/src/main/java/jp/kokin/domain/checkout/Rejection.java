package jp.kokin.domain.checkout;

import java.util.List;

/** A request the domain refuses, with a stable code; the edge maps codes to HTTP statuses once. */
public record Rejection(String code, String detail, List<FieldError> errors) {
    public Rejection {
        errors = List.copyOf(errors);
    }

    public Rejection(String code, String detail) {
        this(code, detail, List.of());
    }
}
