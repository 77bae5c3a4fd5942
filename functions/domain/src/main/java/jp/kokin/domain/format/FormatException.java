package jp.kokin.domain.format;

/**
 * The one exception every parser and writer in {@code jp.kokin.domain.format} declares.
 * The message says exactly what is wrong, in terms a developer or an operator can act on,
 * for example {@code "check digit of 131017 should be 6"}.
 */
public class FormatException extends IllegalArgumentException {

    public FormatException(String message) {
        super(message);
    }

    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
