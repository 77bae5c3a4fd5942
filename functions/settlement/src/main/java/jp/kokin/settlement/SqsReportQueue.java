package jp.kokin.settlement;

import java.util.Objects;

import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link ReportQueue} on the {@code TreasuryReportQueue} SQS queue, read by {@code TreasuryReportFunction}. */
final class SqsReportQueue implements ReportQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    SqsReportQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void generate(Request request) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(request.toJson()));
    }
}
