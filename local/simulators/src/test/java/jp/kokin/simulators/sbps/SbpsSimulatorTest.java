package jp.kokin.simulators.sbps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import jp.kokin.simulators.SimulatorServer;

/** The simulator on the wire, checked with hashes computed here from SBPS's published rules. */
class SbpsSimulatorTest {

    private static final Charset SJIS = Charset.forName("Shift_JIS");
    private static final String KEY = "c48e0c7b3e2f1a9d0b5a6f4e8d7c2b1a0f9e8d7c";
    /** 2025-04-01 10:00:00 JST. */
    private static final Instant NOW = Instant.parse("2025-04-01T01:00:00Z");
    private static final List<String> A01 = List.of(
            "pay_method", "merchant_id", "service_id", "cust_code", "sps_cust_no", "sps_payment_no", "order_id",
            "item_id", "pay_item_id", "item_name", "tax", "amount", "pay_type", "auto_charge_type", "service_type",
            "div_settele", "last_charge_month", "camp_type", "tracking_id", "terminal_type", "success_url",
            "cancel_url", "error_url", "pagecon_url", "free1", "free2", "free3", "free_csv", "request_date",
            "limit_second");
    private static final List<String> A02 = List.of(
            "pay_method", "merchant_id", "service_id", "cust_code", "sps_cust_no", "sps_payment_no", "order_id",
            "item_id", "pay_item_id", "item_name", "tax", "amount", "pay_type", "auto_charge_type", "service_type",
            "div_settele", "last_charge_month", "camp_type", "tracking_id", "terminal_type", "free1", "free2",
            "free3", "free_csv", "request_date", "res_pay_method", "res_result", "res_tracking_id",
            "res_sps_cust_no", "res_sps_payment_no", "res_payinfo_key", "res_payment_date", "res_err_code",
            "res_date", "limit_second");

    private final SbpsSimulator simulator = SbpsSimulator.fromSettings(Map.of("merchantId", "30132",
            "serviceId", "104", "hashKey", List.of(KEY, "previous-key"), "baseUrl", "ignored"),
            "http://unused", Clock.fixed(NOW, ZoneOffset.UTC));
    private final SimulatorServer server = SimulatorServer.start(simulator);
    private final Merchant merchant = new Merchant();
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void stop() {
        server.close();
        merchant.close();
    }

    /** The merchant's result CGI: records what arrives and answers from a script ("OK," by default). */
    private static final class Merchant implements AutoCloseable {
        final HttpServer http;
        final ConcurrentLinkedQueue<byte[]> bodies = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> contentTypes = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();

