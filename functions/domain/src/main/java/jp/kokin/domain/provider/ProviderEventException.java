package jp.kokin.domain.provider;

/** A notification that is not believed: forged, stale or not from the provider (401), or unreadable (400). */
public final class ProviderEventException extends Exception {

    public enum Kind { UNAUTHENTICATED, MALFORMED }

    private final Kind kind;

    public ProviderEventException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static ProviderEventException unauthenticated(String message) {
        return new ProviderEventException(Kind.UNAUTHENTICATED, message);
    }

    public static ProviderEventException malformed(String message) {
        return new ProviderEventException(Kind.MALFORMED, message);
    }

    public Kind kind() {
        return kind;
    }
}
