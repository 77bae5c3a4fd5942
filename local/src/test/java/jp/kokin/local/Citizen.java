package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A citizen's browser, reduced to what the payment path needs: it follows our page to the
 * provider's page as a browser would (a 303, or a form POST in the form's {@code accept-charset}),
 * presses a button there, and follows the provider back to us. It knows HTML, not the providers.
 */
final class Citizen {
    private static final Pattern FORM = Pattern.compile(
            "<form method=\"post\" action=\"([^\"]*)\"(?: accept-charset=\"([^\"]*)\")?>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
    private static final Pattern BUTTON = Pattern.compile("<button[^>]*\\sname=\"([^\"]*)\"\\s+value=\"([^\"]*)\"[^>]*>");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What the citizen saw at the end: the page we showed on return, and the address it was at. */
    record Outcome(String returnUrl, String page) {}

    /**
     * Chooses {@code method} on our payment page, goes to the provider, presses the button whose
     * form action or value is {@code choice} ("pay", "decline"), and comes back to our return page.
     */
    Outcome pay(String base, String checkoutId, String method, String choice) throws Exception {
        URI back = payAtProvider(base, checkoutId, method, choice);
        return new Outcome(back.toString(), expect(send(HttpRequest.newBuilder(back).GET().build()), 200).body());
    }

    /** Chooses {@code method} on our page and arrives on the provider's page (its address). */
    URI openProviderPage(String base, String checkoutId, String method) throws Exception {
        HttpResponse<String> chosen = send(post(URI.create(base + "/pay/" + checkoutId), "method=" + method,
                StandardCharsets.UTF_8));
        if (chosen.statusCode() == 303) {
            return location(chosen);
        }
        assertEquals(200, chosen.statusCode(), chosen.body());
        return location(expect(submitFirstForm(URI.create(base + "/pay/" + checkoutId), chosen.body()), 303));
    }

    /** Same as {@link #pay} but the browser is closed on the way back: our return page is never asked. */
    URI payAtProvider(String base, String checkoutId, String method, String choice) throws Exception {
        URI providerPage = openProviderPage(base, checkoutId, method);
        HttpResponse<String> page = expect(send(HttpRequest.newBuilder(providerPage).GET().build()), 200);
        URI back = location(expect(press(providerPage, page.body(), choice), 303));
        assertTrue(back.toString().startsWith(base + "/pay/" + checkoutId + "/return"), back.toString());
        return back;
    }

    /** The raw answer to choosing {@code method} (e.g. a 503 when the provider cannot be reached). */
    HttpResponse<String> choose(String base, String checkoutId, String method) throws Exception {
        return send(post(URI.create(base + "/pay/" + checkoutId), "method=" + method, StandardCharsets.UTF_8));
    }

    /** Posts the (only) form of one of our pages with its hidden fields, in its accept-charset. */
    private HttpResponse<String> submitFirstForm(URI at, String html) throws Exception {
        Matcher form = FORM.matcher(html);
        assertTrue(form.find(), "a form: " + html);
        Charset charset = form.group(2) == null ? StandardCharsets.UTF_8 : Charset.forName(form.group(2));
        List<String> fields = new ArrayList<>();
        Matcher hidden = HIDDEN.matcher(form.group(3));
        while (hidden.find()) {
            fields.add(browserEncode(unescape(hidden.group(1)), charset) + "=" + browserEncode(unescape(hidden.group(2)), charset));
        }
        return send(post(at.resolve(unescape(form.group(1))), String.join("&", fields), charset));
    }

    /** Presses the provider page's button for {@code choice}: a form whose action ends with it, or a button with that value. */
    private HttpResponse<String> press(URI at, String html, String choice) throws Exception {
        Matcher form = FORM.matcher(html);
        while (form.find()) {
            URI action = at.resolve(unescape(form.group(1)));
            if (action.getPath().endsWith("/" + choice)) {
                return send(post(action, "", StandardCharsets.UTF_8));
            }
            Matcher button = BUTTON.matcher(form.group(3));
            while (button.find()) {
                if (choice.equals(button.group(2))) {
                    return send(post(action, button.group(1) + "=" + choice, StandardCharsets.UTF_8));
                }
            }
        }
        throw new AssertionError("no '" + choice + "' button on " + at + ": " + html);
    }

    /**
     * As a browser encodes a form field (WHATWG urlencoded serializer): the text's bytes in the form's
     * charset, ASCII letters, digits and {@code *-._} as they are (also when they are the trail byte of
     * a Shift_JIS character), a space as {@code +}, every other byte as {@code %XX}.
     */
    static String browserEncode(String text, Charset charset) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(charset)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "*-._".indexOf(c) >= 0) {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(java.util.HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    /** A browser sends no charset in the content type: the receiver knows it from its own page. */
    private static HttpRequest post(URI uri, String form, Charset charset) {
        return HttpRequest.newBuilder(uri)
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.US_ASCII)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.request().method() + " " + response.uri() + " → " + response.body());
        return response;
    }

    private static URI location(HttpResponse<String> response) {
        return response.uri().resolve(response.headers().firstValue("location").orElseThrow());
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

}