        Merchant() {
            try {
                http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            http.createContext("/cgi", exchange -> {
                bodies.add(exchange.getRequestBody().readAllBytes());
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                String answer = answers.isEmpty() ? "OK," : answers.poll();
                byte[] out = answer.getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, out.length);
                exchange.getResponseBody().write(out);
                exchange.close();
            });
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/cgi";
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    private static String sha1(String s, Charset charset) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(charset)));
    }

    private Map<String, String> purchase(String orderId, String payMethod, String key) throws Exception {
        Map<String, String> f = new LinkedHashMap<>();
        A01.forEach(name -> f.put(name, ""));
        f.put("pay_method", payMethod);
        f.put("merchant_id", "30132");
        f.put("service_id", "104");
        f.put("cust_code", "chk_abc");
        f.put("order_id", orderId);
        f.put("item_id", "koseki");
        f.put("item_name", "戸籍全部事項証明書");
        f.put("amount", "450");
        f.put("pay_type", "0");
        f.put("service_type", "0");
        f.put("terminal_type", "0");
        f.put("success_url", "https://kokin.example.jp/pay/chk_abc/return?payment=" + orderId);
        f.put("cancel_url", "https://kokin.example.jp/pay/chk_abc");
        f.put("error_url", "https://kokin.example.jp/pay/chk_abc/return?payment=" + orderId);
        f.put("pagecon_url", merchant.url());
        f.put("request_date", "20250401095900");
        f.put("limit_second", "600");
        sign(f, key);
        return f;
    }

    private static void sign(Map<String, String> f, String key) throws Exception {
        StringBuilder plain = new StringBuilder();
        A01.forEach(name -> plain.append(f.getOrDefault(name, "")));
        f.put("sps_hashcode", sha1(plain + key, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(Map<String, String> fields) throws Exception {
        List<String> pairs = new ArrayList<>();
        fields.forEach((k, v) -> pairs.add(URLEncoder.encode(k, SJIS) + "=" + URLEncoder.encode(v, SJIS)));
        return browser.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/f01/FepBuyInfoReceive.do"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> click(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> decode(byte[] body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = pair.indexOf('=');
            m.put(URLDecoder.decode(pair.substring(0, eq), SJIS), URLDecoder.decode(pair.substring(eq + 1), SJIS));
        }
        return m;
    }

    private static String pageOf(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElseThrow();
    }

    // ---- purchase and page ------------------------------------------------------------------------

    @Test
    void a_valid_purchase_opens_the_page_of_its_method() throws Exception {
        HttpResponse<String> posted = post(purchase("pay_1", "auone", KEY));

        assertEquals(303, posted.statusCode(), posted.body());
        assertTrue(pageOf(posted).startsWith(server.baseUrl() + "/pay/"), pageOf(posted));
        String page = get(pageOf(posted)).body();
        assertTrue(page.contains("au PAY"), page);
        assertTrue(page.contains("450円"), page);
        assertTrue(page.contains("戸籍全部事項証明書"), page);
        assertEquals(SbpsSimulator.Status.PENDING, simulator.status("pay_1").orElseThrow());
    }

    @Test
    void paying_posts_a_hashed_shift_jis_result_to_pagecon_url_before_sending_the_browser_back() throws Exception {
        String page = pageOf(post(purchase("pay_2", "docomo", KEY)));

        HttpResponse<String> paid = click(page + "/pay");

        assertEquals(303, paid.statusCode());
        assertEquals("https://kokin.example.jp/pay/chk_abc/return?payment=pay_2", pageOf(paid));
        byte[] body = merchant.bodies.poll();
        assertNotNull(body, "notified before the redirect");
        assertEquals("application/x-www-form-urlencoded", merchant.contentTypes.poll(), "no charset, as SBPS sends it");
        Map<String, String> r = decode(body);
        assertEquals("OK", r.get("res_result"));
        assertEquals("pay_2", r.get("order_id"));
        assertEquals("450", r.get("amount"));
        assertEquals("戸籍全部事項証明書", r.get("item_name"));
        assertEquals("docomo", r.get("res_pay_method"));
        assertEquals("20250401100000", r.get("res_date"));
        assertEquals("20250401100000", r.get("res_payment_date"));
        assertEquals(simulator.trackingId("pay_2").orElseThrow(), r.get("res_tracking_id"));
        StringBuilder plain = new StringBuilder();
        A02.forEach(name -> plain.append(r.getOrDefault(name, "")));
        assertEquals(sha1(plain + KEY, StandardCharsets.UTF_8).toUpperCase(), r.get("sps_hashcode"));
        assertEquals(SbpsSimulator.Status.PAID, simulator.status("pay_2").orElseThrow());
        assertEquals(200, simulator.sent().getFirst().status());
    }

    @Test
    void declining_posts_ng_and_sends_the_browser_to_the_error_url() throws Exception {
        String page = pageOf(post(purchase("pay_3", "docomo", KEY)));

        HttpResponse<String> declined = click(page + "/decline");

        assertEquals("https://kokin.example.jp/pay/chk_abc/return?payment=pay_3", pageOf(declined));
        Map<String, String> r = decode(merchant.bodies.poll());
        assertEquals("NG", r.get("res_result"));
        assertEquals(SbpsSimulator.DECLINED_CODE, r.get("res_err_code"));
        assertEquals(SbpsSimulator.Status.DECLINED, simulator.status("pay_3").orElseThrow());
        assertTrue(get(page).body().contains("処理済み"), "the page cannot be paid again");
    }

    @Test
    void canceling_notifies_nothing_and_sends_the_browser_to_the_cancel_url() throws Exception {
        String page = pageOf(post(purchase("pay_4", "docomo", KEY)));

        HttpResponse<String> canceled = click(page + "/cancel");

        assertEquals("https://kokin.example.jp/pay/chk_abc", pageOf(canceled));
        assertTrue(merchant.bodies.isEmpty());
        assertEquals(SbpsSimulator.Status.CANCELED, simulator.status("pay_4").orElseThrow());
    }

    @Test
    void a_result_not_acknowledged_with_ok_comma_is_sent_again() throws Exception {
        merchant.answers.add("OK"); // no comma: not SBPS's acknowledgement
        simulator.purchase(purchase("pay_5", "docomo", KEY));

        simulator.pay("pay_5");

        assertEquals(SbpsSimulator.NOT_ACKNOWLEDGED, simulator.sent().getFirst().status());
        var sent = simulator.awaitSent(l -> l.size() >= 2, Duration.ofSeconds(5)); // the retry comes after 1 s
        assertEquals(200, sent.get(1).status());
        assertEquals(2, merchant.bodies.size());
    }

    @Test
    void a_purchase_with_a_bad_hash_gets_an_error_page() throws Exception {
        HttpResponse<String> refused = post(purchase("pay_6", "docomo", "previous-key"));

        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains(SbpsSimulator.E_HASH), refused.body());
        assertTrue(simulator.status("pay_6").isEmpty());
    }

    @Test
    void a_changed_amount_breaks_the_hash() throws Exception {
        Map<String, String> f = purchase("pay_7", "docomo", KEY);
        f.put("amount", "1");

        var e = assertThrows(SbpsSimulator.PurchaseRejectedException.class, () -> simulator.purchase(f));

        assertEquals(SbpsSimulator.E_HASH, e.code());
    }

    @Test
    void another_merchant_an_unknown_method_a_late_request_and_a_reused_order_are_refused() throws Exception {
        Map<String, String> other = purchase("pay_8", "docomo", KEY);
        other.put("merchant_id", "99999");
        sign(other, KEY);
        assertEquals(SbpsSimulator.E_PARAMETER, assertThrows(SbpsSimulator.PurchaseRejectedException.class,
                () -> simulator.purchase(other)).code());

        Map<String, String> card = purchase("pay_8", "credit", KEY);
        assertEquals(SbpsSimulator.E_PARAMETER, assertThrows(SbpsSimulator.PurchaseRejectedException.class,
                () -> simulator.purchase(card)).code());

        Map<String, String> late = purchase("pay_8", "docomo", KEY);
        late.put("request_date", "20250401094900"); // 11 minutes ago, limit 600 s
        sign(late, KEY);
        assertEquals(SbpsSimulator.E_EXPIRED, assertThrows(SbpsSimulator.PurchaseRejectedException.class,
                () -> simulator.purchase(late)).code());

        simulator.purchase(purchase("pay_8", "docomo", KEY));
        assertEquals(SbpsSimulator.E_DUPLICATE, assertThrows(SbpsSimulator.PurchaseRejectedException.class,
                () -> simulator.purchase(purchase("pay_8", "docomo", KEY))).code());
    }

    // ---- inquiry ------------------------------------------------------------------------------------

    private HttpResponse<String> inquire(String requestId, String orderId, String key, String password) throws Exception {
        String values = "30132" + "104" + orderId + "0" + "20250401100000";
        String xml = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<sps-api-request id=\"" + requestId + "\">"
                + "<merchant_id>30132</merchant_id><service_id>104</service_id><tracking_id></tracking_id>"
                + "<order_id>" + orderId + "</order_id><encrypted_flg>0</encrypted_flg>"
                + "<request_date>20250401100000</request_date><limit_second></limit_second>"
                + "<sps_hashcode>" + sha1(values + key, SJIS) + "</sps_hashcode></sps-api-request>";
        String auth = Base64.getEncoder().encodeToString(("30132104:" + password).getBytes(StandardCharsets.UTF_8));
        return browser.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/xmlapi.do"))
                .header("Authorization", "Basic " + auth).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(xml.getBytes(SJIS))).build(),
                HttpResponse.BodyHandlers.ofString(SJIS));
    }

    @Test
    void the_inquiry_needs_basic_authentication() throws Exception {
        HttpResponse<String> r = inquire("MG01-00101-401", "pay_9", KEY, "wrong");

        assertEquals(401, r.statusCode());
    }

    @Test
    void the_inquiry_reports_a_paid_purchase() throws Exception {
        simulator.dropNotifications(true);
        simulator.purchase(purchase("pay_10", "docomo", KEY));
        simulator.payWithAmount("pay_10", 449);

        String xml = inquire("MG01-00101-401", "pay_10", KEY, KEY).body();

        assertTrue(xml.contains("<res_result>OK</res_result>"), xml);
        assertTrue(xml.contains("<payment_status>1</payment_status>"), xml);
        assertTrue(xml.contains("<amount>449</amount>"), xml);
        assertTrue(xml.contains("<payment_date>20250401100000</payment_date>"), xml);
        assertTrue(simulator.sent().isEmpty(), "dropped");
    }

    @Test
    void the_inquiry_refuses_unknown_orders_and_bad_hashes_with_error_codes() throws Exception {
        simulator.purchase(purchase("pay_11", "docomo", KEY));

        assertTrue(inquire("MG01-00101-402", "pay_11", KEY, KEY).body().contains("<res_err_code>40210999</res_err_code>"),
                "an au PAY inquiry does not find a d払い purchase");
        assertTrue(inquire("MG01-00101-401", "pay_none", KEY, KEY).body().contains("<res_err_code>40110999</res_err_code>"));
        assertTrue(inquire("MG01-00101-401", "pay_11", "previous-key", KEY).body().contains("<res_err_code>40105999</res_err_code>"));
        assertFalse(inquire("MG01-00101-401", "pay_11", KEY, KEY).body().contains("NG"));
    }

    @Test
    void faults_apply_to_the_api_not_to_the_page() throws Exception {
        simulator.failNext(1, 503);

        assertEquals(303, post(purchase("pay_12", "docomo", KEY)).statusCode());
        assertEquals(503, inquire("MG01-00101-401", "pay_12", KEY, KEY).statusCode());
        assertEquals(200, inquire("MG01-00101-401", "pay_12", KEY, KEY).statusCode());
    }

    @org.junit.jupiter.api.Test
    void aFormAsABrowserSendsItLeavesAsciiTrailBytesUnescaped() {
        // 住民票 in Shift_JIS is 8F 5A 96 AF 95 5B: a browser sends the 5A as a literal "Z"
        var fields = SbpsSimulator.parseForm("item_name=%8FZ%96%AF%95%5B&amount=300&note=a+b".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        org.junit.jupiter.api.Assertions.assertEquals("住民票", fields.get("item_name"));
        org.junit.jupiter.api.Assertions.assertEquals("a b", fields.get("note"));
    }
}
