package jp.kokin.console.settlement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import jp.kokin.console.web.ConsoleRequest;
import jp.kokin.domain.settlement.InMemoryDocumentStore;
import jp.kokin.domain.settlement.StoredObject;

/** Settlement documents in the console: inline when small and intact, a short-lived link when large, never when changed. */
class DocumentsTest {
    private final InMemoryDocumentStore store = new InMemoryDocumentStore();
    private final ConsoleRequest request = new ConsoleRequest("GET", "/console/settlement-runs/x", Map.of(), Map.of(), Map.of(), Map.of(),
            Map.of(), "192.0.2.1", "test", "https://kokin.test", "ja", Optional.empty(), Instant.parse("2026-12-01T01:00:00Z"));

    @Test
    void a_small_document_is_served_inline_as_an_attachment_when_named() {
        StoredObject o = store.put("runs/a.csv", "text/csv; charset=utf-8", out -> out.write("a,b\r\n".getBytes()));

        var response = Documents.serve(request, store, o, "a.csv");

        assertEquals(200, response.getStatusCode());
        assertArrayEquals("a,b\r\n".getBytes(), Base64.getDecoder().decode(response.getBody()));
        assertEquals("text/csv; charset=utf-8", response.getHeaders().get("Content-Type"));
        assertEquals("attachment; filename=\"a.csv\"", response.getHeaders().get("Content-Disposition"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    }

    @Test
    void a_document_over_the_inline_limit_is_a_redirect_to_a_presigned_link() {
        byte[] large = new byte[(int) Documents.MAX_INLINE_BYTES + 1];
        Arrays.fill(large, (byte) 'x');
        StoredObject o = store.put("runs/zengin.txt", "text/plain", out -> out.write(large));

        var response = Documents.serve(request, store, o, "zengin.txt");

        assertEquals(303, response.getStatusCode());
        assertTrue(response.getHeaders().get("Location").startsWith("https://documents.invalid/runs/zengin.txt?expires=300"));
    }

    @Test
    void a_changed_or_missing_document_is_never_served() {
        StoredObject o = store.put("runs/b.html", "text/html", out -> out.write("<p>b</p>".getBytes()));
        store.tamper("runs/b.html", "<p>c</p>".getBytes());

        assertEquals(500, Documents.serve(request, store, o, null).getStatusCode());
        assertEquals(500, Documents.serve(request, store, new StoredObject("runs/none", o.sha256(), 8, "text/html"), null).getStatusCode());
    }
}
