package jp.kokin.adapters.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpServer;

import jp.kokin.adapters.catalog.CatalogCodec;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.adapters.testing.TestCatalog;
import jp.kokin.domain.catalog.Portal;

/** Portal signing secrets given as secret references, resolved like provider secrets. */
class PortalSecretsTest {

    private static final String CURRENT = "whsec_MfKQ9r8GLYxTAnjJVsVtGkwPv4u2DVaAb1SN2fO0Xo0=";
    private static final String PREVIOUS = "whsec_9a6nZQ0fGq7gS0s0ZbQyH0xXU5xjYfXv1vT0bH3fJ2k=";

    private HttpServer extension;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String secretString = "{\"portals\":{\"myna\":\"" + CURRENT + "\"}}";
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void start() throws IOException {
        extension = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        extension.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            String body = exchange.getRequestURI().getPath().equals("/secretsmanager/get")
                    ? "{\"SecretString\":" + TextNode.valueOf(secretString) + "}"
                    : "{\"Parameter\":{\"Value\":\"" + PREVIOUS + "\"}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        extension.start();
    }

    @AfterEach
    void stop() {
        extension.stop(0);
    }

    private PortalSecrets secrets() {
        return new PortalSecrets(new SecretResolver(URI.create("http://127.0.0.1:" + extension.getAddress().getPort()),
                "token", Duration.ofMinutes(5), clock, ProviderContext.httpClient(Duration.ofSeconds(2))));
    }

    private static Portal portal(String... secrets) {
        return new Portal("myna", "マイナポータル", URI.create("https://portal.example.jp/n"), List.of(secrets),
                List.of("https://portal.example.jp/"), false);
    }

    @Test
    void the_signing_secret_reference_resolves_to_the_secret_it_names_and_previous_secrets_are_not_read() {
        Portal resolved = secrets().resolve(portal("secretsmanager:kokin/portals#portals.myna", "ssm:/kokin/portals/myna/previous"));

        assertEquals(List.of(CURRENT), resolved.notificationSecrets(), "only the secret that signs");
        assertEquals("myna", resolved.id());
        assertEquals(1, requests.size(), "the previous secret is not read: " + requests);
        secrets().resolve(portal("secretsmanager:kokin/portals#portals.myna")); // another resolver: asks again
        assertEquals(2, requests.size());
    }

    @Test
    void inline_portal_secrets_are_used_as_they_are_without_asking_anything() {
        Portal inline = portal(CURRENT);
        assertSame(inline, secrets().resolve(inline));
        assertTrue(requests.isEmpty());
    }

    @Test
    void a_reference_to_something_that_is_not_a_signing_secret_is_an_error_naming_the_reference_only() {
        secretString = "{\"portals\":{\"myna\":\"not-a-whsec-s3cret\"}}";
        var e = assertThrows(SecretResolver.SecretException.class,
                () -> secrets().resolve(portal("secretsmanager:kokin/portals#portals.myna")));
        assertTrue(e.getMessage().contains("secretsmanager:kokin/portals#portals.myna"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void the_catalog_accepts_references_for_portal_secrets_and_keeps_them_unresolved() {
        ObjectNode root = (ObjectNode) Json.parse(TestCatalog.json("https://portal.example.jp/n"));
        ObjectNode myna = (ObjectNode) root.get("portals").get(0);
        myna.put("notificationSecret", "secretsmanager:kokin/portals#portals.myna");
        ((ArrayNode) myna.putArray("previousNotificationSecrets")).add("ssm:/kokin/portals/myna/previous");

        Portal portal = CatalogCodec.parse(root).portal("myna").orElseThrow();

        assertEquals(List.of("secretsmanager:kokin/portals#portals.myna", "ssm:/kokin/portals/myna/previous"),
                portal.notificationSecrets());
        assertTrue(requests.isEmpty(), "loading a catalog resolves nothing");

        myna.put("notificationSecret", "secretsmanager:#key");
        var e = assertThrows(CatalogCodec.InvalidCatalogException.class, () -> CatalogCodec.parse(root));
        assertTrue(e.problems().contains(
                "portals[0].notificationSecret: a reference names a secret: secretsmanager:{id}#{key} or ssm:/{name}"),
                e.problems().toString());
    }
}
