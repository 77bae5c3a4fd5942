package jp.kokin.adapters.aws;

import java.util.Map;
import java.util.function.Supplier;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsServiceClientConfiguration;
import software.amazon.awssdk.services.sqs.model.AddPermissionRequest;
import software.amazon.awssdk.services.sqs.model.AddPermissionResponse;
import software.amazon.awssdk.services.sqs.model.CancelMessageMoveTaskRequest;
import software.amazon.awssdk.services.sqs.model.CancelMessageMoveTaskResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.CreateQueueResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.DeleteQueueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteQueueResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.ListDeadLetterSourceQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ListDeadLetterSourceQueuesResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksRequest;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResponse;
import software.amazon.awssdk.services.sqs.model.ListQueueTagsRequest;
import software.amazon.awssdk.services.sqs.model.ListQueueTagsResponse;
import software.amazon.awssdk.services.sqs.model.ListQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;
import software.amazon.awssdk.services.sqs.model.PurgeQueueResponse;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.RemovePermissionRequest;
import software.amazon.awssdk.services.sqs.model.RemovePermissionResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskRequest;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskResponse;
import software.amazon.awssdk.services.sqs.model.TagQueueRequest;
import software.amazon.awssdk.services.sqs.model.TagQueueResponse;
import software.amazon.awssdk.services.sqs.model.UntagQueueRequest;
import software.amazon.awssdk.services.sqs.model.UntagQueueResponse;

/**
 * An SQS client built on first use rather than at cold start (about 40 ms and 60 classes that a
 * first request which queues nothing does not need; see {@link ClientFactory#sqs}). Every
 * operation is the built client's: the SDK's other methods (builder-consumer overloads, paginators)
 * call these. {@code LazySqsClientTest} checks that every operation of {@link SqsClient} is here.
 */
final class LazySqsClient implements SqsClient {
    private final Lazy<SqsClient> client;

    LazySqsClient(Supplier<SqsClient> factory) {
        this.client = new Lazy<>(factory);
    }

    /** {@link ClientFactory#sqs}: built at once when init runs ahead of requests, else at first use. */
    static SqsClient forInit(Map<String, String> env) {
        return Lazy.atInitOrFirstUse(env, () -> ClientFactory.buildSqs(env), LazySqsClient::new);
    }

    /** The client, built by the first caller. */
    SqsClient client() {
        return client.get();
    }

    /** Whether the client has been built (for tests). */
    boolean built() {
        return client.built();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public SqsServiceClientConfiguration serviceClientConfiguration() {
        return client().serviceClientConfiguration();
    }

    /** Closing a client never built builds none. */
    @Override
    public void close() {
        client.ifBuilt(SqsClient::close);
    }

    @Override
    public AddPermissionResponse addPermission(AddPermissionRequest request) {
        return client().addPermission(request);
    }

    @Override
    public CancelMessageMoveTaskResponse cancelMessageMoveTask(CancelMessageMoveTaskRequest request) {
        return client().cancelMessageMoveTask(request);
    }

    @Override
    public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest request) {
        return client().changeMessageVisibility(request);
    }

    @Override
    public ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(ChangeMessageVisibilityBatchRequest request) {
        return client().changeMessageVisibilityBatch(request);
    }

    @Override
    public CreateQueueResponse createQueue(CreateQueueRequest request) {
        return client().createQueue(request);
    }

    @Override
    public DeleteMessageResponse deleteMessage(DeleteMessageRequest request) {
        return client().deleteMessage(request);
    }

    @Override
    public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
        return client().deleteMessageBatch(request);
    }

    @Override
    public DeleteQueueResponse deleteQueue(DeleteQueueRequest request) {
        return client().deleteQueue(request);
    }

    @Override
    public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
        return client().getQueueAttributes(request);
    }

    @Override
    public GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest request) {
        return client().getQueueUrl(request);
    }

    @Override
    public ListDeadLetterSourceQueuesResponse listDeadLetterSourceQueues(ListDeadLetterSourceQueuesRequest request) {
        return client().listDeadLetterSourceQueues(request);
    }

    @Override
    public ListMessageMoveTasksResponse listMessageMoveTasks(ListMessageMoveTasksRequest request) {
        return client().listMessageMoveTasks(request);
    }

    @Override
    public ListQueueTagsResponse listQueueTags(ListQueueTagsRequest request) {
        return client().listQueueTags(request);
    }

    @Override
    public ListQueuesResponse listQueues(ListQueuesRequest request) {
        return client().listQueues(request);
    }

    @Override
    public PurgeQueueResponse purgeQueue(PurgeQueueRequest request) {
        return client().purgeQueue(request);
    }

    @Override
    public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
        return client().receiveMessage(request);
    }

    @Override
    public RemovePermissionResponse removePermission(RemovePermissionRequest request) {
        return client().removePermission(request);
    }

    @Override
    public SendMessageResponse sendMessage(SendMessageRequest request) {
        return client().sendMessage(request);
    }

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
        return client().sendMessageBatch(request);
    }

    @Override
    public SetQueueAttributesResponse setQueueAttributes(SetQueueAttributesRequest request) {
        return client().setQueueAttributes(request);
    }

    @Override
    public StartMessageMoveTaskResponse startMessageMoveTask(StartMessageMoveTaskRequest request) {
        return client().startMessageMoveTask(request);
    }

    @Override
    public TagQueueResponse tagQueue(TagQueueRequest request) {
        return client().tagQueue(request);
    }

    @Override
    public UntagQueueResponse untagQueue(UntagQueueRequest request) {
        return client().untagQueue(request);
    }
}
