package jp.kokin.console.web;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.domain.console.AuditActions;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.StoredObject;

/**
 * CSV exports of any list, with no row cap: the rows are streamed (page by page from the store) into
 * the exports' bucket under {@code console/exports/} (the document store spills to a temporary file,
 * so memory does not grow with the rows), and the browser is sent a presigned link valid for
 * {@link #LINK_VALIDITY}. A Lambda answer could carry at most 6 MB; a link carries any size. The
 * bucket ({@code ConsoleExportBucket}: no object lock, unlike the settlement bucket) deletes exports
 * after a day. Every export is in the audit log.
 */
public final class Exports {
    public static final Duration LINK_VALIDITY = Duration.ofMinutes(5);
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Exports() {}

    /**
     * @param name  the download's file name without extension, e.g. {@code payments_2026-12-01}
     * @param list  what is exported, for the audit log (e.g. {@code payments})
     * @param rows  writes the header row and every row
     */
    public static APIGatewayV2HTTPResponse csv(ConsoleRequest r, DocumentStore documents, Audit audit, String list,
                                               String name, Consumer<Csv> rows) {
        Csv.Encoding encoding = r.q("encoding").flatMap(Csv.Encoding::fromWire).orElse(Csv.Encoding.UTF8_BOM);
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        String key = "console/exports/" + r.now().atZone(JST).toLocalDate() + "/" + HexFormat.of().formatHex(id) + ".csv";
        long[] count = new long[1];
        StoredObject stored = documents.put(key, encoding.contentType, out -> {
            try (Csv csv = new Csv(out, encoding)) {
                rows.accept(csv);
                count[0] = csv.rows();
            }
        });
        audit.record(r, AuditActions.EXPORTED, list, "-", Map.of("rows", Long.toString(count[0]),
                "bytes", Long.toString(stored.bytes()), "sha256", stored.sha256(), "encoding", encoding.wire));
        return Layout.seeOther(documents.presignedGet(key, LINK_VALIDITY, name + ".csv").toString());
    }
}
