package jp.kokin.domain.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void every_character_that_could_open_markup_or_close_an_attribute_is_escaped() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
                Html.escape("<a href=\"x\" title='y'>&amp;</a>"));
    }

    @Test
    void text_without_markup_is_returned_as_it_is_and_null_is_empty() {
        String plain = "東京都千代田区 住民票の写し";
        assertSame(plain, Html.escape(plain));
        assertEquals("", Html.escape(null));
    }

    @Test
    void a_page_declares_its_language_and_encoding_and_escapes_its_title() {
        String page = Html.page(Html.Head.of("en", "body{}"), "<script>alert(1)</script>", "", "<h1>Hi</h1>");
        assertTrue(page.startsWith("<!doctype html>\n<html lang=\"en\">"), page);
        assertTrue(page.contains("<meta charset=\"utf-8\">"), page);
        assertTrue(page.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"), page);
        assertTrue(page.contains("<main>\n<h1>Hi</h1></main>"), page);
        assertFalse(page.contains("robots"), page);
    }

    @Test
    void a_page_hidden_from_robots_says_so_and_keeps_its_banner_outside_the_main_landmark() {
        String page = Html.page(Html.Head.of("ja", "").noindex(), "t", "<p role=\"note\">test</p>\n", "m");
        assertTrue(page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"), page);
        assertTrue(page.indexOf("<p role=\"note\">") < page.indexOf("<main>"), page);
    }
}
