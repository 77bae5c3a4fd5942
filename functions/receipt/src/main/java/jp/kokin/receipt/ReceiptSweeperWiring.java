package jp.kokin.receipt;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

import jp.kokin.adapters.aws.ClientFactory;
import jp.kokin.adapters.ledger.DynamoLedger;
import jp.kokin.adapters.log.Log;
import jp.kokin.adapters.queue.ReceiptQueue;
import jp.kokin.domain.receipt.ReceiptBacklog;
import jp.kokin.domain.receipt.ReceiptRequests;

/**
 * What {@code ReceiptSweeperFunction} needs, built once per cold start.
 *
 * @param backlog  paid checkouts still without a receipt
 * @param receipts the receipt queue (a refusal is reported, not swallowed)
 */
public record ReceiptSweeperWiring(ReceiptBacklog backlog, ReceiptRequests receipts, Clock clock) {

    public ReceiptSweeperWiring {
        Objects.requireNonNull(backlog, "backlog");
        Objects.requireNonNull(receipts, "receipts");
        Objects.requireNonNull(clock, "clock");
    }

    /** DynamoDB (the ledger's index of checkouts awaiting a receipt) and SQS (the receipt queue) from {@code env}. */
    public static ReceiptSweeperWiring fromEnv(Map<String, String> env) {
        Log.configure(env);
        return new ReceiptSweeperWiring(DynamoLedger.fromEnv(ClientFactory.dynamoDb(env), env),
                ReceiptQueue.fromEnv(ClientFactory.sqs(env), env), Clock.systemUTC());
    }
}
