package jp.kokin.domain.provider;

/** A notification that is not believed: forged, stale or not from the provider (401), or unreadable (400). */
public final class NotificationException extends Exception {

    public enum Kind { UNAUTHENTICATED, MALFORMED }

    private final Kind kind;

    public NotificationException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static NotificationException unauthenticated(String message) {
        return new NotificationException(Kind.UNAUTHENTICATED, message);
    }

    public static NotificationException malformed(String message) {
        return new NotificationException(Kind.MALFORMED, message);
    }

    public Kind kind() {
        return kind;
    }
}
