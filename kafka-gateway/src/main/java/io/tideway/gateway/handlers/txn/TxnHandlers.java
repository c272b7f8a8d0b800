package io.tideway.gateway.handlers.txn;

import io.tideway.broker.Broker;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.handlers.data.PartitionResolver;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Builds the transaction handlers of one node: AddPartitionsToTxn, AddOffsetsToTxn, EndTxn,
 * TxnOffsetCommit, DescribeTransactions, ListTransactions and DescribeProducers. InitProducerId,
 * Produce, Fetch and ListOffsets, which transactions change but which also serve other clients,
 * are data handlers ({@link io.tideway.gateway.handlers.data.DataHandlers}).
 *
 * <p>The handlers look {@link Broker#transactions()} up on every request rather than at build
 * time, so a registry can be built (and ApiVersions answered) before the coordinator is wired.
 *
 * <p>Thread contract: stateless factory; the handlers it returns are thread-safe.
 */
public final class TxnHandlers {

    private TxnHandlers() {
    }

    /** The handlers, with the system clock for ListTransactions' duration filter. */
    public static List<ApiHandler> create(Broker broker) {
        return create(broker, System::currentTimeMillis);
    }

    /**
     * @param broker the engine whose coordinators and partitions the handlers serve
     * @param clock wall-clock milliseconds
     */
    public static List<ApiHandler> create(Broker broker, LongSupplier clock) {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(clock, "clock");
        PartitionResolver resolver = new PartitionResolver(broker);
        return List.of(
                new AddPartitionsToTxnHandler(broker::transactions, resolver),
                new AddOffsetsToTxnHandler(broker::transactions),
                new EndTxnHandler(broker::transactions),
                new TxnOffsetCommitHandler(broker::transactions, broker.groups(),
                        broker.topics(), resolver),
                new DescribeTransactionsHandler(broker::transactions),
                new ListTransactionsHandler(broker::transactions, clock),
                new DescribeProducersHandler(broker.topics(), resolver));
    }
}
