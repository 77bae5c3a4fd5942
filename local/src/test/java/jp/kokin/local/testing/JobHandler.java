package jp.kokin.local.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A scheduled job: answers {"received": <input>}. */
public final class JobHandler implements RequestStreamHandler {

    public JobHandler() {
        this(JobWiring.fromEnv(System.getenv()));
    }

    public JobHandler(JobWiring wiring) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String in = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        output.write(("{\"received\":" + in + "}").getBytes(StandardCharsets.UTF_8));
    }
}
