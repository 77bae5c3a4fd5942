package jp.kokin.console.daily;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The 収入日計表's chart: an accessible image drawn on the server. */
class DailyChartTest {
    private static final List<DailyRevenue.DayTotal> DAYS = List.of(
            new DailyRevenue.DayTotal(LocalDate.parse("2026-11-29"), 0, 0, 0),
            new DailyRevenue.DayTotal(LocalDate.parse("2026-11-30"), 4, 10_000, 2_500),
            new DailyRevenue.DayTotal(LocalDate.parse("2026-12-01"), 2, 5_000, 0));

    private final String svg = DailyChart.svg(DAYS, "収納額 & 差引 <日別>", "説明", "収納額", "差引");

    @Test
    void the_chart_is_an_image_labelled_by_its_title_and_description() {
        assertTrue(svg.startsWith("<svg "));
        assertTrue(svg.contains("role=\"img\""));
        assertTrue(svg.contains("aria-labelledby=\"daily-chart-title daily-chart-desc\""));
        assertTrue(svg.contains("<title id=\"daily-chart-title\">収納額 &amp; 差引 &lt;日別&gt;</title>"), "the title is escaped");
        assertTrue(svg.contains("<desc id=\"daily-chart-desc\">説明</desc>"));
        assertFalse(svg.contains("<script"));
        assertFalse(svg.contains("onload"));
    }

    @Test
    void bars_are_in_proportion_to_gross_and_net_on_a_round_scale() {
        assertEquals(10_000, DailyChart.niceCeiling(10_000));
        assertEquals(20_000, DailyChart.niceCeiling(10_001));
        assertEquals(1_000, DailyChart.niceCeiling(0));
        Matcher m = Pattern.compile("<rect x=\"\\d+\" y=\"\\d+\" width=\"\\d+\" height=\"(\\d+)\" fill=\"(#[0-9a-f]{6})\"><title>([^<]*)</title>").matcher(svg);
        var heights = new java.util.LinkedHashMap<String, Integer>();
        while (m.find()) {
            heights.put(m.group(3), Integer.parseInt(m.group(1)));
        }
        assertEquals(6, heights.size(), heights.toString());
        int full = heights.get("2026-11-30 収納額 ¥10,000");
        assertTrue(full > 100, "the largest gross fills the plot: " + full);
        assertEquals(full * 3 / 4, heights.get("2026-11-30 差引 ¥7,500"), 1);
        assertEquals(full / 2, heights.get("2026-12-01 収納額 ¥5,000"), 1);
        assertEquals(0, heights.get("2026-11-29 収納額 ¥0"));
    }

    @Test
    void the_bar_colours_meet_the_contrast_for_graphics_against_white() {
        assertTrue(contrast(DailyChart.GROSS) >= 4.5, "gross " + contrast(DailyChart.GROSS));
        assertTrue(contrast(DailyChart.NET) >= 4.5, "net " + contrast(DailyChart.NET));
    }

    private static double contrast(String hex) {
        double l = 0;
        double[] w = {0.2126, 0.7152, 0.0722};
        for (int i = 0; i < 3; i++) {
            double c = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            l += w[i] * (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
        return 1.05 / (l + 0.05);
    }
}
