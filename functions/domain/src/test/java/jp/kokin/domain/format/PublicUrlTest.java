package jp.kokin.domain.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PublicUrlTest {

    @Test
    void a_url_of_2048_characters_is_accepted_and_one_more_is_refused() {
        String base = "https://portal.example.jp/a?q=";
        String atLimit = base + "x".repeat(PublicUrl.MAX_LENGTH - base.length());
        assertEquals(atLimit, PublicUrl.parseBrowserUrl(atLimit).toString());
        FormatException e = assertThrows(FormatException.class, () -> PublicUrl.parseBrowserUrl(atLimit + "x"));
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://portal.example.jp/", "https:/portal.example.jp/", "//portal.example.jp/", "/relative",
            "https://user@portal.example.jp/", "https://portal.example.jp/\u0000", "https://portal.example.jp/\u007f",
            "https://portal.example.jp/\u0085", "https://portal.example.jp/ a", "https://ポータル.jp/", "mailto:a@example.jp",
            "file:///etc/passwd", "https://", "http://127.0.0.1.example.com/", "http://localhost.example.com/", ""})
    void every_use_refuses_what_is_not_an_absolute_https_url_with_a_host(String url) {
        assertThrows(FormatException.class, () -> PublicUrl.parseBrowserUrl(url), url);
        assertThrows(FormatException.class, () -> PublicUrl.parseEndpoint(url), url);
        assertThrows(FormatException.class, () -> PublicUrl.parseBaseUrl(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:3000/_local/portal/notifications", "https://127.0.0.1/", "http://127.9.8.7/",
            "http://localhost:8080/", "http://LOCALHOST/", "http://[::1]:3000/"})
    void loopback_stays_allowed_over_http_and_https_for_local_development(String url) {
        PublicUrl.parseBrowserUrl(url);
        PublicUrl.parseEndpoint(url);
        PublicUrl.parseBaseUrl(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://10.0.0.1/", "https://172.16.5.4/", "https://192.168.1.1/", "https://169.254.169.254/latest/",
            "https://100.64.0.1/", "https://100.127.255.255/", "https://0.0.0.0/", "https://[fd00:ec2::254]/",
            "https://[fc00::1]/", "https://[fe80::1]/", "https://[::]/", "https://[::ffff:169.254.169.254]/",
            "https://[::ffff:10.0.0.1]/", "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:a9fe:a9fe::1]/",
            "https://224.0.0.1/", "https://255.255.255.255/", "https://192.0.0.192/", "https://198.18.0.1/",
            "https://2852039166/", "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/"})
    void a_server_url_refuses_private_link_local_metadata_and_reserved_literal_addresses(String url) {
        PublicUrl.parseBrowserUrl(url); // a browser may go there; we never send there
        assertThrows(FormatException.class, () -> PublicUrl.parseEndpoint(url), url);
        assertThrows(FormatException.class, () -> PublicUrl.parseBaseUrl(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://portal.example.jp/kokin", "https://203.0.113.7/hooks", "https://[2001:db8::1]/hooks",
            "https://8.8.8.8/", "https://100.128.0.1/", "https://172.32.0.1/"})
    void public_hosts_and_addresses_are_accepted(String url) {
        assertEquals(url, PublicUrl.parseEndpoint(url).toString());
    }

    @Test
    void a_base_url_has_no_query_or_fragment_but_an_endpoint_may_have_a_query() {
        PublicUrl.parseEndpoint("https://portal.example.jp/hooks?tenant=1");
        assertThrows(FormatException.class, () -> PublicUrl.parseBaseUrl("https://api.example.jp/v2?x=1"));
        assertThrows(FormatException.class, () -> PublicUrl.parseBaseUrl("https://api.example.jp/v2#x"));
    }

    @Test
    void resolved_addresses_are_judged_by_the_same_rules() throws Exception {
        assertTrue(PublicUrl.isAllowedAddress(InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 7})));
        assertTrue(PublicUrl.isAllowedAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1})));
        assertFalse(PublicUrl.isAllowedAddress(InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})));
        assertFalse(PublicUrl.isAllowedAddress(InetAddress.ofLiteral("fd00:ec2::254")));
        assertTrue(PublicUrl.isAllowedAddress(InetAddress.ofLiteral("::1")));
    }
}
