package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Settlement in a browser, four eyes: one settlement approver prepares the day's run, the same
 * person cannot approve it, a second approves it, and only then is the transfer file offered, its
 * bytes the same as the API's. A national pay-in (国庫納付) is recorded paid by one approver and
 * confirmed by 外務省's.
 */
class ConsoleSettlementBrowserIT {
    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    @Test
    void a_run_prepared_by_one_approver_and_approved_by_another_releases_the_same_transfer_file_as_the_api() throws Exception {
        var data = new ConsoleDemoData(console);
        var paid = data.paidKoseki("CONSOLE-RUN-1", 1);
        String runId = data.settle(paid.businessDate()).get("runId").asText();
        String runPath = "/console/settlement-runs/" + runId;

        console.signIn("settler", "/console/settlement-runs");
        console.byId("runs");
        console.screenshot("40-settlement-runs");
        console.follow("runs", runPath, "the run's page");
        console.byId("statements");
        console.byId("release");
        assertFalse(console.present(By.id("transfer-file")), "no transfer file before approval");
        assertEquals(403, console.getAsSignedIn(runPath + "/transfer-file").statusCode(), "the transfer file is refused before approval");
        console.screenshot("41-settlement-run");

        console.byId("prepare-run").click();
        console.waitUntil("the run prepared", d -> console.currentPathOnly().equals(runPath) && !console.present(By.id("prepare-run")));
        console.screenshot("42-settlement-run-prepared");
        // The one who prepared it cannot approve it, whatever their browser sends.
        HttpResponse<String> own = console.postAsSignedIn(runPath + "/approve", Map.of("_csrf", console.csrfToken(), "_back", runPath));
        assertTrue(own.statusCode() == 403 || own.statusCode() == 409, own.statusCode() + " " + own.body());
        console.open(runPath);
        assertFalse(console.present(By.id("transfer-file")), "still no transfer file");

        console.signIn("settler2", runPath);
        console.byId("approve-run").click();
        WebElement link = console.waitUntil("the transfer file's link", d -> d.findElements(By.id("transfer-file")).stream().findFirst().orElse(null));
        console.screenshot("43-settlement-run-approved");
        byte[] api = data.apiBytes("/v1/settlement-runs/" + runId + "/transfer-file");

        Path file = console.download(link::click);

        assertArrayEquals(api, Files.readAllBytes(file), "the console's transfer file is the API's, byte for byte");
        assertTrue(api.length > 0);
    }

    @Test
    void a_pay_in_is_recorded_paid_and_then_confirmed() throws Exception {
        var data = new ConsoleDemoData(console);
        var paid = data.paid("130001", "passport-10y", 1, "CONSOLE-PAYIN-1");
        JsonNode run = data.settle(paid.businessDate());
        assertTrue(run.get("payins").asInt() >= 1, run.toString());

        console.signIn("settler", "/console/payins?status=due");
        console.byId("payins");
        console.screenshot("50-payins-due");
        List<WebElement> links = console.driver().findElements(By.cssSelector("#payins a[href^='/console/payins/']"));
        assertFalse(links.isEmpty(), "a pay-in is due");
        String payinPath = links.getFirst().getDomAttribute("href");
        links.getFirst().click();
        console.waitUntil("the pay-in's page", d -> console.currentPathOnly().equals(payinPath));
        assertTrue(console.mainText().contains("外務省"), console.mainText());
        console.screenshot("51-payin");

        // 納付日 comes filled in (today); the bank and its reference are typed
        console.driver().findElement(By.name("bank")).sendKeys("日本銀行本店");
        console.driver().findElement(By.name("reference")).sendKeys("R-BROWSER-1");
        console.byId("record-paid").click();
        console.waitUntil("the pay-in recorded paid", d -> console.currentPathOnly().equals(payinPath) && !console.present(By.id("record-paid")));
        console.screenshot("52-payin-paid");

        console.signIn("mofa", payinPath);
        console.byId("record-confirmed").click();
        console.waitUntil("the pay-in confirmed", d -> console.currentPathOnly().equals(payinPath) && !console.present(By.id("record-confirmed")));
        console.screenshot("53-payin-confirmed");
    }
}
