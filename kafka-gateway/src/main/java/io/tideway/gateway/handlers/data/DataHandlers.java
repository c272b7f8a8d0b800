package io.tideway.gateway.handlers.data;

import io.tideway.broker.Broker;
import io.tideway.gateway.ApiHandler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Objects;

/**
 * Builds the data-path handlers of one node: Produce, Fetch, ListOffsets, InitProducerId,
 * DeleteRecords and OffsetForLeaderEpoch.
 *
 * <p>The handlers share one broker-wide fetch session cache and one worker pool, {@code
 * tideway-fetch-copy}, that copies fetched records for connections that cannot send file regions
 * (TLS). The pool is a Vert.x shared worker executor: building the handlers twice on one Vert.x
 * instance reuses it, and it closes with Vert.x.
 *
 * <p>Thread contract: stateless factory; the handlers it returns are thread-safe.
 */
public final class DataHandlers {

    /** The name of the worker pool that copies records for TLS connections. */
    public static final String FETCH_COPY_POOL = "tideway-fetch-copy";

    private DataHandlers() {
    }

    /** The handlers with Kafka's default settings. */
    public static List<ApiHandler> create(Broker broker, Vertx vertx) {
        return create(broker, vertx, DataHandlerOptions.defaults());
    }

    /** The handlers with the given settings. */
    public static List<ApiHandler> create(Broker broker, Vertx vertx, DataHandlerOptions options) {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(options, "options");
        FetchSessionCache sessions = new FetchSessionCache(options.fetchSessionCacheSlots(),
                options.fetchSessionEviction().toMillis(), System::currentTimeMillis);
        WorkerExecutor copyPool = vertx.createSharedWorkerExecutor(FETCH_COPY_POOL,
                options.fetchCopyThreads());
        return List.of(
                new ProduceHandler(broker, vertx),
                new FetchHandler(broker, vertx, sessions, copyPool, options.fetchMaxBytes(),
                        options.advertisedNodes()),
                new ListOffsetsHandler(broker),
                new InitProducerIdHandler(broker.producerIds(), broker::transactions,
                        options.transactionMaxTimeoutMs()),
                new DeleteRecordsHandler(broker, vertx),
                new OffsetForLeaderEpochHandler(broker));
    }
}
