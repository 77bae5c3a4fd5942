package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Refunds in a browser, four eyes: a refund requester asks for part of a payment back with a reason
 * and its legal basis, a refund approver finds it in the queue and approves it; the requester sees
 * no approve button on their own request, and their POST is refused. And the whole request made
 * with the keyboard alone (Tab, Enter, Space, typing, and an arrow key in the reason's select).
 */
class ConsoleRefundsBrowserIT {
    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    private static final String LEGAL_BASIS = "地方自治法施行令第165条の7";

    @Test
    void a_requester_asks_for_a_refund_and_an_approver_approves_it() throws Exception {
        var data = new ConsoleDemoData(console);
        var paid = data.paidKoseki("CONSOLE-REFUND-1", 2);

        console.signIn("requester", "/console/payments/" + paid.id());
        console.byId("request-refund").click();
        console.byId("refund-form");
        fill("450", "手数料の誤徴収（ブラウザテスト）");
        console.screenshot("30-refund-form");
        console.byId("submit-refund").click();

        console.waitUntil("the refund's page", d -> console.currentPath().startsWith("/console/refunds/"));
        String refundPath = console.currentPathOnly();
        assertEquals(200, console.status());
        assertTrue(console.mainText().contains("¥450") && console.mainText().contains(LEGAL_BASIS), console.mainText());
        assertFalse(console.present(By.id("approve")), "the requester gets no approve button on their own request");
        console.screenshot("31-refund-requested");

        console.signIn("approver", "/console/refunds?status=requested");
        console.byId("refunds");
        console.screenshot("32-refund-queue");
        console.follow("refunds", refundPath, "the refund's page");
        console.screenshot("33-refund-to-approve");
        console.byId("approve").click();

        console.waitUntil("back on the refund's page, approved", d -> console.currentPathOnly().equals(refundPath)
                && !console.present(By.id("approve")));
        assertEquals(200, console.status());
        console.screenshot("34-refund-approved");
        JsonNode refund = data.refunds(paid.id()).get(0);
        assertEquals(450, refund.get("amount").asLong());
        assertFalse(refund.get("status").asText().equals("requested"), refund.toString());
    }

    @Test
    void the_requester_cannot_approve_their_own_refund() throws Exception {
        var paid = new ConsoleDemoData(console).paidKoseki("CONSOLE-REFUND-OWN", 1);
        console.signIn("requester", "/console/payments/" + paid.id() + "/refunds/new");
        fill("450", "二重払い");
        console.byId("submit-refund").click();
        console.waitUntil("the refund's page", d -> console.currentPath().startsWith("/console/refunds/"));
        String refundPath = console.currentPathOnly();
        assertFalse(console.present(By.id("approve")), "no approve button");
        assertFalse(console.present(By.id("reject")), "no reject button");

        // Their browser sends the approval anyway (a crafted form with their valid session and CSRF token).
        String csrf = console.csrfToken();
        HttpResponse<String> answer = console.postAsSignedIn(refundPath + "/approve", Map.of("_csrf", csrf, "_back", refundPath));

        assertEquals(403, answer.statusCode(), answer.body());
        console.open(refundPath);
        assertTrue(console.mainText().contains("¥450"));
        assertEquals("requested", new ConsoleDemoData(console).refunds(paid.id()).get(0).get("status").asText());
    }

    @Test
    void a_refund_is_requested_with_the_keyboard_alone() throws Exception {
        var paid = new ConsoleDemoData(console).paidKoseki("CONSOLE-REFUND-KEYS", 2);
        console.signIn("requester", "/console/payments/" + paid.id());

        List<String> path = new ArrayList<>();
        tabTo("request-refund", path);
        press(Keys.ENTER);
        console.byId("refund-form");
        tabTo("amount", path);
        if (!active().getDomProperty("value").isEmpty()) {
            press(Keys.chord(Keys.CONTROL, "a")); // typing replaces what is there
        }
        type("900");
        tabTo("reason", path);
        press(Keys.ARROW_DOWN); // a closed select steps to the next reason (the first is "choose")
        assertFalse(new Select(active()).getFirstSelectedOption().getDomAttribute("value").isEmpty(), "a reason chosen");
        tabTo("legal-basis", path);
        type(LEGAL_BASIS);
        tabTo("note", path);
        type("キーボードだけで申請");
        console.screenshot("35-refund-keyboard");
        tabTo("submit-refund", path);
        press(Keys.SPACE);

        console.waitUntil("the refund's page", d -> console.currentPath().startsWith("/console/refunds/"));
        assertTrue(console.mainText().contains("¥900") && console.mainText().contains(LEGAL_BASIS), console.mainText());
        console.screenshot("36-refund-keyboard-requested");
        // The fields came in reading order.
        List<String> form = path.stream().filter(List.of("amount", "reason", "legal-basis", "note", "submit-refund")::contains).distinct().toList();
        assertEquals(List.of("amount", "reason", "legal-basis", "note", "submit-refund"), form, "focus order " + path);
    }

    /** Fills the refund form: amount, the first reason, the legal basis, a note. */
    private static void fill(String amount, String note) {
        WebElement a = console.byId("amount");
        a.clear();
        a.sendKeys(amount);
        Select reason = new Select(console.byId("reason"));
        reason.selectByValue(firstReason(reason).getDomAttribute("value"));
        console.byId("legal-basis").sendKeys(LEGAL_BASIS);
        console.byId("note").sendKeys(note);
    }

    private static WebElement firstReason(Select reason) {
        return reason.getOptions().stream().filter(o -> o.getDomAttribute("value") != null && !o.getDomAttribute("value").isEmpty())
                .findFirst().orElseThrow(() -> new AssertionError("no reason to choose"));
    }

    /** The focused element. */
    private static WebElement active() {
        return console.driver().switchTo().activeElement();
    }

    /** Presses Tab until the element with {@code id} has the focus (at most 100 times), noting each stop. */
    private static void tabTo(String id, List<String> stops) {
        for (int i = 0; i < 100; i++) {
            String focused = active().getDomAttribute("id");
            if (id.equals(focused)) {
                return;
            }
            press(Keys.TAB);
            stops.add(String.valueOf(active().getDomAttribute("id")));
        }
        throw new AssertionError("Tab never reached #" + id + ": " + stops);
    }

    private static void press(CharSequence key) {
        new Actions(console.driver()).sendKeys(key).perform();
    }

    private static void type(String text) {
        new Actions(console.driver()).sendKeys(text).perform();
    }
}
