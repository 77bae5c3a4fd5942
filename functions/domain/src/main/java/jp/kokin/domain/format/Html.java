package jp.kokin.domain.format;

/**
 * The one HTML helper for every page we render (the citizen's payment, return and receipt pages,
 * the sandbox provider's pages, the creditors' statements): escaping and the page shell. Pages
 * are served only through {@code HttpResponses.html}, which adds the security headers (a
 * content security policy allowing our inline style and nothing else, {@code frame-ancestors
 * 'none'}, {@code nosniff}, HSTS); a page therefore needs no script and loads nothing.
 */
public final class Html {
    private Html() {}

    /** Text or attribute value, escaped for HTML ({@code & < > " '}); null is empty. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            String replacement = switch (s.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (replacement != null) {
                    sb.append(replacement);
                } else {
                    sb.append(s.charAt(i));
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** What goes in a page's head besides the title: its language, style, and whether robots may index it. */
    public record Head(String lang, String css, boolean hiddenFromRobots) {
        public static Head of(String lang, String css) {
            return new Head(lang, css, false);
        }

        public Head noindex() {
            return new Head(lang, css, true);
        }
    }

    /**
     * A complete page: doctype, {@code lang}, UTF-8, the mobile viewport, the (escaped) title, the
     * style, then {@code before} (markup outside the main landmark, e.g. a banner; may be empty)
     * and {@code main} inside {@code <main>}. {@code before} and {@code main} are markup, escaped by
     * the caller.
     */
    public static String page(Head head, String title, String before, String main) {
        StringBuilder sb = new StringBuilder(512 + head.css().length() + before.length() + main.length());
        sb.append("<!doctype html>\n<html lang=\"").append(escape(head.lang())).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        if (head.hiddenFromRobots()) {
            sb.append("<meta name=\"robots\" content=\"noindex, nofollow\">\n");
        }
        sb.append("<title>").append(escape(title)).append("</title>\n<style>\n").append(head.css()).append("</style>\n</head>\n<body>\n")
                .append(before).append("<main>\n").append(main).append("</main>\n</body>\n</html>\n");
        return sb.toString();
    }
}
