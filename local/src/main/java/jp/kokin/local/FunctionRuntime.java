package jp.kokin.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import jp.kokin.local.embedded.SamTemplate;

/**
 * One function of the template, run like Lambda runs it: instances are created on demand through
 * the handler's wiring ({@link HandlerFactory}: a cold start, logged), each serves one
 * invocation at a time, and idle instances are reused.
 */
final class FunctionRuntime {

    private final SamTemplate.Function function;
    private final Map<String, String> env;
    private final ClassLoader classLoader;
    private final ConcurrentLinkedDeque<Object> idle = new ConcurrentLinkedDeque<>();
    /** The runner may run for days: only the latest invocations' durations are kept. */
    static final int DURATIONS_KEPT = 1_000;
    /** How long each invocation's handler ran (init excluded, as Lambda bills a SnapStart restore apart). */
    private final ConcurrentLinkedQueue<Duration> durations = new ConcurrentLinkedQueue<>();
    private volatile Class<?> handlerClass;
    private volatile Method method;

    FunctionRuntime(SamTemplate.Function function, Map<String, String> env, ClassLoader classLoader) {
        this.function = function;
        this.env = Map.copyOf(env);
        this.classLoader = classLoader;
    }

    String name() {
        return function.logicalId();
    }

    SamTemplate.Function function() {
        return function;
    }

    Map<String, String> env() {
        return env;
    }

    /** Whether the handler class is on the classpath (a function module not built yet is not). */
    boolean handlerPresent() {
        try {
            handlerClass();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    boolean isStreamHandler() {
        return RequestStreamHandler.class.isAssignableFrom(handlerClass());
    }

    /** The handler's input type (a {@code RequestHandler}'s first parameter). */
    Class<?> inputType() {
        return isStreamHandler() ? byte[].class : method().getParameterTypes()[0];
    }

    /** Invokes a {@code RequestHandler} with an event object. */
    Object invoke(Object event) throws Exception {
        return withInstance(instance -> method().invoke(instance, event, context()));
    }

    /** Invokes a {@code RequestStreamHandler} with raw input, returning its raw output. */
    byte[] invokeStream(byte[] input) throws Exception {
        return withInstance(instance -> {
            var out = new ByteArrayOutputStream();
            ((RequestStreamHandler) instance).handleRequest(new ByteArrayInputStream(input), out, context());
            return out.toByteArray();
        });
    }

    /** Invokes with a JSON event as the Lambda runtime would: deserialized to the input type, result serialized. */
    byte[] invokeJson(byte[] json) throws Exception {
        if (isStreamHandler()) {
            return invokeStream(json);
        }
        Object event = LambdaJson.fromJson(json, inputType());
        return LambdaJson.toJson(invoke(event));
    }

    private Context context() {
        return new LocalContext(function.logicalId(), UUID.randomUUID().toString(),
                Duration.ofSeconds(function.timeoutSeconds()));
    }

    @FunctionalInterface
    private interface Call<T> {
        T apply(Object instance) throws Exception;
    }

    private <T> T withInstance(Call<T> call) throws Exception {
        Object instance = idle.pollFirst();
        if (instance == null) {
            instance = newInstance();
        }
        long started = System.nanoTime();
        try {
            return call.apply(instance);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            durations.add(Duration.ofNanos(System.nanoTime() - started));
            if (durations.size() > DURATIONS_KEPT) {
                durations.poll();
            }
            idle.addFirst(instance);
        }
    }

    /** The handler's run time of each invocation since the last {@link #clearDurations()} (the latest {@value #DURATIONS_KEPT}). */
    List<Duration> durations() {
        return List.copyOf(durations);
    }

    void clearDurations() {
        durations.clear();
    }

    private Object newInstance() throws Exception {
        long started = System.nanoTime();
        Object instance;
        instance = HandlerFactory.create(handlerClass(), env);
        System.err.printf("[%s] init %d ms%n", function.logicalId(), (System.nanoTime() - started) / 1_000_000);
        return instance;
    }

    private Class<?> handlerClass() {
        if (handlerClass == null) {
            try {
                handlerClass = Class.forName(function.handlerClass(), false, classLoader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("Handler class " + function.handlerClass() + " of " + function.logicalId()
                        + " is not on the classpath (is its module built?)", e);
            }
        }
        return handlerClass;
    }

    private Method method() {
        if (method == null) {
            method = Arrays.stream(handlerClass().getMethods())
                    .filter(m -> m.getName().equals(function.handlerMethod()) && !m.isBridge() && !m.isSynthetic())
                    .filter(m -> m.getParameterCount() == 2 && Context.class.isAssignableFrom(m.getParameterTypes()[1]))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(function.handlerClass() + " has no method "
                            + function.handlerMethod() + "(event, Context)"));
        }
        return method;
    }
}
