package io.tideway.gateway.handlers.data;

import io.tideway.broker.Partition.AbortedTxn;
import io.tideway.broker.Partition.ProducerView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The producer and transaction state of a {@link FakePartition}, as the {@link
 * io.tideway.broker.Partition} Javadoc describes it: the producers appended batches carry, the
 * first offset of each producer's ongoing transaction (which bounds the last stable offset), and
 * the aborted transactions with their ABORT marker's offset.
 *
 * <p>Thread-safe: every method synchronizes on the instance (the partition updates it on its
 * owning context; tests and offset getters read it from anywhere).
 */
final class FakeProducerStates {

    /** An aborted transaction and the offset of its ABORT marker. */
    private record Aborted(long producerId, long firstOffset, long markerOffset) {
    }

    private final Map<Long, ProducerView> producers = new TreeMap<>();
    private final List<Aborted> aborted = new ArrayList<>();

    /** Records the producers of batches appended from {@code firstOffset}. */
    synchronized void appended(MemoryRecords records, long firstOffset) {
        long offset = firstOffset;
        for (RecordBatch batch : records.batches()) {
            long batchOffset = offset;
            offset += batch.lastOffset() - batch.baseOffset() + 1;
            if (!batch.hasProducerId()) {
                continue;
            }
            ProducerView previous = producers.get(batch.producerId());
            long txnStart = previous == null ? -1 : previous.currentTxnStartOffset();
            if (batch.isTransactional() && txnStart < 0) {
                txnStart = batchOffset;
            }
            producers.put(batch.producerId(), new ProducerView(batch.producerId(),
                    batch.producerEpoch(), batch.lastSequence(),
                    batch.maxTimestamp(), previous == null ? -1 : previous.coordinatorEpoch(),
                    txnStart));
        }
    }

    /** Ends the producer's transaction with a marker at {@code markerOffset}. */
    synchronized void ended(long producerId, short epoch, int coordinatorEpoch, boolean commit,
            long markerOffset) {
        ProducerView previous = producers.get(producerId);
        if (previous != null && previous.currentTxnStartOffset() >= 0 && !commit) {
            aborted.add(new Aborted(producerId, previous.currentTxnStartOffset(), markerOffset));
        }
        producers.put(producerId, new ProducerView(producerId, epoch,
                previous == null ? -1 : previous.lastSequence(),
                previous == null ? -1 : previous.lastTimestamp(), coordinatorEpoch, -1));
    }

    /** The first offset of the oldest ongoing transaction, or {@code highWatermark}. */
    synchronized long lastStableOffset(long highWatermark) {
        long lso = highWatermark;
        for (ProducerView producer : producers.values()) {
            if (producer.currentTxnStartOffset() >= 0) {
                lso = Math.min(lso, producer.currentTxnStartOffset());
            }
        }
        return lso;
    }

    /**
     * The aborted transactions whose marker is at or after {@code from} and whose first offset
     * is before {@code upTo}, in marker order.
     */
    synchronized List<AbortedTxn> aborted(long from, long upTo) {
        List<AbortedTxn> found = new ArrayList<>();
        for (Aborted txn : aborted) {
            if (txn.markerOffset() >= from && txn.firstOffset() < upTo) {
                found.add(new AbortedTxn(txn.producerId(), txn.firstOffset()));
            }
        }
        return found;
    }

    /** The tracked producers, by id. */
    synchronized List<ProducerView> producers() {
        return List.copyOf(producers.values());
    }
}
