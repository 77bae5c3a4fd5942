package jp.kokin.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The Lambda context of one local invocation: remaining time counts down from the function's Timeout. */
final class LocalContext implements Context {

    private final String functionName;
    private final String requestId;
    private final long deadlineNanos;
    private final LambdaLogger logger;

    LocalContext(String functionName, String requestId, Duration timeout) {
        this.functionName = functionName;
        this.requestId = requestId;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.logger = new StderrLogger(functionName);
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
    @Override public String getLogStreamName() { return "local"; }
    @Override public String getFunctionName() { return functionName; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() {
        return "arn:aws:lambda:ap-northeast-1:000000000000:function:" + functionName;
    }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public LambdaLogger getLogger() { return logger; }

    private record StderrLogger(String functionName) implements LambdaLogger {
        @Override
        public void log(String message) {
            System.err.println("[" + functionName + "] " + message.stripTrailing());
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    }
}
