package jp.kokin.adapters.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import jp.kokin.domain.catalog.Portal;
import jp.kokin.domain.notification.PortalNotification;
import jp.kokin.domain.webhook.StandardWebhook;

/**
 * The sender resolves the portal's host before each attempt and refuses to send to a private,
 * link-local or metadata address, whatever the catalog said when it was loaded (a DNS name can
 * be pointed anywhere later). Loopback is refused too unless the sender is built to allow it
 * (the local runner's mock portal); in AWS it is the Lambda Runtime API and the secrets extension.
 */
class PortalNotificationSenderAddressTest {

    private static final Instant NOW = Instant.parse("2025-04-01T03:00:00Z");

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    /** A resolver that answers as the test's DNS says; the HTTP client itself still reaches 127.0.0.1. */
    private static PortalNotificationSender.Resolver dns(Map<String, String> answers) {
        return host -> {
            String address = answers.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.ofLiteral(address)};
        };
    }

    /** As deployed: loopback refused. */
    private PortalNotificationSender sender(Map<String, String> answers) {
        return new PortalNotificationSender(PortalNotificationSender.defaultHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC), dns(answers));
    }

    /** As in the local runner. */
    private PortalNotificationSender loopbackAllowed(Map<String, String> answers) {
        return new PortalNotificationSender(PortalNotificationSender.defaultHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC), dns(answers),
                PortalNotificationSender.Loopback.ALLOWED);
    }

    private URI hooks(String host) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + "/hooks");
    }

    private static Portal portal(URI url) {
        return new Portal("portal-a", "Portal A", url, List.of(StandardWebhook.newSecret()),
                List.of("https://portal.example.jp/"), false);
    }

    private static PortalNotification paid() {
        return new PortalNotification("ntf_0001", "portal-a", PortalNotification.CHECKOUT_PAID,
                Instant.parse("2025-04-01T02:59:58Z"), Map.<String, Object>of("checkoutId", "chk_abcdefghijklmnopqrstuvwxyz"));
    }

    @Test
    void a_host_that_resolves_to_the_metadata_address_is_never_sent_to_and_counts_as_a_failed_delivery() {
        for (String address : List.of("169.254.169.254", "10.0.0.7", "fd00:ec2::254", "100.64.1.1", "::ffff:192.168.1.1")) {
            DeliveryResult result = loopbackAllowed(Map.of("localhost", address)).send(portal(hooks("localhost")), paid());

            DeliveryResult.Failed failed = assertInstanceOf(DeliveryResult.Failed.class, result, address);
            assertEquals(0, failed.status());
            assertTrue(failed.reason().startsWith("address_not_allowed"), failed.reason());
            assertFalse(failed.reason().contains(address), "no address in the reason");
        }
        assertEquals(0, requests.get(), "nothing was sent");
    }

    @Test
    void a_sender_built_to_allow_loopback_sends_to_a_host_that_resolves_to_loopback() {
        assertEquals(new DeliveryResult.Delivered(204),
                loopbackAllowed(Map.of("localhost", "127.0.0.1")).send(portal(hooks("localhost")), paid()));
        assertEquals(new DeliveryResult.Delivered(204),
                loopbackAllowed(Map.of()).send(portal(hooks("127.0.0.1")), paid()), "a literal loopback address needs no lookup");
        assertEquals(2, requests.get());
    }

    @Test
    void a_deployed_sender_refuses_a_host_that_resolves_to_loopback_as_address_not_allowed() {
        // in AWS, 127.0.0.1:9001 is the Lambda Runtime API and localhost:2773 the secrets extension
        for (String address : List.of("127.0.0.1", "127.0.0.53", "::1")) {
            DeliveryResult result = sender(Map.of("localhost", address)).send(portal(hooks("localhost")), paid());

            DeliveryResult.Failed failed = assertInstanceOf(DeliveryResult.Failed.class, result, address);
            assertEquals(0, failed.status());
            assertTrue(failed.reason().startsWith("address_not_allowed"), failed.reason());
        }
        for (String host : List.of("127.0.0.1", "[::1]")) {
            DeliveryResult literal = sender(Map.of()).send(portal(hooks(host)), paid());
            assertTrue(literal instanceof DeliveryResult.Failed f && f.reason().startsWith("address_not_allowed"),
                    host + ": " + literal);
        }
        assertEquals(0, requests.get(), "nothing was sent");
    }

    @Test
    void loopback_is_allowed_only_by_ALLOW_LOOPBACK_URLS_true() {
        assertEquals(PortalNotificationSender.Loopback.ALLOWED, PortalNotificationSender.Loopback.fromEnv(Map.of("ALLOW_LOOPBACK_URLS", "true")));
        for (String value : List.of("false", "TRUE", "1", "yes", " true", "")) {
            assertEquals(PortalNotificationSender.Loopback.REFUSED, PortalNotificationSender.Loopback.fromEnv(Map.of("ALLOW_LOOPBACK_URLS", value)), value);
        }
        assertEquals(PortalNotificationSender.Loopback.REFUSED, PortalNotificationSender.Loopback.fromEnv(Map.of()));
    }

    @Test
    void a_host_that_does_not_resolve_is_a_failed_delivery() {
        DeliveryResult result = sender(Map.of()).send(portal(hooks("localhost")), paid());
        assertInstanceOf(DeliveryResult.Failed.class, result);
        assertEquals(0, requests.get());
    }
}
