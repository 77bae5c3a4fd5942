package jp.kokin.local;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Creates a handler the way its no-argument constructor would, but from a given environment
 * rather than {@code System.getenv()}: the handler's public constructor taking its wiring, whose
 * type has {@code public static fromEnv(Map<String,String>)} (built once, like a Lambda init).
 */
final class HandlerFactory {
    private HandlerFactory() {}

    static Object create(Class<?> handlerClass, Map<String, String> env) throws Exception {
        Constructor<?> constructor = wiringConstructor(handlerClass).orElseThrow(() -> new IllegalStateException(
                handlerClass.getName() + " has no public constructor taking a wiring with a static fromEnv(Map<String,String>)"));
        try {
            Object wiring = fromEnv(constructor.getParameterTypes()[0]).invoke(null, env);
            return constructor.newInstance(wiring);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static Optional<Constructor<?>> wiringConstructor(Class<?> handlerClass) {
        return Arrays.stream(handlerClass.getConstructors())
                .filter(c -> c.getParameterCount() == 1 && c.getParameterTypes()[0] != Map.class)
                .filter(c -> {
                    try {
                        fromEnv(c.getParameterTypes()[0]);
                        return true;
                    } catch (NoSuchMethodException e) {
                        return false;
                    }
                })
                .findFirst();
    }

    private static Method fromEnv(Class<?> wiringType) throws NoSuchMethodException {
        Method m = wiringType.getMethod("fromEnv", Map.class);
        if (!Modifier.isStatic(m.getModifiers()) || !wiringType.isAssignableFrom(m.getReturnType())) {
            throw new NoSuchMethodException(wiringType.getName() + ".fromEnv is not a static factory");
        }
        return m;
    }
}
