package jp.kokin.domain.catalog;

import java.util.Objects;

/**
 * A revenue item (歳入科目: 部・款・項・目) of the national treasury, named by a national fee line
 * whose creditor has a {@link Treasury} block.
 *
 * @param code the ministry's code for the item as the 納付書 prints it: 1–{@value #MAX_CODE_LENGTH}
 *             of {@code 0-9 A-Z -}
 * @param name the item's name, e.g. {@code 旅券法手数料}: 1–{@value #MAX_NAME_LENGTH} characters
 */
public record RevenueItem(String code, String name) {
    public static final int MAX_CODE_LENGTH = 20;
    public static final int MAX_NAME_LENGTH = 60;
    /**
     * What a national line is filed under when the catalog names no revenue item for it at the time
     * (the receipt's notice and the run's pay-in): the money is never dropped nor sent by transfer,
     * and the missing item is logged at ERROR where it is found.
     */
    public static final RevenueItem UNASSIGNED = new RevenueItem("UNASSIGNED", "歳入科目未設定");

    public RevenueItem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        if (!code.matches("[0-9A-Z-]{1," + MAX_CODE_LENGTH + "}")) {
            throw new IllegalArgumentException("revenue item code must be 1 to " + MAX_CODE_LENGTH + " of 0-9, A-Z, '-'");
        }
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("revenue item name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
    }
}
