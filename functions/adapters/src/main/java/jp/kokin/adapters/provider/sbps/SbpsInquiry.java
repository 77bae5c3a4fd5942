package jp.kokin.adapters.provider.sbps;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import jp.kokin.adapters.http.OutgoingCall;
import jp.kokin.adapters.provider.ProviderContext;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderStatus;

/**
 * The payment result inquiry (決済結果参照要求) over SBPS's XML API: one
 * {@code <sps-api-request id="…">} POSTed in Shift_JIS with HTTP Basic authentication (by
 * default user = merchant id + service id, password = hash key, as SBPS issues them), its
 * children in the configured order and {@code sps_hashcode} over their values. The answer is an
 * {@code <sps-api-response>} with {@code res_result} OK or NG ({@code res_err_code}, 8 characters:
 * method, type, field).
 *
 * <p><b>Uncertain.</b> SBPS documents this inquiry publicly for cards (MG01-00101-101), PayPay
 * (-311) and Apple Pay (-601); for d払い and au PAY its existence, function ids, request fields,
 * {@code payment_status} values and "no such order" error codes are assumptions, all settings,
 * and match Kokin's simulator. Confirm them with SBPS before setting {@code queryPath} in
 * production.
 */
final class SbpsInquiry {

    private final SbpsSettings settings;
    private final ProviderContext context;

    SbpsInquiry(SbpsSettings settings, ProviderContext context) {
        this.settings = settings;
        this.context = context;
    }

    /** What SBPS says about {@code orderId} (with its tracking id when known). */
    ProviderStatus ask(String requestId, String orderId, String trackingId, String hashKey, String password)
            throws ProviderException {
        return status(lookUp(requestId, orderId, trackingId, hashKey, password));
    }

    /** The inquiry's answer about {@code orderId}: its {@code res_tracking_id} and payment status outcome. */
    record Found(String trackingId, String outcome, String paymentStatus) {}

    /**
     * The tracking id and status outcome ({@code queryStatuses}) of {@code orderId}; empty when SBPS
     * answers one of {@code queryNotFoundCodes}.
     */
    Optional<Found> find(String requestId, String orderId, String hashKey, String password) throws ProviderException {
        Element root = lookUp(requestId, orderId, null, hashKey, password);
        String result = text(root, "res_result").orElse("");
        if (result.equals("NG") && settings.queryNotFoundCodes().contains(text(root, "res_err_code").orElse(""))) {
            return Optional.empty();
        }
        if (!result.equals("OK")) {
            throw new ProviderException("SBPS inquiry refused: res_err_code " + text(root, "res_err_code").orElse(""));
        }
        String paymentStatus = text(root, "payment_status").orElse("");
        String outcome = settings.queryStatuses().get(paymentStatus);
        if (outcome == null) {
            throw new ProviderException("SBPS inquiry answered an unknown payment_status '" + paymentStatus + "'");
        }
        return Optional.of(new Found(text(root, "res_tracking_id").orElse(null), outcome, paymentStatus));
    }

