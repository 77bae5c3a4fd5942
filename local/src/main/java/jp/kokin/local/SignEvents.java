package jp.kokin.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.provider.SecretResolver;
import jp.kokin.adapters.provider.sbps.SbpsHash;
import jp.kokin.domain.catalog.ProviderSettings;
import jp.kokin.domain.webhook.StandardWebhook;
import jp.kokin.simulators.stripe.StripeWebhookSigner;

/**
 * Re-signs sample webhook events (API Gateway HTTP API payload 2.0, {@code POST /webhooks/{provider}})
 * for the current time with a seed's provider secrets, rewriting each file in place:
 * <pre>java -cp local/target/kokin-local.jar jp.kokin.local.SignEvents [--seed FILE] [--at INSTANT] events/provider-event-*.json</pre>
 * A signed notification is believed only near its own time (Standard Webhooks and Stripe: 5 minutes
 * either way; SBPS: {@code notificationMaxAgeSeconds}, a day by default), so a checked-in sample goes
 * stale; re-signed, the webhook function accepts it (e.g. before {@code sam local invoke}). The seed
 * is the demo seed unless {@code --seed} names another; {@code --at} signs as of another instant
 * (ISO-8601, e.g. {@code 2026-11-26T01:00:00Z}).
 *
 * <p>The account is the event's {@code pathParameters.provider}; the seed's
 * {@code providers.{name}.type} (else the name) says how it signs. The signing is done here or by
 * the simulators' code, never by the adapters that verify it:
 * <ul>
 *   <li>{@code sandbox}: Standard Webhooks v1, {@code webhook-timestamp} and {@code webhook-signature}
 *       over {@code id.timestamp.body} with the first of the account's webhook secrets;</li>
 *   <li>{@code stripe}: {@code Stripe-Signature: t=<unix>,v1=<hex>} over {@code t.body} with the first
 *       {@code webhookSecret}, by the Stripe simulator's {@link StripeWebhookSigner};</li>
 *   <li>{@code sbps}: the result notification's {@code sps_hashcode}, upper-case hex SHA-1 of the
 *       field values (decoded from the Shift_JIS form, trimmed, absent ones empty) in the result
 *       definition's order ({@code fields.result}, else A02-1), then the first {@code hashKey}, over
 *       {@code hashCharset} bytes (UTF-8 by default). The form keeps its field order and escapes;</li>
 *   <li>{@code paypay}: PayPay does not sign its notifications: the file is left as it is.</li>
 * </ul>
 * The times in the body ({@code created} and {@code expires_at} for Stripe, {@code occurredAt} for the
 * sandbox, {@code request_date}, {@code res_payment_date} and {@code res_date} for SBPS) and the
 * request context's time move by as much as the signature's time, so the sample tells the same story,
 * now; nothing else in the body changes (edit it first to name a real payment). A secret given as a
 * reference ({@code secretsmanager:…}, {@code ssm:…}) is refused: only a seed's inline secrets sign.
 */
public final class SignEvents {

    static final String USAGE = "Usage: java -cp local/target/kokin-local.jar jp.kokin.local.SignEvents "
            + "[--seed FILE] [--at INSTANT] events/provider-event-*.json";

