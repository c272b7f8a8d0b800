package io.tideway.gateway.handlers.group;

import io.tideway.broker.ClusterIdentity;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;

/**
 * FindCoordinator (API key 10), v0-v6: one key (v0-v3) or a batch (v4+, KIP-699). This node
 * coordinates every GROUP and every TRANSACTION key (consumer groups and transactional ids);
 * other key types (share groups) get INVALID_REQUEST. Before the listener has bound (no
 * advertised endpoint for this node) GROUP and TRANSACTION keys get COORDINATOR_NOT_AVAILABLE,
 * which clients retry.
 *
 * <p>Thread contract: stateless apart from the thread-safe suppliers; {@link #handle} never
 * blocks.
 */
public final class FindCoordinatorHandler implements ApiHandler {

    private static final byte GROUP = FindCoordinatorRequest.CoordinatorType.GROUP.id();
    private static final byte TRANSACTION = FindCoordinatorRequest.CoordinatorType.TRANSACTION.id();

    private final Supplier<ClusterIdentity> identity;
    private final Supplier<List<Node>> advertisedNodes;

    /**
     * @param identity this node's identity
     * @param advertisedNodes the advertised endpoints; this node's is returned
     */
    public FindCoordinatorHandler(Supplier<ClusterIdentity> identity,
            Supplier<List<Node>> advertisedNodes) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.advertisedNodes = Objects.requireNonNull(advertisedNodes, "advertisedNodes");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 6;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        FindCoordinatorRequestData data = ((FindCoordinatorRequest) request).data();
        Optional<Node> self = self();
        if (context.apiVersion() < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            var coordinator = coordinator(data.keyType(), data.key(), self);
            return Future.succeededFuture(Reply.of(new FindCoordinatorResponse(
                    new FindCoordinatorResponseData()
                            .setErrorCode(coordinator.errorCode())
                            .setErrorMessage(coordinator.errorMessage())
                            .setNodeId(coordinator.nodeId()).setHost(coordinator.host())
                            .setPort(coordinator.port()))));
        }
        List<FindCoordinatorResponseData.Coordinator> coordinators = new ArrayList<>();
        for (String key : data.coordinatorKeys()) {
            coordinators.add(coordinator(data.keyType(), key, self));
        }
        return Future.succeededFuture(Reply.of(new FindCoordinatorResponse(
                new FindCoordinatorResponseData().setCoordinators(coordinators))));
    }

    private Optional<Node> self() {
        int nodeId = identity.get().nodeId();
        List<Node> nodes = advertisedNodes.get();
        return nodes == null ? Optional.empty() : nodes.stream()
                .filter(node -> node != null && !node.isEmpty() && node.id() == nodeId).findFirst();
    }

    private static FindCoordinatorResponseData.Coordinator coordinator(byte keyType, String key,
            Optional<Node> self) {
        boolean coordinated = keyType == GROUP || keyType == TRANSACTION;
        if (coordinated && self.isPresent()) {
            return FindCoordinatorResponse.prepareCoordinatorResponse(Errors.NONE, key, self.get());
        }
        Errors error = coordinated ? Errors.COORDINATOR_NOT_AVAILABLE : Errors.INVALID_REQUEST;
        return FindCoordinatorResponse.prepareCoordinatorResponse(error, key, Node.noNode())
                .setErrorMessage(error.message());
    }
}
