package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Every screen of the navigation, reached by its link, as the platform administrator (who may view
 * everything and read the audit log): each answers 200 with a heading, its tables have captions and
 * column headers, its inputs labels; a screenshot of each is kept for review.
 */
class ConsoleScreensBrowserIT {
    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    /** Navigation link → the table the screen shows (design §2) and the screenshot's name. */
    private record Screen(String path, String table, String shot) {}

    private static final List<Screen> SCREENS = List.of(
            new Screen("/console/payments", "payments", "20-payments"),
            new Screen("/console/refunds", "refunds", "21-refunds"),
            new Screen("/console/settlement-runs", "runs", "22-settlement-runs"),
            new Screen("/console/payins", "payins", "23-payins"),
            new Screen("/console/daily", "daily", "24-daily"),
            new Screen("/console/audit", "audit", "25-audit"));

    @Test
    void every_screen_in_the_navigation_opens_with_a_heading_and_accessible_tables_and_forms() throws Exception {
        new ConsoleDemoData(console).paidKoseki("CONSOLE-SCREENS-1", 1);
        console.signIn("admin");
        for (Screen screen : SCREENS) {
            console.driver().findElement(By.cssSelector("nav.primary a[href='" + screen.path() + "']")).click();
            console.waitUntil(screen.path(), d -> console.currentPath().startsWith(screen.path()));
            console.loaded();
            assertEquals(200, console.status(), screen.path());
            assertFalse(console.driver().findElement(By.tagName("h1")).getText().isBlank(), screen.path() + ": a heading");
            assertEquals("page", console.driver().findElement(By.cssSelector("nav.primary a[href='" + screen.path() + "']"))
                    .getDomAttribute("aria-current"), screen.path() + " is the current page in the navigation");
            console.byId(screen.table());
            accessible(screen.path());
            console.screenshot(screen.shot());
        }
    }

    @Test
    void the_daily_revenue_screen_draws_its_chart_as_an_svg_with_a_title() throws Exception {
        new ConsoleDemoData(console).paidKoseki("CONSOLE-DAILY-1", 1);
        console.signIn("viewer", "/console/daily");
        console.byId("daily");
        WebElement svg = console.driver().findElement(By.cssSelector("main svg[role='img']"));
        String labelledBy = svg.getDomAttribute("aria-labelledby");
        assertTrue(labelledBy != null && !labelledBy.isBlank(), "the chart is labelled");
        assertFalse(svg.findElements(By.tagName("title")).isEmpty(), "the chart has a title");
    }

    /** Tables have captions and column headers; every visible input, select and textarea a label. */
    private static void accessible(String where) {
        for (WebElement table : console.driver().findElements(By.cssSelector("main table"))) {
            assertFalse(table.findElements(By.tagName("caption")).isEmpty(), where + ": a table without a caption");
            assertFalse(table.findElements(By.cssSelector("th[scope='col']")).isEmpty(), where + ": a table without column headers");
        }
        for (WebElement input : console.driver().findElements(By.cssSelector("main input:not([type='hidden']), main select, main textarea"))) {
            String id = input.getDomAttribute("id");
            assertTrue(id != null && !console.driver().findElements(By.cssSelector("label[for='" + id + "']")).isEmpty(),
                    where + ": an input without a label: " + input.getDomAttribute("name"));
        }
    }
}
