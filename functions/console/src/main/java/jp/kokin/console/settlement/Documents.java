package jp.kokin.console.settlement;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import jp.kokin.adapters.log.Log;
import jp.kokin.console.web.ConsoleRequest;
import jp.kokin.console.web.Layout;
import jp.kokin.domain.settlement.CheckedDocuments;
import jp.kokin.domain.settlement.DocumentStore;
import jp.kokin.domain.settlement.StoredObject;

/**
 * Serves the settlement bucket's documents (statements, repayment requests, transfer files, pay-in
 * slips, reports) to the console as the settlement API does: inline when small, checked against the
 * SHA-256 DynamoDB keeps before a byte is served; larger ones by a {@code 303} to a short-lived
 * presigned URL.
 */
public final class Documents {
    /**
     * Largest document served in the answer. A Lambda answer is at most 6 MB and a binary body is
     * base64 (4/3): 4 MiB is 5,592,408 bytes encoded, which leaves room for the headers (as the
     * settlement API's {@code SettlementViews.MAX_INLINE_BYTES}).
     */
    public static final long MAX_INLINE_BYTES = 4L * 1024 * 1024;
    /** How long a presigned link works: long enough to follow the redirect, not to share it. */
    public static final Duration LINK_VALIDITY = Duration.ofMinutes(5);

    private Documents() {}

    /**
     * @param filename the attachment name (a download), or {@code null} to show it (HTML)
     */
    public static APIGatewayV2HTTPResponse serve(ConsoleRequest r, DocumentStore documents, StoredObject object, String filename) {
        if (object.bytes() > MAX_INLINE_BYTES) {
            return Layout.seeOther(documents.presignedGet(object.key(), LINK_VALIDITY, filename).toString());
        }
        return switch (CheckedDocuments.read(documents, object, MAX_INLINE_BYTES)) {
            case CheckedDocuments.Read.Intact(byte[] bytes) -> {
                var headers = new HashMap<>(Layout.baseHeaders(object.contentType()));
                if (filename != null) {
                    headers.put("Content-Disposition", "attachment; filename=\"" + filename + "\"");
                }
                yield APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers)
                        .withBody(Base64.getEncoder().encodeToString(bytes)).withIsBase64Encoded(true).build();
            }
            case CheckedDocuments.Read.Corrupt(String reason, long actualBytes, String sha) -> {
                Log.error("console.document_corrupt", null, "key", object.key(), "reason", reason,
                        "expectedSha256", object.sha256(), "expectedBytes", object.bytes(),
                        "actualSha256", sha == null ? "" : sha, "actualBytes", actualBytes);
                yield Layout.message(r, 500, r.t("書類を表示できません", "The document cannot be shown"),
                        r.t("保存された書類が記録と一致しません。運用担当者に連絡してください。",
                                "The stored document does not match its record. Please tell the operators."));
            }
        };
    }
}
