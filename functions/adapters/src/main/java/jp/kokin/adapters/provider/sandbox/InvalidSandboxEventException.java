package jp.kokin.adapters.provider.sandbox;

/**
 * A correctly signed notification whose body is not what the sandbox sends. The message says
 * what is wrong (safe to log and to answer with: it never quotes the body).
 */
public final class InvalidSandboxEventException extends Exception {
    public InvalidSandboxEventException(String message) {
        super(message);
    }
}
