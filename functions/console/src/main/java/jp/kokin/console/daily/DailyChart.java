package jp.kokin.console.daily;

import java.util.List;

import jp.kokin.console.settlement.Fmt;
import jp.kokin.domain.format.Html;

/**
 * The 収入日計表's chart, drawn on the server as SVG (no script): per day two bars, gross (収納額) and
 * net (差引). It is an image with a title and a description ({@code role="img"},
 * {@code aria-labelledby}); the table under it holds the same figures as text. Colours meet WCAG AA
 * against white: the bars ({@code #0b5394} 7.7:1, {@code #1b5e20} 7.9:1; non-text needs 3:1) and the
 * text ({@code #1a1a1a}); the two series also differ by pattern-free position and are named in a legend.
 */
public final class DailyChart {
    static final String GROSS = "#0b5394";
    static final String NET = "#1b5e20";
    private static final int HEIGHT = 300;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;
    private static final int LEFT = 90;
    private static final int GROUP = 44;
    private static final int BAR = 16;

    private DailyChart() {}

    /**
     * @param title the chart's title (text)
     * @param desc  a description (text): what the bars show and the period's totals
     */
    public static String svg(List<DailyRevenue.DayTotal> days, String title, String desc, String grossLabel, String netLabel) {
        long max = days.stream().mapToLong(DailyRevenue.DayTotal::gross).max().orElse(0);
        long scale = niceCeiling(max);
        int plot = HEIGHT - TOP - BOTTOM;
        int width = LEFT + Math.max(days.size(), 1) * GROUP + 20;
        var sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"daily-chart\" role=\"img\" aria-labelledby=\"daily-chart-title daily-chart-desc\" ")
                .append("viewBox=\"0 0 ").append(width).append(' ').append(HEIGHT).append("\" width=\"").append(width).append("\" height=\"")
                .append(HEIGHT).append("\" style=\"max-width:100%;height:auto\" font-family=\"system-ui,sans-serif\" font-size=\"12\">\n");
        sb.append("<title id=\"daily-chart-title\">").append(Html.escape(title)).append("</title>\n");
        sb.append("<desc id=\"daily-chart-desc\">").append(Html.escape(desc)).append("</desc>\n");
        sb.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(HEIGHT).append("\" fill=\"#ffffff\"/>\n");
        // legend
        sb.append("<rect x=\"").append(LEFT).append("\" y=\"8\" width=\"12\" height=\"12\" fill=\"").append(GROSS).append("\"/>")
                .append("<text x=\"").append(LEFT + 16).append("\" y=\"18\" fill=\"#1a1a1a\">").append(Html.escape(grossLabel)).append("</text>")
                .append("<rect x=\"").append(LEFT + 110).append("\" y=\"8\" width=\"12\" height=\"12\" fill=\"").append(NET).append("\"/>")
                .append("<text x=\"").append(LEFT + 126).append("\" y=\"18\" fill=\"#1a1a1a\">").append(Html.escape(netLabel)).append("</text>\n");
        // grid and axis labels: 0, ¼, ½, ¾, 1 of the scale
        for (int i = 0; i <= 4; i++) {
            int y = TOP + plot - plot * i / 4;
            sb.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(width - 10).append("\" y1=\"").append(y).append("\" y2=\"").append(y)
                    .append("\" stroke=\"").append(i == 0 ? "#4a4a4a" : "#d0d0d0").append("\"/>")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(y + 4).append("\" text-anchor=\"end\" fill=\"#1a1a1a\">")
                    .append(Html.escape(Fmt.yen(scale * i / 4))).append("</text>\n");
        }
        for (int i = 0; i < days.size(); i++) {
            DailyRevenue.DayTotal d = days.get(i);
            int x = LEFT + i * GROUP + 3;
            bar(sb, x, d.gross(), scale, plot, GROSS, d.day() + " " + grossLabel + " " + Fmt.yen(d.gross()));
            bar(sb, x + BAR + 1, Math.max(d.net(), 0), scale, plot, NET, d.day() + " " + netLabel + " " + Fmt.yen(d.net()));
            if (days.size() <= 16 || i % 2 == 0) {
                sb.append("<text x=\"").append(x + BAR).append("\" y=\"").append(HEIGHT - BOTTOM + 14).append("\" text-anchor=\"middle\" fill=\"#1a1a1a\">")
                        .append(d.day().getMonthValue()).append('/').append(d.day().getDayOfMonth()).append("</text>\n");
            }
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void bar(StringBuilder sb, int x, long value, long scale, int plot, String fill, String label) {
        int h = scale == 0 ? 0 : (int) Math.round((double) value * plot / scale);
        sb.append("<rect x=\"").append(x).append("\" y=\"").append(TOP + plot - h).append("\" width=\"").append(BAR).append("\" height=\"").append(h)
                .append("\" fill=\"").append(fill).append("\"><title>").append(Html.escape(label)).append("</title></rect>\n");
    }

    /** The axis maximum: 1, 2 or 5 times a power of ten, at least {@code max} (1,000 when nothing was paid). */
    static long niceCeiling(long max) {
        if (max <= 0) {
            return 1_000;
        }
        long p = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * p >= max) {
                    return m * p;
                }
            }
            p *= 10;
        }
    }
}
