package jp.kokin.adapters.notification;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.http.OutgoingCall;
import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.queue.PortalNotificationCodec;
import jp.kokin.domain.catalog.Portal;
import jp.kokin.domain.format.PublicUrl;
import jp.kokin.domain.notification.PortalNotification;
import jp.kokin.domain.webhook.StandardWebhook;

/**
 * Sends one notification to a portal as a Standard Webhooks v1 request: {@code webhook-id} is
 * the notification id (the same on every retry, so the portal can drop repeats), the timestamp
 * and signature are fresh for each attempt, signed with the portal's first notification secret.
 * Body: {@code {"type", "timestamp" (ISO-8601 of the event), "data": {…}}}.
 */
public final class PortalNotificationSender {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** One attempt's deadline: connecting, sending, the portal's status AND its body. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Of a portal's answer only the status matters: at most this much of its body is read. */
    public static final int MAX_ANSWER_BYTES = 4 * 1024;
    public static final String USER_AGENT = "Kokin-Webhooks/1";

    private final HttpClient http;
    private final Clock clock;
    private final Resolver resolver;
    private final Loopback loopback;

    /**
     * Whether a portal may be notified at a loopback address (127.0.0.0/8, ::1). In AWS it may
     * not: there, 127.0.0.1:9001 is the Lambda Runtime API and localhost:2773 the secrets
     * extension. Only the local runner and tests, whose mock portals listen on loopback, allow it.
     */
    public enum Loopback {
        REFUSED, ALLOWED;

        /** {@code ALLOW_LOOPBACK_URLS=true} allows it; anything else, or nothing, refuses it. */
        public static Loopback fromEnv(Map<String, String> env) {
            return "true".equals(env.get("ALLOW_LOOPBACK_URLS")) ? ALLOWED : REFUSED;
        }
    }

    /** Looks a host name up ({@link InetAddress#getAllByName} in production). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** As deployed: loopback addresses are refused. */
    public PortalNotificationSender(HttpClient http, Clock clock) {
        this(http, clock, Loopback.REFUSED);
    }

    public PortalNotificationSender(HttpClient http, Clock clock, Loopback loopback) {
        this(http, clock, InetAddress::getAllByName, loopback);
    }

    /** As deployed (loopback refused), with this resolver. */
    public PortalNotificationSender(HttpClient http, Clock clock, Resolver resolver) {
        this(http, clock, resolver, Loopback.REFUSED);
    }

    public PortalNotificationSender(HttpClient http, Clock clock, Resolver resolver, Loopback loopback) {
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.loopback = Objects.requireNonNull(loopback, "loopback");
    }

    /** The client this sender is meant for: HTTP/1.1, 3 s to connect, redirects not followed. */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * One attempt. Never throws for what the portal or the network does; a portal without a
     * notification URL or secret is a caller error ({@link IllegalArgumentException}).
     */
    public DeliveryResult send(Portal portal, PortalNotification notification) {
        return send(portal, notification, REQUEST_TIMEOUT);
    }

    /**
     * One attempt, given up after {@code deadline} (at most {@link #REQUEST_TIMEOUT}) whatever the
     * portal is doing: connecting, answering, or trickling its body.
     */
    public DeliveryResult send(Portal portal, PortalNotification notification, Duration deadline) {
        if (portal.notificationUrl() == null || portal.notificationSecrets().isEmpty()) {
            throw new IllegalArgumentException("portal " + portal.id() + " has no notification URL or secret");
        }
        Optional<String> refused = refusedAddress(portal.notificationUrl().getHost());
        if (refused.isPresent()) {
            return new DeliveryResult.Failed(0, refused.get());
        }
        byte[] body = body(notification);
        long timestamp = clock.instant().getEpochSecond();
        String signature = StandardWebhook.sign(portal.notificationSecrets().getFirst(), notification.id(), timestamp, body);
        HttpRequest request = HttpRequest.newBuilder(portal.notificationUrl())
                .timeout(REQUEST_TIMEOUT)
                .header(StandardWebhook.ID_HEADER, notification.id())
                .header(StandardWebhook.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(StandardWebhook.SIGNATURE_HEADER, signature)
                .header("content-type", "application/json")
                .header("user-agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            Duration limit = deadline.compareTo(REQUEST_TIMEOUT) < 0 ? deadline : REQUEST_TIMEOUT;
            return classify(OutgoingCall.send(http, request, limit, MAX_ANSWER_BYTES).status());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult.Failed(0, "interrupted");
        } catch (IOException | RuntimeException e) {
            return new DeliveryResult.Failed(0, describe(e));
        }
    }

    /**
     * Why the portal's host may not be sent to, checked just before each attempt: every address
     * it resolves to must be public ({@link PublicUrl#isAllowedAddress}), or loopback where
     * {@link Loopback#ALLOWED}, so a name that points (or is repointed) at a private, metadata
     * or (in AWS) loopback address is never called. The JVM
     * caches the lookup (30 s by default), so the client's own lookup right after sees the same
     * addresses. The reason names no address.
     */
    private Optional<String> refusedAddress(String host) {
        Optional<InetAddress> literal = PublicUrl.literalAddress(host);
        try {
            InetAddress[] addresses = literal.isPresent() ? new InetAddress[] {literal.get()} : resolver.resolve(host);
            for (InetAddress address : addresses) {
                if (!PublicUrl.isAllowedAddress(address)
                        || (address.isLoopbackAddress() && loopback == Loopback.REFUSED)) {
                    return Optional.of("address_not_allowed: the host resolves to a private, link-local, loopback or reserved address");
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of("UnknownHostException: the host does not resolve");
        }
    }

    static DeliveryResult classify(int status) {
        if (status >= 200 && status < 300) {
            return new DeliveryResult.Delivered(status);
        }
        if (status == 410) {
            return new DeliveryResult.Gone();
        }
        return new DeliveryResult.Failed(status, "HTTP " + status);
    }

    /** The body a portal receives (UTF-8 JSON); {@code data} as on the queue. */
    public static byte[] body(PortalNotification notification) {
        ObjectNode root = Json.object();
        root.put("type", notification.type());
        root.put("timestamp", notification.timestamp().toString());
        root.set("data", PortalNotificationCodec.data(notification.data()));
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    /** The exception's class and message only: never a URL's query or anything sent. */
    private static String describe(Exception e) {
        String message = e.getMessage();
        String text = e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    /** For URIs in logs: scheme, host and port only. */
    public static String origin(URI uri) {
        return uri == null ? "-" : uri.getScheme() + "://" + uri.getAuthority();
    }
}
