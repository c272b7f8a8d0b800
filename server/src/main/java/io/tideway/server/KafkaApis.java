package io.tideway.server;

import io.tideway.broker.Broker;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.ApiRegistry;
import io.tideway.gateway.handlers.admin.AdminHandlers;
import io.tideway.gateway.handlers.data.DataHandlers;
import io.tideway.gateway.handlers.group.GroupHandlers;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.Node;

/**
 * The Kafka APIs a listener serves: the admin handlers (Metadata, topic and config
 * administration, cluster and log-dir descriptions) and the data handlers (Produce, Fetch,
 * ListOffsets, producer ids, DeleteRecords, OffsetForLeaderEpoch), the consumer group handlers
 * (coordinator lookup, membership, offsets, group administration), plus the gateway's built-in
 * ApiVersions. The advertised version ranges, and so {@code docs/compatibility.md}, follow from
 * this registry.
 *
 * <p>Thread-safe: stateless; the registry it builds is immutable.
 */
final class KafkaApis {

    private KafkaApis() {
    }

    /**
     * The registry of every handler.
     *
     * @param broker the engine the handlers serve
     * @param advertisedNodes this node's advertised endpoint(s), read on every request
     * @param vertx the broker's Vert.x (fetch long-poll timers, session expiry)
     * @throws IllegalArgumentException when two handlers serve one key or a range is invalid
     */
    static ApiRegistry registry(Broker broker, Supplier<List<Node>> advertisedNodes, Vertx vertx) {
        List<ApiHandler> handlers = new ArrayList<>(AdminHandlers.create(broker, advertisedNodes));
        handlers.addAll(DataHandlers.create(broker, vertx));
        handlers.addAll(GroupHandlers.create(broker, advertisedNodes));
        return ApiRegistry.create(handlers);
    }
}
