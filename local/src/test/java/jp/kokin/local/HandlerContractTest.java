package jp.kokin.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.kokin.local.embedded.SamTemplate;

/**
 * The handler contract (docs/ARCHITECTURE.md), for every function of the real template: a no-argument
 * constructor for Lambda and one taking the function's wiring, a record with {@code static fromEnv(Map)};
 * the wiring holds ports, never a concrete ledger or an SDK client.
 */
class HandlerContractTest {
    private static final SamTemplate TEMPLATE = SamTemplate.load(EventsIT.eventsDir().resolveSibling("template.yaml"));

    private static List<Class<?>> handlers() throws ClassNotFoundException {
        List<Class<?>> classes = new java.util.ArrayList<>();
        for (SamTemplate.Function f : TEMPLATE.functions().values()) {
            classes.add(Class.forName(f.handlerClass()));
        }
        return classes;
    }

    @Test
    void every_handler_has_exactly_a_no_argument_constructor_and_one_taking_its_wiring() throws Exception {
        List<Class<?>> handlers = handlers();
        assertFalse(handlers.isEmpty());
        for (Class<?> handler : handlers) {
            Constructor<?>[] constructors = handler.getConstructors();
            assertEquals(2, constructors.length, handler + ": " + Arrays.toString(constructors));
            assertTrue(Arrays.stream(constructors).anyMatch(c -> c.getParameterCount() == 0), handler + " has no X()");
            Class<?> wiring = Arrays.stream(constructors).filter(c -> c.getParameterCount() == 1)
                    .map(c -> c.getParameterTypes()[0]).findFirst().orElseThrow(() -> new AssertionError(handler + " has no X(wiring)"));
            assertEquals(handler.getPackageName(), wiring.getPackageName(), wiring + " lives beside " + handler);
            assertTrue(wiring.getSimpleName().endsWith("Wiring"), wiring.getName());
            assertTrue(wiring.isRecord(), wiring + " is a record");
            Method fromEnv = wiring.getMethod("fromEnv", Map.class);
            assertTrue(Modifier.isStatic(fromEnv.getModifiers()) && fromEnv.getReturnType() == wiring, wiring + ".fromEnv");
        }
    }

    @Test
    void no_wiring_hands_a_handler_a_concrete_ledger_or_an_sdk_client() throws Exception {
        for (Class<?> handler : handlers()) {
            Class<?> wiring = Arrays.stream(handler.getConstructors()).filter(c -> c.getParameterCount() == 1)
                    .map(c -> c.getParameterTypes()[0]).findFirst().orElseThrow();
            for (RecordComponent component : wiring.getRecordComponents()) {
                Class<?> type = component.getType();
                String where = wiring.getSimpleName() + "." + component.getName();
                assertFalse(software.amazon.awssdk.core.SdkClient.class.isAssignableFrom(type), where + " is an SDK client");
                assertFalse(jp.kokin.adapters.ledger.DynamoLedger.class.isAssignableFrom(type), where + " is the concrete ledger");
                assertFalse(type == Object.class, where + " hides its type");
            }
        }
    }
}
