package jp.kokin.domain.catalog;

/** Languages of the citizen-facing pages. */
public enum Language {
    JA("ja"), EN("en");

    private final String tag;

    Language(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static Language fromTag(String tag) {
        for (Language l : values()) {
            if (l.tag.equals(tag)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown language '" + tag + "' (ja or en)");
    }
}
