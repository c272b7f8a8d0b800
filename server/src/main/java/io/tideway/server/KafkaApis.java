package io.tideway.server;

import io.tideway.broker.Broker;
import io.tideway.gateway.ApiFeatures;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.ApiRegistry;
import io.tideway.gateway.handlers.admin.AdminHandlers;
import io.tideway.gateway.handlers.data.DataHandlerOptions;
import io.tideway.gateway.handlers.data.DataHandlers;
import io.tideway.gateway.handlers.group.GroupHandlers;
import io.tideway.gateway.handlers.txn.TxnHandlers;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Node;

/**
 * The Kafka APIs a listener serves: the admin handlers (Metadata, topic and config
 * administration, cluster and log-dir descriptions), the data handlers (Produce, Fetch,
 * ListOffsets, producer ids, DeleteRecords, OffsetForLeaderEpoch), the consumer group handlers
 * (coordinator lookup, membership, offsets, group administration), the transaction handlers
 * (AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, TxnOffsetCommit, DescribeTransactions,
 * ListTransactions, DescribeProducers), plus the gateway's built-in ApiVersions, which advertises
 * the {@code transaction.version} feature at the configured level. The advertised version ranges,
 * and so {@code docs/compatibility.md}, follow from this registry.
 *
 * <p>Thread-safe: stateless; the registry it builds is immutable.
 */
final class KafkaApis {

    private KafkaApis() {
    }

    /**
     * The registry of every handler with the default configuration.
     *
     * @see #registry(Broker, Supplier, Vertx, BrokerConfig)
     */
    static ApiRegistry registry(Broker broker, Supplier<List<Node>> advertisedNodes, Vertx vertx) {
        return registry(broker, advertisedNodes, vertx, BrokerConfig.fromMap(Map.of()));
    }

    /**
     * The registry of every handler.
     *
     * <p>The finalized epoch of the advertised features is the time the registry is built: a
     * broker restarted with another {@code transaction.version} advertises a larger epoch than
     * any a client saw before, so long-lived clients adopt the new level.
     *
     * @param broker the engine the handlers serve
     * @param advertisedNodes this node's advertised endpoint(s), read on every request
     * @param vertx the broker's Vert.x (fetch long-poll timers, session expiry)
     * @param config {@code transaction.max.timeout.ms} and {@code transaction.version}
     * @throws IllegalArgumentException when two handlers serve one key or a range is invalid
     */
    static ApiRegistry registry(Broker broker, Supplier<List<Node>> advertisedNodes, Vertx vertx,
            BrokerConfig config) {
        List<ApiHandler> handlers = new ArrayList<>(AdminHandlers.create(broker, advertisedNodes));
        handlers.addAll(DataHandlers.create(broker, vertx, DataHandlerOptions.defaults()
                .withAdvertisedNodes(advertisedNodes)
                .withTransactionMaxTimeoutMs(config.transactionMaxTimeoutMs())));
        handlers.addAll(GroupHandlers.create(broker, advertisedNodes));
        handlers.addAll(TxnHandlers.create(broker));
        return ApiRegistry.create(handlers, ApiFeatures.transactionVersion(
                config.transactionVersion(), System.currentTimeMillis()));
    }
}
