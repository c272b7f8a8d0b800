package io.tideway.gateway.handlers.data;

import io.tideway.broker.Partition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Turns one request's {@link PartitionRead}s into response partitions, as Kafka's {@code
 * processResponseCallback} does, and collects the node endpoints v16+ responses carry.
 *
 * <p>Thread contract: one instance per response, used on the request's event loop.
 */
final class FetchResponses {

    private final FetchParams params;
    private final int nodeId;
    private final Supplier<List<Node>> advertisedNodes;
    private boolean namesSelf;

    FetchResponses(FetchParams params, int nodeId, Supplier<List<Node>> advertisedNodes) {
        this.params = params;
        this.nodeId = nodeId;
        this.advertisedNodes = advertisedNodes;
    }

    /** The response partition for one read. */
    FetchResponseData.PartitionData partition(PartitionRead read) {
        FetchResponseData.PartitionData data = new FetchResponseData.PartitionData()
                .setPartitionIndex(read.target().key().partition())
                .setPreferredReadReplica(FetchResponse.INVALID_PREFERRED_REPLICA_ID);
        if (read.error() != Errors.NONE) {
            Errors error = read.error() == Errors.KAFKA_STORAGE_ERROR && params.version() <= 5
                    ? Errors.NOT_LEADER_OR_FOLLOWER : read.error();
            data.setErrorCode(error.code())
                    .setHighWatermark(FetchResponse.INVALID_HIGH_WATERMARK)
                    .setLastStableOffset(FetchResponse.INVALID_LAST_STABLE_OFFSET)
                    .setLogStartOffset(FetchResponse.INVALID_LOG_START_OFFSET)
                    .setAbortedTransactions(null)
                    .setRecords(MemoryRecords.EMPTY);
            if (error == Errors.FENCED_LEADER_EPOCH && params.version() >= 16
                    && read.target().partition() != null) {
                // This node leads every partition: name it, at the epoch the client missed.
                data.currentLeader().setLeaderId(nodeId)
                        .setLeaderEpoch(read.target().partition().leaderEpoch());
                namesSelf = true;
            }
            return data;
        }
        data.setErrorCode(Errors.NONE.code())
                .setHighWatermark(read.highWatermark())
                .setLastStableOffset(read.lastStableOffset())
                .setLogStartOffset(read.logStartOffset())
                .setAbortedTransactions(abortedTransactions(read))
                .setRecords(read.slice() == null ? MemoryRecords.EMPTY
                        : new SliceRecords(read.slice()));
        if (read.divergingEpoch() != null) {
            data.setDivergingEpoch(read.divergingEpoch());
        }
        return data;
    }

    /**
     * Kafka's list: none under {@code READ_UNCOMMITTED} or with a diverging epoch (no read took
     * place), else the aborted transactions the returned records may hold, possibly none.
     */
    private List<FetchResponseData.AbortedTransaction> abortedTransactions(PartitionRead read) {
        if (params.isolation() != IsolationLevel.READ_COMMITTED || read.divergingEpoch() != null) {
            return null;
        }
        List<FetchResponseData.AbortedTransaction> aborted =
                new ArrayList<>(read.abortedTransactions().size());
        for (Partition.AbortedTxn txn : read.abortedTransactions()) {
            aborted.add(new FetchResponseData.AbortedTransaction()
                    .setProducerId(txn.producerId())
                    .setFirstOffset(txn.firstOffset()));
        }
        return aborted;
    }

    /** This node's endpoint if a partition named it as leader (v16+), else none. */
    List<Node> nodeEndpoints() {
        if (!namesSelf) {
            return List.of();
        }
        List<Node> nodes = advertisedNodes.get();
        return nodes == null ? List.of()
                : nodes.stream().filter(node -> node.id() == nodeId).limit(1).toList();
    }
}
