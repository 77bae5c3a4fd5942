package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import jp.kokin.local.embedded.SamTemplate;

/** {@code events/} is the one source of sample events: one for every function, each shaped as AWS sends it. */
class EventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void every_function_of_the_template_has_a_sample_event() {
        Set<String> withSample = new TreeSet<>();
        for (Path file : EventsIT.eventFiles()) {
            withSample.add(EventsIT.functionOf(file.getFileName().toString()));
        }
        Path template = EventsIT.eventsDir().resolveSibling("template.yaml");
        Set<String> functions = new TreeSet<>(SamTemplate.load(template).functions().keySet());
        assertEquals(functions, withSample, "functions of template.yaml vs. functions with a file in events/");
    }

    @Test
    void every_http_sample_carries_the_request_context_api_gateway_sends() throws IOException {
        int http = 0;
        for (Path file : EventsIT.eventFiles()) {
            JsonNode event = JSON.readTree(file.toFile());
            if (!event.has("routeKey")) {
                continue;
            }
            http++;
            String name = file.getFileName().toString();
            JsonNode context = event.path("requestContext").path("http");
            for (String field : new String[] {"method", "path", "protocol", "sourceIp", "userAgent"}) {
                assertTrue(context.path(field).isTextual(), name + ": requestContext.http." + field);
            }
            assertFalse(event.path("requestContext").path("requestId").asText().isEmpty(), name + ": requestContext.requestId");
            assertTrue(event.path("requestContext").path("timeEpoch").canConvertToLong(), name + ": requestContext.timeEpoch");
            assertTrue(event.path("headers").isObject(), name + ": headers");
        }
        assertTrue(http > 10, "the HTTP samples were read: " + http);
    }
}
