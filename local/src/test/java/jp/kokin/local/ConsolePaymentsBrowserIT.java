package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * 収納一覧 in a browser: staff find a citizen's payment from the portal's reference (the phone call),
 * see its page, and export the list as CSV in UTF-8 with a BOM or in Shift_JIS; another
 * organization's staff do not find it.
 */
class ConsolePaymentsBrowserIT {
    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    /** The CSV's columns (design §2), in order. */
    private static final List<String> HEADER = List.of("受付番号", "団体コード", "ポータル", "申請番号", "手続", "状態", "支払方法",
            "金額", "作成日時(JST)", "支払日時(JST)", "領収書番号", "返金額(承認済以降)");

    @Test
    void staff_find_a_payment_by_the_portals_reference_and_see_its_page() throws Exception {
        var paid = new ConsoleDemoData(console).paidKoseki("CONSOLE-FIND-1", 2);
        console.signIn("viewer", "/console/payments");
        console.byId("payments");
        console.screenshot("10-payments");

        console.byId("q").sendKeys(paid.reference());
        console.byId("search").click();

        console.waitUntil("the checkout's page", d -> console.currentPathOnly().equals("/console/payments/" + paid.id()));
        assertEquals(200, console.status());
        String page = console.mainText();
        assertTrue(page.contains(paid.reference()) && page.contains(paid.receiptNumber()) && page.contains("¥900"), page);
        assertTrue(console.present(By.id("history")) && console.present(By.id("deliveries")), "history and deliveries tables");
        console.screenshot("11-checkout");
    }

    @Test
    void a_search_by_receipt_number_opens_the_checkout_at_once() throws Exception {
        var paid = new ConsoleDemoData(console).paidKoseki("CONSOLE-FIND-RECEIPT", 1);
        console.signIn("viewer", "/console/payments");

        console.byId("q").sendKeys(paid.receiptNumber());
        console.byId("search").click();

        console.waitUntil("the checkout's page", d -> console.currentPathOnly().equals("/console/payments/" + paid.id()));
    }

    @Test
    void another_organizations_staff_do_not_find_the_payment() throws Exception {
        var paid = new ConsoleDemoData(console).paidKoseki("CONSOLE-FIND-OTHER-ORG", 1);
        console.signIn("shinjuku", "/console/payments/" + paid.id());
        assertEquals(404, console.status(), "新宿区's staff get no page for 千代田区's checkout");

        console.open("/console/payments");
        console.byId("q").sendKeys(paid.reference());
        console.byId("search").click();
        console.loaded();
        assertFalse(console.currentPath().startsWith("/console/payments/" + paid.id()));
        assertFalse(console.driver().getPageSource().contains(paid.id()), "the checkout id is nowhere on the page");
    }

    @Test
    void pressing_export_downloads_the_csv_in_the_browser() throws Exception {
        var paid = new ConsoleDemoData(console).paidKoseki("CONSOLE-CSV-DOWNLOAD", 1);
        console.signIn("viewer", "/console/payments");
        new Select(console.byId("encoding")).selectByValue("utf-8");

        Path file = console.download(() -> console.byId("export-csv").click());

        String csv = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\uFEFF" + String.join(",", HEADER)) && csv.contains(paid.id()), csv);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"utf-8", "shift_jis"})
    void the_list_exports_as_csv_in_the_chosen_encoding(String encoding) throws Exception {
        var paid = new ConsoleDemoData(console).paidKoseki("CONSOLE-CSV-" + encoding.toUpperCase(java.util.Locale.ROOT), 2);
        console.signIn("viewer", "/console/payments");
        console.byId("export");
        new Select(console.byId("encoding")).selectByValue(encoding);
        console.screenshot("12-payments-export-" + encoding);

        // The file the export form asks for, fetched as the signed-in browser would: the export answers a page
        // (a 303 to the bucket after a form would be blocked by CSP form-action 'self') whose link #download is the file.
        HttpResponse<byte[]> page = console.getAsSignedIn(console.formUrl("export"));
        assertEquals(200, page.statusCode());
        var link = java.util.regex.Pattern.compile("<a id=\"download\" href=\"([^\"]+)\"").matcher(new String(page.body(), StandardCharsets.UTF_8));
        assertTrue(link.find(), "the export page links the file");
        HttpResponse<byte[]> exported = console.getAsSignedIn(link.group(1).replace("&amp;", "&"));
        assertEquals(200, exported.statusCode());

        byte[] bytes = exported.body();
        boolean utf8 = encoding.equals("utf-8");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        assertEquals(utf8, Arrays.equals(Arrays.copyOf(bytes, 3), bom), "a BOM only in UTF-8");
        Charset charset = utf8 ? StandardCharsets.UTF_8 : Charset.forName("Windows-31J");
        String text = new String(bytes, charset);
        if (utf8) {
            text = text.substring(1);
        } else {
            assertArrayEquals(HEADER.getFirst().getBytes(charset), Arrays.copyOf(bytes, HEADER.getFirst().getBytes(charset).length),
                    "Shift_JIS bytes of the first column's name");
        }
        List<String> lines = text.lines().toList();
        assertEquals(String.join(",", HEADER), lines.getFirst());
        assertTrue(bytes.length > 2 && bytes[bytes.length - 2] == '\r' && bytes[bytes.length - 1] == '\n', "CRLF rows");
        List<String> row = lines.stream().filter(l -> l.startsWith(paid.id() + ",")).map(l -> List.of(l.split(",", -1))).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + paid.id() + " in\n" + String.join("\n", lines)));
        assertEquals(HEADER.size(), row.size(), row.toString());
        assertEquals("131016", row.get(1));
        assertEquals(paid.reference(), row.get(3));
        assertEquals("900", row.get(7), "integer yen");
        assertEquals(paid.receiptNumber(), row.get(10));
        assertTrue(row.get(9).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}(:\\d{2})?"), "paid at, JST: " + row.get(9));
    }
}
