package jp.kokin.domain.format.zengin;

import jp.kokin.domain.format.FormatException;

/**
 * A Zengin file that cannot be read, with the place of the first bad byte:
 * {@link #record()} is the 1-based record number and {@link #position()} the 1-based byte
 * position within that record (as in the layout tables of the Zengin specification).
 */
public final class ZenginFormatException extends FormatException {

    private final int record;
    private final int position;

    public ZenginFormatException(int record, int position, String message) {
        super("record " + record + ", byte " + position + ": " + message);
        this.record = record;
        this.position = position;
    }

    /** 1-based record number. */
    public int record() {
        return record;
    }

    /** 1-based byte position within the record. */
    public int position() {
        return position;
    }
}
