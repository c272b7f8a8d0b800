package io.tideway.gateway.handlers.admin;

import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.admin.EndpointType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBrokerCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;

/**
 * DescribeCluster (API key 60), versions 0-2, as a Kafka 4.4.0 broker endpoint answers it.
 *
 * <ul>
 *   <li>The endpoint type is BROKER. A request for an unknown type gets {@code
 *       UNSUPPORTED_ENDPOINT_TYPE}, one for CONTROLLER gets {@code MISMATCHED_ENDPOINT_TYPE}; at v0
 *       both are {@code INVALID_REQUEST}, as in Kafka.
 *   <li>Brokers: this node's advertised endpoint, never fenced (so {@code includeFencedBrokers}
 *       changes nothing); controller: this node when it is listed, else -1 as Kafka answers.
 *   <li>Cluster authorized operations, when asked: every cluster operation, which is what Kafka
 *       reports without an authorizer.
 * </ul>
 *
 * <p>Thread-safe and stateless; never blocks.
 */
final class DescribeClusterHandler implements ApiHandler {

    static final short MIN_VERSION = 0;
    static final short MAX_VERSION = 2;

    private final NodeEndpoints endpoints;

    DescribeClusterHandler(NodeEndpoints endpoints) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public short minVersion() {
        return MIN_VERSION;
    }

    @Override
    public short maxVersion() {
        return MAX_VERSION;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        DescribeClusterRequestData data = ((DescribeClusterRequest) request).data();
        short version = request.version();
        EndpointType requested = EndpointType.fromId(data.endpointType());
        if (requested == EndpointType.UNKNOWN) {
            return reply(new DescribeClusterResponseData()
                    .setErrorCode(version == 0 ? Errors.INVALID_REQUEST.code()
                            : Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                    .setErrorMessage("Unsupported endpoint type " + data.endpointType()));
        }
        if (requested != EndpointType.BROKER) {
            return reply(new DescribeClusterResponseData()
                    .setErrorCode(version == 0 ? Errors.INVALID_REQUEST.code()
                            : Errors.MISMATCHED_ENDPOINT_TYPE.code())
                    .setErrorMessage("The request was sent to an endpoint of type "
                            + EndpointType.BROKER + ", but we wanted an endpoint of type "
                            + requested));
        }
        List<Node> nodes = endpoints.brokers();
        DescribeClusterBrokerCollection brokers = new DescribeClusterBrokerCollection(nodes.size());
        for (Node node : nodes) {
            brokers.add(new DescribeClusterBroker()
                    .setBrokerId(node.id())
                    .setHost(node.host())
                    .setPort(node.port())
                    .setRack(node.rack())
                    .setIsFenced(false));
        }
        int controllerId = endpoints.self(nodes).isPresent() ? endpoints.nodeId() : -1;
        return reply(new DescribeClusterResponseData()
                .setErrorCode(Errors.NONE.code())
                .setClusterId(endpoints.clusterId())
                .setControllerId(controllerId)
                .setBrokers(brokers)
                .setEndpointType(EndpointType.BROKER.id())
                .setClusterAuthorizedOperations(data.includeClusterAuthorizedOperations()
                        ? AuthorizedOperations.cluster() : AuthorizedOperations.OMITTED));
    }

    private static Future<Reply> reply(DescribeClusterResponseData data) {
        return Future.succeededFuture(
                Reply.of(new DescribeClusterResponse(data.setThrottleTimeMs(0))));
    }
}
