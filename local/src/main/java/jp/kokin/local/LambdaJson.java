package jp.kokin.local;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event (de)serialization exactly as the Lambda Java runtime does it: the events library's own
 * serializers for the classes it knows ({@code APIGatewayV2HTTPEvent}, {@code SQSEvent}…), its
 * Jackson factory for everything else.
 */
final class LambdaJson {

    private static final ConcurrentHashMap<Class<?>, PojoSerializer<?>> SERIALIZERS = new ConcurrentHashMap<>();

    private LambdaJson() {}

    @SuppressWarnings("unchecked")
    static <T> PojoSerializer<T> serializerFor(Class<T> type) {
        return (PojoSerializer<T>) SERIALIZERS.computeIfAbsent(type, t ->
                LambdaEventSerializers.isLambdaSupportedEvent(t.getName())
                        ? LambdaEventSerializers.serializerFor(t, t.getClassLoader() == null ? LambdaJson.class.getClassLoader() : t.getClassLoader())
                        : JacksonFactory.getInstance().getSerializer(t));
    }

    static <T> T fromJson(byte[] json, Class<T> type) {
        return serializerFor(type).fromJson(new ByteArrayInputStream(json));
    }

    @SuppressWarnings("unchecked")
    static byte[] toJson(Object value) {
        if (value == null) {
            return "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        var out = new ByteArrayOutputStream();
        ((PojoSerializer<Object>) serializerFor(value.getClass())).toJson(value, out);
        return out.toByteArray();
    }
}
