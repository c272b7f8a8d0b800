package io.tideway.gateway.handlers.data;

import io.tideway.broker.Partition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * One read pass over a Fetch's partitions with Kafka's byte accounting ({@code
 * ReplicaManager.readFromLog}, KIP-74): partitions are considered in order; each may return up
 * to its {@code partition_max_bytes} and what is left of the request's {@code max_bytes}, but the
 * first partition that has records returns at least one whole batch even when it is larger, so a
 * consumer never gets stuck behind a big batch.
 *
 * <p>To avoid one engine round trip per partition in sequence, every partition is first read in
 * parallel as if it came first (at most its own limit, at least one batch). Walking the results in
 * order then applies the budget: a read that fits what is left is kept as is (a smaller limit
 * would return the same whole batches), one that does not is read again with the smaller limit,
 * and once nothing is left later partitions keep their offsets but no records. Usually at most one
 * partition is read twice.
 *
 * <p>Every read uses the request's isolation level: under {@code READ_COMMITTED} the engine stops
 * at the last stable offset, so the byte accounting (and a long-poll's {@code min_bytes}) only
 * counts records such a consumer may see, and reports the aborted transactions they hold.
 *
 * <p>Per partition, before reading, in Kafka's order: topic id consistency ({@code
 * INCONSISTENT_TOPIC_ID}), the current leader epoch ({@code FENCED_LEADER_EPOCH}, {@code
 * UNKNOWN_LEADER_EPOCH}), replica fetches ({@code UNKNOWN_LEADER_EPOCH} when the follower sent an
 * epoch, else {@code NOT_LEADER_OR_FOLLOWER}: this node has no followers), and the last fetched
 * epoch (KIP-320: a diverging epoch, or {@code OFFSET_OUT_OF_RANGE} when it cannot be placed).
 *
 * <p>Thread contract: stateless; a pass's results complete on the given request context, where
 * its bookkeeping runs. Never blocks.
 */
final class FetchReader {

    /** Reads every target once; the list matches {@code targets} in order. */
    Future<List<PartitionRead>> read(Context context, List<ReadTarget> targets,
            FetchParams params) {
        List<Future<PartitionRead>> firsts = new ArrayList<>(targets.size());
        for (ReadTarget target : targets) {
            firsts.add(Async.on(context, first(target, params)));
        }
        return Future.join(firsts).transform(joined -> {
            List<PartitionRead> reads = new ArrayList<>(firsts.size());
            for (int i = 0; i < firsts.size(); i++) {
                Future<PartitionRead> read = firsts.get(i);
                reads.add(read.succeeded() ? read.result()
                        : failed(targets.get(i), read.cause()));
            }
            List<PartitionRead> accounted = new ArrayList<>(reads.size());
            return account(context, reads, accounted, params.maxBytes(), true, params);
        });
    }

    private static Future<List<PartitionRead>> account(Context context, List<PartitionRead> reads,
            List<PartitionRead> accounted, int remaining, boolean minOneBatch,
            FetchParams params) {
        int left = remaining;
        boolean minOne = minOneBatch;
        while (accounted.size() < reads.size()) {
            PartitionRead read = reads.get(accounted.size());
            int allowed = Math.min(partitionMaxBytes(read.target()), left);
            PartitionRead kept;
            if (read.slice() == null || minOne || read.bytes() <= allowed) {
                // While no partition had records, the parallel read used exactly these limits.
                kept = read;
            } else if (allowed == 0) {
                kept = read.withoutRecords();
            } else {
                int budget = left;
                return Async.on(context, readRecords(read.target(), allowed, false,
                        params.isolation()))
                        .compose(reread -> {
                            accounted.add(reread);
                            return account(context, reads, accounted,
                                    Math.max(0, budget - reread.bytes()), false, params);
                        });
            }
            accounted.add(kept);
            left = Math.max(0, left - kept.bytes());
            minOne = minOne && kept.bytes() == 0;
        }
        return Future.succeededFuture(accounted);
    }

    private static Future<PartitionRead> first(ReadTarget target, FetchParams params) {
        Partition partition = target.partition();
        if (partition == null) {
            return Future.succeededFuture(PartitionRead.failed(target, target.lookupError()));
        }
        FetchRequest.PartitionData request = target.request();
        Uuid topicId = target.key().topicId();
        if (!Uuid.ZERO_UUID.equals(topicId) && !topicId.equals(partition.topicId())) {
            return Future.succeededFuture(
                    PartitionRead.failed(target, Errors.INCONSISTENT_TOPIC_ID));
        }
        Errors epochError = LeaderEpochs.check(request.currentLeaderEpoch.orElse(-1),
                partition.leaderEpoch());
        if (epochError != Errors.NONE) {
            return Future.succeededFuture(PartitionRead.failed(target, epochError));
        }
        if (params.fromFollower()) {
            return Future.succeededFuture(PartitionRead.failed(target,
                    request.currentLeaderEpoch.isPresent() ? Errors.UNKNOWN_LEADER_EPOCH
                            : Errors.NOT_LEADER_OR_FOLLOWER));
        }
        int limit = Math.min(partitionMaxBytes(target), params.maxBytes());
        if (request.lastFetchedEpoch.isEmpty()) {
            return readRecords(target, limit, true, params.isolation());
        }
        return divergence(target, partition, request.lastFetchedEpoch.get())
                .compose(diverging -> diverging != null ? Future.succeededFuture(diverging)
                        : readRecords(target, limit, true, params.isolation()));
    }

    /**
     * Kafka's check of the fetcher's last fetched epoch: null when the log agrees, a diverging
     * read when the epoch ended before the fetch offset, {@code OFFSET_OUT_OF_RANGE} when the
     * epoch is unknown or the offset is below the log start.
     */
    private static Future<PartitionRead> divergence(ReadTarget target, Partition partition,
            int lastFetchedEpoch) {
        long fetchOffset = target.request().fetchOffset;
        if (lastFetchedEpoch == partition.leaderEpoch()
                && fetchOffset <= partition.logEndOffset()) {
            // The current epoch ends at the log end: nothing can diverge.
            return Future.succeededFuture(null);
        }
        return Async.call(() -> partition.endOffsetForEpoch(lastFetchedEpoch)).map(end -> {
            if (end.leaderEpoch() < 0 || end.endOffset() < 0
                    || fetchOffset < partition.logStartOffset()) {
                return PartitionRead.failed(target, Errors.OFFSET_OUT_OF_RANGE);
            }
            if (end.leaderEpoch() < lastFetchedEpoch || end.endOffset() < fetchOffset) {
                return PartitionRead.diverging(target, partition, end.leaderEpoch(),
                        end.endOffset());
            }
            return null;
        }).otherwise(failure -> failed(target, failure));
    }

    private static Future<PartitionRead> readRecords(ReadTarget target, int maxBytes,
            boolean minOneBatch, IsolationLevel isolation) {
        long fetchOffset = target.request().fetchOffset;
        return Async.call(() -> target.partition().read(fetchOffset, maxBytes, minOneBatch,
                        isolation))
                .map(result -> PartitionRead.of(target, result))
                .otherwise(failure -> failed(target, failure));
    }

    private static PartitionRead failed(ReadTarget target, Throwable failure) {
        return PartitionRead.failed(target,
                Failures.toError(ApiKeys.FETCH, target.key(), failure));
    }

    private static int partitionMaxBytes(ReadTarget target) {
        return Math.max(0, target.request().maxBytes);
    }
}