    private Element lookUp(String requestId, String orderId, String trackingId, String hashKey, String password)
            throws ProviderException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("merchant_id", settings.merchantId());
        values.put("service_id", settings.serviceId());
        values.put("tracking_id", trackingId == null ? "" : trackingId);
        values.put("order_id", orderId);
        values.put("encrypted_flg", "0");
        values.put("request_date", SbpsCodec.timestamp(context.clock().instant()));
        values.put("limit_second", "");
        return call(requestId, settings.queryFields(), values, hashKey, password, "inquiry");
    }

    /**
     * POSTs one XML API request ({@code fields} in order, {@code sps_hashcode} over their values) and
     * returns the {@code <sps-api-response>}; no answer, a non-200 or an unreadable body is a
     * {@link ProviderException}.
     */
    Element call(String requestId, List<String> fields, Map<String, String> values, String hashKey, String password,
                 String what) throws ProviderException {
        byte[] body = requestXml(requestId, fields, values,
                SbpsHash.compute(fields, values, hashKey, settings.queryHashCharset()));
        String auth = Base64.getEncoder().encodeToString(
                (settings.queryUser() + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.queryBaseUrl() + settings.queryPath()))
                .timeout(context.timeout())
                .header("Content-Type", "text/xml; charset=Shift_JIS")
                .header("Authorization", "Basic " + auth)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        OutgoingCall.Answer response;
        try {
            response = OutgoingCall.sendWhole(context.http(), request, context.timeout(), ProviderContext.MAX_ANSWER_BYTES);
        } catch (IOException e) {
            throw new ProviderException("SBPS " + what + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while asking SBPS", e);
        }
        if (response.status() != 200) {
            throw new ProviderException("SBPS " + what + " answered HTTP " + response.status());
        }
        return parse(response.body());
    }

    private ProviderStatus status(Element root) throws ProviderException {
        String result = text(root, "res_result").orElse("");
        if (result.equals("NG")) {
            String code = text(root, "res_err_code").orElse("");
            if (settings.queryNotFoundCodes().contains(code)) {
                return new ProviderStatus.Pending(); // SBPS has no such order (yet): the domain expires it in time
            }
            throw new ProviderException("SBPS inquiry refused: res_err_code " + code);
        }
        if (!result.equals("OK")) {
            throw new ProviderException("SBPS inquiry answered res_result '" + result + "'");
        }
        String paymentStatus = text(root, "payment_status").orElse("");
        String outcome = settings.queryStatuses().get(paymentStatus);
        if (outcome == null) {
            throw new ProviderException("SBPS inquiry answered an unknown payment_status '" + paymentStatus + "'");
        }
        return switch (outcome) {
            case "succeeded" -> {
                long amount = text(root, "amount").filter(a -> a.matches("[0-9]{1,12}")).map(Long::parseLong)
                        .orElseThrow(() -> new ProviderException("SBPS inquiry reported a payment without an amount"));
                Instant at = first(root, "payment_date", "res_process_date", "res_date")
                        .orElse(context.clock().instant());
                yield new ProviderStatus.Succeeded(amount, at);
            }
            case "failed" -> new ProviderStatus.Failed("declined at SBPS (payment_status " + paymentStatus + ")");
            case "canceled" -> new ProviderStatus.Canceled();
            case "expired" -> new ProviderStatus.Expired();
            default -> new ProviderStatus.Pending();
        };
    }

    static byte[] requestXml(String requestId, List<String> order, Map<String, String> values, String hash) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n")
                .append("<sps-api-request id=\"").append(escape(requestId)).append("\">\n");
        for (String field : order) {
            xml.append("  <").append(field).append('>').append(escape(values.getOrDefault(field, "").trim()))
                    .append("</").append(field).append(">\n");
        }
        xml.append("  <sps_hashcode>").append(hash).append("</sps_hashcode>\n</sps-api-request>\n");
        return xml.toString().getBytes(SbpsCodec.SHIFT_JIS);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    /** Parses an answer without resolving DTDs or external entities. */
    private static Element parse(byte[] body) throws ProviderException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // fatal errors throw; nothing is printed
            Document doc = builder.parse(new ByteArrayInputStream(body));
            Element root = doc.getDocumentElement();
            if (!root.getTagName().equals("sps-api-response")) {
                throw new ProviderException("SBPS inquiry answered <" + root.getTagName() + ">");
            }
            return root;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new ProviderException("SBPS inquiry answered something unreadable", e);
        }
    }

    /** The first element named {@code name} anywhere below {@code root}, trimmed; empty when absent or blank. */
    static Optional<String> text(Element root, String name) {
        NodeList nodes = root.getElementsByTagName(name);
        if (nodes.getLength() == 0) {
            return Optional.empty();
        }
        String value = nodes.item(0).getTextContent().trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Instant> first(Element root, String... names) {
        for (String name : names) {
            Optional<Instant> at = text(root, name).flatMap(SbpsCodec::parseTimestamp);
            if (at.isPresent()) {
                return at;
            }
        }
        return Optional.empty();
    }
}
