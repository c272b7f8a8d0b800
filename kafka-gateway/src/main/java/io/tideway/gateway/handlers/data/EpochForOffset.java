package io.tideway.gateway.handlers.data;

import io.tideway.broker.Partition;
import io.vertx.core.Future;

/**
 * The leader epoch an offset was written in (Kafka's {@code LeaderEpochFileCache.epochForOffset}),
 * derived from {@link Partition#endOffsetForEpoch}: an offset belongs to the newest epoch whose
 * predecessor ended at or before it. Walking back costs one engine call per epoch newer than the
 * offset's, usually one, and none while the partition is still at its first epoch.
 *
 * <p>Thread contract: stateless; the future completes on the engine's context.
 */
final class EpochForOffset {

    private EpochForOffset() {
    }

    /** The epoch {@code offset} was written in, or the current epoch for the log end. */
    static Future<Integer> of(Partition partition, long offset) {
        int current = partition.leaderEpoch();
        if (current <= 0) {
            return Future.succeededFuture(current);
        }
        return walk(partition, offset, current);
    }

    private static Future<Integer> walk(Partition partition, long offset, int candidate) {
        if (candidate <= 0) {
            return Future.succeededFuture(candidate);
        }
        return Async.call(() -> partition.endOffsetForEpoch(candidate - 1)).compose(previous -> {
            // The engine answers the largest epoch at or below the one asked; anything else would
            // not make progress, so it ends the walk too.
            boolean noEarlierEpoch = previous.leaderEpoch() < 0 || previous.endOffset() < 0
                    || previous.leaderEpoch() >= candidate;
            if (noEarlierEpoch || offset >= previous.endOffset()) {
                return Future.succeededFuture(candidate);
            }
            return walk(partition, offset, previous.leaderEpoch());
        });
    }
}
