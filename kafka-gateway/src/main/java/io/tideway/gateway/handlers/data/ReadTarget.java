package io.tideway.gateway.handlers.data;

import io.tideway.broker.Partition;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * One partition a Fetch reads: its key in the request and session, the request's parameters for
 * it, and the open partition (or why there is none).
 *
 * <p>Thread contract: immutable; the partition is a thread-safe engine facade.
 *
 * @param key the partition as the request (or session) names it
 * @param request the fetch offset, partition max bytes and epochs
 * @param partition the open partition, or null
 * @param lookupError {@code NONE} exactly when {@code partition} is not null
 */
record ReadTarget(TopicIdPartition key, FetchRequest.PartitionData request, Partition partition,
        Errors lookupError) {
}
