package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Broker;
import io.tideway.gateway.ApiHandler;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.Node;

/**
 * Builds the admin and catalogue API handlers of one node: Metadata, CreateTopics,
 * DeleteTopics, CreatePartitions, DescribeConfigs, AlterConfigs, IncrementalAlterConfigs,
 * DescribeCluster, DescribeTopicPartitions and DescribeLogDirs, each with the version range Apache
 * Kafka 4.4.0 advertises. Pass the list to {@link io.tideway.gateway.ApiRegistry#create} together
 * with the data-path handlers.
 *
 * <p>Thread contract: a stateless factory. The handlers it returns are stateless and
 * thread-safe, shared by every connection on every event loop, and never block.
 */
public final class AdminHandlers {

    private AdminHandlers() {
    }

    /**
     * The admin handlers for {@code broker}.
     *
     * @param broker the engine; only its public API is used
     * @param advertisedNodes this node's advertised endpoint(s) on the listener these handlers
     *     serve, read on every request (the port is known only once the listener has bound). An
     *     empty list before then makes partitions leaderless ({@code LISTENER_NOT_FOUND}); one
     *     entry per node id is used. Must be thread-safe and non-blocking.
     * @return one handler per API key, in API-key order
     */
    public static List<ApiHandler> create(Broker broker, Supplier<List<Node>> advertisedNodes) {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(advertisedNodes, "advertisedNodes");
        NodeEndpoints endpoints = new NodeEndpoints(broker::identity, advertisedNodes);
        return List.of(
                new MetadataHandler(broker, endpoints),
                new CreateTopicsHandler(broker),
                new DeleteTopicsHandler(broker),
                new DescribeConfigsHandler(broker),
                new AlterConfigsHandler(broker),
                new DescribeLogDirsHandler(broker),
                new CreatePartitionsHandler(broker),
                new IncrementalAlterConfigsHandler(broker),
                new DescribeClusterHandler(endpoints),
                new DescribeTopicPartitionsHandler(broker, endpoints,
                        DescribeTopicPartitionsHandler.DEFAULT_PARTITION_LIMIT));
    }
}