    /** SBPS's timestamps (JST, {@code yyyyMMddHHmmss}) in a result notification. */
    static final List<String> SBPS_TIME_FIELDS = List.of("request_date", "res_payment_date", "res_date");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The layout of the files in {@code events/}: two-space indent, {@code "key": value}, {@code {}}. */
    private static final ObjectWriter WRITER = JSON.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("")));
    /** What SBPS's "Shift_JIS" forms really are (a superset that also decodes what browsers send). */
    private static final Charset WINDOWS_31J = Charset.forName("windows-31j");
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter SBPS_STAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final DateTimeFormatter GATEWAY_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/uuuu:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final Pattern STRIPE_TIMES = Pattern.compile("(\"(?:created|expires_at)\"\\s*:\\s*)([0-9]{1,12})");
    private static final Pattern SANDBOX_TIMES = Pattern.compile("(\"occurredAt\"\\s*:\\s*\")([^\"]*)(\")");

    private SignEvents() {}

    /** Why an event cannot be signed (the file is left unchanged). */
    static final class SignException extends Exception {
        SignException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Signs every file named; 0 when all were handled, 1 when one failed, 2 on a usage error. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path seedFile = null;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seed" -> seedFile = Path.of(value(args, ++i, "--seed"));
                    case "--at" -> now = Instant.parse(value(args, ++i, "--at"));
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        files.add(Path.of(args[i]));
                    }
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no event file named");
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println("SignEvents: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        JsonNode providers;
        try {
            byte[] seed = seedFile == null ? SeedLoader.demoSeed("http://127.0.0.1")
                    : SeedLoader.fill(Files.readAllBytes(seedFile), "http://127.0.0.1");
            providers = JSON.readTree(seed).path("providers");
        } catch (IOException e) {
            err.println("SignEvents: cannot read the seed " + seedFile + ": " + e.getMessage());
            return 2;
        }
        String seedName = seedFile == null ? "the demo seed" : seedFile.toString();
        int failed = 0;
        for (Path file : files) {
            try {
                ObjectNode event = readEvent(file);
                Optional<String> signed = sign(event, providers, now);
                if (signed.isPresent()) {
                    Files.writeString(file, write(event));
                    out.println(file + ": " + signed.get() + " with " + seedName);
                } else {
                    out.println(file + ": " + provider(event) + " does not sign its notifications: unchanged");
                }
            } catch (SignException | IOException | IllegalArgumentException e) {
                err.println(file + ": " + e.getMessage());
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static ObjectNode readEvent(Path file) throws SignException {
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (IOException e) {
            if (!Files.isRegularFile(file)) {
                throw new SignException("no such file");
            }
            throw new SignException("not JSON: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode event)) {
            throw new SignException("not an event object");
        }
        return event;
    }

    /** The file's text as written by {@link #run}: the layout of {@code events/}, ending with a newline. */
    static String write(ObjectNode event) throws IOException {
        return WRITER.writeValueAsString(event) + "\n";
    }

    /**
     * Re-signs {@code event} in place at {@code now} with the secrets of its provider account in
     * {@code providers} (the seed's {@code providers} object); what was done, or empty when the
     * provider does not sign (the event is then unchanged). On an exception the event is unchanged.
     */
    static Optional<String> sign(ObjectNode event, JsonNode providers, Instant now) throws SignException {
        String name = provider(event);
        JsonNode account = providers.path(name);
        if (!account.isObject()) {
            throw new SignException("the seed has no provider account '" + name + "' (providers." + name + ")");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> config = JSON.convertValue(account, Map.class);
        String type = account.path("type").asText(name);
        ProviderSettings settings = new ProviderSettings(name, type, config);
        ObjectNode signed = event.deepCopy();
        ObjectNode headers = signed.withObjectProperty("headers");
        Instant was = switch (type) {
            case "sandbox" -> sandbox(signed, headers, settings, now);
            case "stripe" -> stripe(signed, headers, settings, now);
            case "sbps" -> sbps(signed, settings, now);
            case "paypay" -> null;
            default -> throw new SignException("provider type '" + type + "' is not one SignEvents signs");
        };
        if (was == null) {
            return Optional.empty();
        }
        if (headers.has("content-length")) {
            headers.put("content-length", Integer.toString(body(signed).length));
        }
        JsonNode context = signed.path("requestContext");
        if (context instanceof ObjectNode c) {
            if (c.has("timeEpoch")) {
                c.put("timeEpoch", now.toEpochMilli());
            }
            if (c.has("time")) {
                c.put("time", GATEWAY_TIME.format(now));
            }
        }
        event.setAll(signed);
        return Optional.of(name + " (" + type + ") signed at " + now.getEpochSecond() + " (" + now
                + "), was " + was.getEpochSecond());
    }

    /** The provider account the event is posted to: {@code pathParameters.provider}. */
    static String provider(ObjectNode event) throws SignException {
        String name = event.path("pathParameters").path("provider").asText("");
        if (name.isEmpty()) {
            throw new SignException("not a webhook event (no pathParameters.provider)");
        }
        return name;
    }

    private static Instant sandbox(ObjectNode event, ObjectNode headers, ProviderSettings settings, Instant now)
            throws SignException {
        String secret = secret(settings, "webhookSecret", settings.webhookSecrets());
        String id = headers.path(StandardWebhook.ID_HEADER).asText("");
        if (id.isEmpty()) {
            throw new SignException("no " + StandardWebhook.ID_HEADER + " header");
        }
        Instant was = epoch(headers.path(StandardWebhook.TIMESTAMP_HEADER).asText(""), now);
        Duration shift = Duration.between(was, now);
        String body = SANDBOX_TIMES.matcher(text(event)).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + shiftIso(m.group(2), shift) + m.group(3)));
        setBody(event, body.getBytes(StandardCharsets.UTF_8));
        headers.put(StandardWebhook.TIMESTAMP_HEADER, Long.toString(now.getEpochSecond()));
        headers.put(StandardWebhook.SIGNATURE_HEADER, StandardWebhook.sign(secret, id, now.getEpochSecond(), body(event)));
        return was;
    }

    private static Instant stripe(ObjectNode event, ObjectNode headers, ProviderSettings settings, Instant now)
            throws SignException {
        String secret = secret(settings, "webhookSecret", settings.webhookSecrets());
        String t = "";
        for (String element : headers.path("stripe-signature").asText("").split(",")) {
            if (element.strip().startsWith("t=")) {
                t = element.strip().substring(2);
            }
        }
        Instant was = epoch(t, now);
        long shift = now.getEpochSecond() - was.getEpochSecond();
        String body = STRIPE_TIMES.matcher(text(event)).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + (Long.parseLong(m.group(2)) + shift)));
        setBody(event, body.getBytes(StandardCharsets.UTF_8));
        headers.put("stripe-signature", StripeWebhookSigner.header(secret, now.getEpochSecond(), body(event)));
        return was;
    }

    private static Instant sbps(ObjectNode event, ProviderSettings settings, Instant now) throws SignException {
        String hashKey = secret(settings, "hashKey", settings.strings("hashKey"));
        List<FormPair> pairs = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : new String(body(event), StandardCharsets.ISO_8859_1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            FormPair p = new FormPair(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            pairs.add(p);
            if (fields.put(p.name, unescape(p.value)) != null) {
                throw new SignException("the form has " + p.name + " twice");
            }
        }
        Optional<String> merchant = settings.string("merchantId");
        if (merchant.isPresent() && !merchant.get().equals(fields.getOrDefault("merchant_id", "").trim())) {
            throw new SignException("the form is not for merchant_id " + merchant.get() + " (providers."
                    + settings.name() + ".merchantId)");
        }
        String dated = fields.getOrDefault("res_date", "").isBlank() ? "request_date" : "res_date";
        Instant was = sbpsTime(fields.getOrDefault(dated, ""))
                .orElseThrow(() -> new SignException(dated + " is not yyyyMMddHHmmss (JST)"));
        Duration shift = Duration.between(was, now);
        for (FormPair p : pairs) {
            if (SBPS_TIME_FIELDS.contains(p.name)) {
                Optional<Instant> at = sbpsTime(fields.get(p.name));
                if (at.isPresent()) {
                    p.value = SBPS_STAMP.format(at.get().plus(shift).atZone(JST));
                    fields.put(p.name, p.value);
                }
            }
        }
        // the adapter's field order and hash character set for this account (the seed's contract settings)
        String hash = SbpsHash.resultHash(settings, fields, hashKey).toUpperCase(Locale.ROOT);
        FormPair hashPair = pairs.stream().filter(p -> p.name.equals("sps_hashcode")).findFirst().orElse(null);
        if (hashPair == null) {
            pairs.add(new FormPair("sps_hashcode", hash));
        } else {
            hashPair.value = hash;
        }
        setBody(event, String.join("&", pairs.stream().map(p -> p.rawName + "=" + p.value).toList())
                .getBytes(StandardCharsets.US_ASCII));
        return was;
    }

    /** The current (first) secret, inline; a reference or none at all is an error. */
    private static String secret(ProviderSettings settings, String key, List<String> secrets) throws SignException {
        String where = "providers." + settings.name() + "." + key;
        if (secrets.isEmpty()) {
            throw new SignException(where + " is not set in the seed");
        }
        String secret = secrets.getFirst();
        if (SecretResolver.isReference(secret)) {
            throw new SignException(where + " is a reference (" + secret.substring(0, secret.indexOf(':') + 1)
                    + "…): SignEvents signs only with a seed's inline secrets");
        }
        return secret;
    }

    private static Instant epoch(String seconds, Instant fallback) {
        return seconds.matches("[0-9]{1,12}") ? Instant.ofEpochSecond(Long.parseLong(seconds)) : fallback;
    }

    private static String shiftIso(String value, Duration shift) {
        try {
            return Instant.parse(value).plus(shift).toString();
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    private static Optional<Instant> sbpsTime(String value) {
        if (value == null || !value.trim().matches("[0-9]{14}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(value.trim(), SBPS_STAMP).atZone(JST).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static byte[] body(ObjectNode event) {
        String body = event.path("body").asText("");
        return event.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ObjectNode event) {
        return new String(body(event), StandardCharsets.UTF_8);
    }

    /** Writes the body back the way it came: base64 when the event says so, else as text. */
    private static void setBody(ObjectNode event, byte[] body) {
        event.put("body", event.path("isBase64Encoded").asBoolean(false) ? Base64.getEncoder().encodeToString(body)
                : new String(body, StandardCharsets.UTF_8));
    }

    /** A form value's bytes ({@code +} is a space, {@code %XX} a byte) read as windows-31j. */
    private static String unescape(String s) throws SignException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new SignException("the form has an invalid percent-escape");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(WINDOWS_31J);
    }

    /** One {@code name=value} of a form, as escaped in the body; the name decoded for matching. */
    private static final class FormPair {
        final String rawName;
        final String name;
        String value;

        FormPair(String rawName, String value) throws SignException {
            this.rawName = rawName;
            this.name = unescape(rawName);
            this.value = value;
        }
    }
}
