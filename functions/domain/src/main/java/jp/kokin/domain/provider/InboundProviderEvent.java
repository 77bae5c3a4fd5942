package jp.kokin.domain.provider;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A notification as it arrived: headers (lower-case names), the raw body bytes (signatures are
 * over bytes, and some providers post Shift_JIS), the source address and the time received.
 */
public record InboundProviderEvent(Map<String, String> headers, byte[] body, String sourceIp, Instant receivedAt) {

    public InboundProviderEvent {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
        sourceIp = sourceIp == null ? "" : sourceIp;
    }

    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }
}
