package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Partition;
import io.tideway.broker.log.TimestampAndOffset;
import io.vertx.core.Future;
import org.apache.kafka.common.IsolationLevel;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * An open partition as the admin handlers see it: identity and leader epoch. The data-path
 * operations are not used by these handlers and fail loudly if called. Immutable.
 */
final class FakePartition implements Partition {

    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final int leaderEpoch;

    FakePartition(TopicPartition topicPartition, Uuid topicId, int leaderEpoch) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.leaderEpoch = leaderEpoch;
    }

    @Override
    public TopicPartition topicPartition() {
        return topicPartition;
    }

    @Override
    public Uuid topicId() {
        return topicId;
    }

    @Override
    public int leaderEpoch() {
        return leaderEpoch;
    }

    @Override
    public long logStartOffset() {
        return 0;
    }

    @Override
    public long logEndOffset() {
        return 0;
    }

    @Override
    public long lastStableOffset() {
        return highWatermark();
    }

    @Override
    public Future<Long> appendTxnMarker(long producerId, short producerEpoch, int coordinatorEpoch,
            boolean commit) {
        throw new UnsupportedOperationException("admin handlers do not write transaction markers");
    }

    @Override
    public Future<java.util.List<ProducerView>> activeProducers() {
        throw new UnsupportedOperationException("admin handlers do not read producer state");
    }

    @Override
    public long highWatermark() {
        return 0;
    }

    @Override
    public long sizeInBytes() {
        return 0;
    }

    @Override
    public Future<ProduceResult> append(MemoryRecords records, short acks) {
        throw new UnsupportedOperationException("not used by admin handlers");
    }

    @Override
    public Future<ReadResult> read(long offset, int maxBytes, boolean minOneBatch,
            IsolationLevel isolation) {
        throw new UnsupportedOperationException("not used by admin handlers");
    }

    @Override
    public Registration onHighWatermarkAdvance(Runnable listener) {
        throw new UnsupportedOperationException("not used by admin handlers");
    }

    @Override
    public Future<Optional<TimestampAndOffset>> offsetForTimestamp(long timestamp,
            IsolationLevel isolation) {
        throw new UnsupportedOperationException("not used by admin handlers");
    }

    @Override
    public Future<Long> deleteRecordsBefore(long offset) {
        throw new UnsupportedOperationException("not used by admin handlers");
    }

    @Override
    public Future<EpochEndOffset> endOffsetForEpoch(int leaderEpoch) {
        throw new UnsupportedOperationException("not used by admin handlers");
    }
}
