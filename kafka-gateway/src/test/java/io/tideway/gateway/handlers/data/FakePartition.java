package io.tideway.gateway.handlers.data;

import io.tideway.broker.Partition;
import io.tideway.broker.log.FetchSlice;
import io.tideway.broker.log.LogAppendResult;
import io.tideway.broker.log.LogConfig;
import io.tideway.broker.log.LogDirFlusher;
import io.tideway.broker.log.PartitionLog;
import io.tideway.broker.log.SegmentListener;
import io.tideway.broker.log.TimestampAndOffset;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.apache.kafka.common.IsolationLevel;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * A partition for handler tests: a real segment log in a temporary directory (so that reads
 * return real {@code FetchSlice}s with open file channels) behind the engine's {@link Partition}
 * contract, with every operation run on its own "owning" Vert.x context as the engine does.
 * The high watermark is the log end offset unless a test caps it. Transactions are tracked as the
 * interface says ({@link FakeProducerStates}): transactional batches keep the last stable offset
 * at their first offset until {@link #appendTxnMarker} appends a real COMMIT or ABORT control
 * batch; {@code READ_COMMITTED} reads and lookups stop at the last stable offset and reads list
 * the aborted transactions. Tests inject failures, hold appends and set leader epochs. Public for
 * the transaction handler tests.
 *
 * <p>Thread-safe: log operations run on the owning context; test knobs are atomics.
 */
public final class FakePartition implements Partition {

    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final Context owner;
    private final PartitionLog log;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final TreeMap<Integer, Long> epochStarts = new TreeMap<>(Map.of(0, 0L));
    private final AtomicReference<RuntimeException> appendFailure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> readFailure = new AtomicReference<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger epochQueries = new AtomicInteger();
    private final FakeProducerStates producers = new FakeProducerStates();
    private volatile boolean holdAppends;
    private volatile int leaderEpoch;
    private volatile long highWatermarkCap = Long.MAX_VALUE;

    FakePartition(TopicPartition topicPartition, Uuid topicId, Path dir, LogDirFlusher flusher,
            Context owner) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.owner = owner;
        this.log = PartitionLog.open(dir, LogConfig.defaults(), flusher, SegmentListener.NONE,
                Clock.systemUTC());
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

    /** Forgets every epoch: the log's first known epoch is {@code epoch}, from the log end. */
    synchronized void resetEpochs(int epoch) {
        epochStarts.clear();
        bumpLeaderEpoch(epoch);
    }

    /** Starts a new leader epoch at the current log end. */
    synchronized void bumpLeaderEpoch(int epoch) {
        epochStarts.put(epoch, log.logEndOffset());
        leaderEpoch = epoch;
    }

    @Override
    public long logStartOffset() {
        return log.logStartOffset();
    }

    @Override
    public long logEndOffset() {
        return log.logEndOffset();
    }

    @Override
    public long lastStableOffset() {
        return producers.lastStableOffset(highWatermark());
    }

    @Override
    public Future<Long> appendTxnMarker(long producerId, short producerEpoch, int coordinatorEpoch,
            boolean commit) {
        return onOwner(() -> {
            MemoryRecords marker = MemoryRecords.withEndTransactionMarker(
                    System.currentTimeMillis(), producerId, producerEpoch,
                    new EndTransactionMarker(commit ? ControlRecordType.COMMIT
                            : ControlRecordType.ABORT, coordinatorEpoch));
            long offset = log.append(marker).firstOffset();
            producers.ended(producerId, producerEpoch, coordinatorEpoch, commit, offset);
            listeners.forEach(Runnable::run);
            return offset;
        });
    }

    @Override
    public Future<List<ProducerView>> activeProducers() {
        return onOwner(producers::producers);
    }

    @Override
    public long highWatermark() {
        return Math.min(highWatermarkCap, log.logEndOffset());
    }

    /** Holds the high watermark at {@code offset} (as if followers lagged), until set again. */
    public void capHighWatermark(long offset) {
        highWatermarkCap = offset;
    }

    @Override
    public long sizeInBytes() {
        return log.sizeInBytes();
    }

    public void failAppends(RuntimeException failure) {
        appendFailure.set(failure);
    }

    public void failReads(RuntimeException failure) {
        readFailure.set(failure);
    }

    /** Appends then never complete (an fsync that does not return). */
    void holdAppends() {
        holdAppends = true;
    }

    int reads() {
        return reads.get();
    }

    int epochQueries() {
        return epochQueries.get();
    }

    int listenerCount() {
        return listeners.size();
    }

    @Override
    public Future<ProduceResult> append(MemoryRecords records, short acks) {
        if (acks != 1 && acks != -1) {
            return Future.failedFuture(new IllegalArgumentException("acks " + acks));
        }
        Future<ProduceResult> appended = onOwner(() -> {
            RuntimeException failure = appendFailure.get();
            if (failure != null) {
                throw failure;
            }
            LogAppendResult result = log.append(records);
            producers.appended(records, result.firstOffset());
            listeners.forEach(Runnable::run);
            return new ProduceResult(result.firstOffset(), result.logAppendTime(),
                    result.logStartOffset());
        });
        return holdAppends ? Promise.<ProduceResult>promise().future() : appended;
    }

    /**
     * Appends outside the produce path, on the owning context, and waits (test thread only);
     * notifies listeners.
     *
     * @return the first offset appended
     */
    public long appendDirect(MemoryRecords records) throws Exception {
        return onOwner(() -> {
            long first = log.append(records).firstOffset();
            producers.appended(records, first);
            listeners.forEach(Runnable::run);
            return first;
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public Future<ReadResult> read(long offset, int maxBytes, boolean minOneBatch,
            IsolationLevel isolation) {
        return onOwner(() -> {
            reads.incrementAndGet();
            RuntimeException failure = readFailure.get();
            if (failure != null) {
                throw failure;
            }
            long highWatermark = highWatermark();
            long lastStable = producers.lastStableOffset(highWatermark);
            if (isolation == IsolationLevel.READ_UNCOMMITTED) {
                return new ReadResult(log.read(offset, maxBytes, minOneBatch, highWatermark),
                        highWatermark, lastStable, log.logStartOffset());
            }
            FetchSlice slice = log.read(offset, maxBytes, minOneBatch, lastStable);
            long upTo = slice.isEmpty() ? offset : slice.lastOffset() + 1;
            return new ReadResult(slice, highWatermark, lastStable, log.logStartOffset(),
                    producers.aborted(offset, upTo));
        });
    }

    @Override
    public Registration onHighWatermarkAdvance(Runnable listener) {
        Runnable wrapped = () -> owner.runOnContext(v -> listener.run());
        listeners.add(wrapped);
        return () -> listeners.remove(wrapped);
    }

    @Override
    public Future<Optional<TimestampAndOffset>> offsetForTimestamp(long timestamp,
            IsolationLevel isolation) {
        return onOwner(() -> {
            if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP
                    || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
                return Optional.of(new TimestampAndOffset(-1L, log.logStartOffset()));
            }
            if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP
                    && isolation == IsolationLevel.READ_COMMITTED) {
                return Optional.of(new TimestampAndOffset(-1L, lastStableOffset()));
            }
            if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP
                    || timestamp == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP) {
                return Optional.of(new TimestampAndOffset(-1L, log.logEndOffset()));
            }
            if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
                return log.maxTimestampAndOffset();
            }
            return log.offsetForTimestamp(timestamp);
        });
    }

    @Override
    public Future<Long> deleteRecordsBefore(long offset) {
        return onOwner(() -> {
            long target = offset == -1L ? highWatermark() : offset;
            if (target > highWatermark()) {
                throw new OffsetOutOfRangeException("Offset " + target + " is beyond the high"
                        + " watermark " + highWatermark());
            }
            return log.deleteRecordsBefore(target);
        });
    }

    @Override
    public Future<EpochEndOffset> endOffsetForEpoch(int epoch) {
        epochQueries.incrementAndGet();
        return onOwner(() -> {
            synchronized (this) {
                Map.Entry<Integer, Long> floor = epochStarts.floorEntry(epoch);
                if (floor == null) {
                    return new EpochEndOffset(-1, -1L);
                }
                Map.Entry<Integer, Long> next = epochStarts.higherEntry(floor.getKey());
                return new EpochEndOffset(floor.getKey(),
                        next == null ? log.logEndOffset() : next.getValue());
            }
        });
    }

    public void close() {
        log.close();
    }

    private <T> Future<T> onOwner(Callable<T> operation) {
        Promise<T> promise = Promise.promise();
        owner.runOnContext(v -> {
            try {
                promise.complete(operation.call());
            } catch (Exception e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }
}
