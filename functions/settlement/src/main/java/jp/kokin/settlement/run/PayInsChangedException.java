package jp.kokin.settlement.run;

/**
 * A sealed run's pay-ins, created by an earlier invocation, differ from those computed now from its stored
 * lines and the catalog as it is (the catalog changed in between: a treasury block, a revenue item, the
 * treasury settings). Nothing of the run is written; it stays sealed until the catalog is restored.
 */
public final class PayInsChangedException extends IllegalStateException {
    public PayInsChangedException(String message) {
        super(message);
    }
}
