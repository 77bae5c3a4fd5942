package jp.kokin.adapters.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.notification.PortalNotification;

/** The queued notification's body: every kind of data value reads back as it was queued. */
class PortalNotificationCodecTest {

    @Test
    void aReceiptNotificationWithItsNoticesReadsBackTheSame() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("receiptNumber", "130001-2026-0000001");
        data.put("amount", 16000L);
        data.put("latePayment", false);
        data.put("notices", List.of(Map.of("number", "MOFA-2026-N0000001", "organizationCode", "MOFA", "amount", 14000L)));
        PortalNotification n = new PortalNotification("msg_chk_x_receipt", "myna", PortalNotification.RECEIPT_ISSUED,
                Instant.parse("2026-11-26T03:00:05Z"), data);

        String body = PortalNotificationCodec.toJson(n);

        assertEquals(n, PortalNotificationCodec.fromJson(body));
        assertEquals(true, body.contains("\"notices\":[{"), body);
    }
}
