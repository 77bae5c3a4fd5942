package jp.kokin.domain.catalog;

import java.util.Objects;

/** A name in Japanese, with an optional English form that falls back to the Japanese. */
public record LocalizedText(String ja, String en) {
    public LocalizedText {
        Objects.requireNonNull(ja, "ja");
        if (ja.isBlank()) {
            throw new IllegalArgumentException("a Japanese name is required");
        }
    }

    public String in(Language language) {
        return language == Language.EN && en != null && !en.isBlank() ? en : ja;
    }
}
