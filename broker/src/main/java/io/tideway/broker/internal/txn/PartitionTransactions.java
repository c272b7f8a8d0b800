package io.tideway.broker.internal.txn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The transactional view of one partition: the ongoing transactions (first offset per producer
 * id), the last stable offset (LSO) they imply, and the aborted transactions a
 * {@code read_committed} fetch must report (the content of the partition's {@code .txnindex}
 * files). Fed from the append path in offset order: {@link #onTransactionalAppend} for each
 * transactional data batch and {@link #onMarker} for each COMMIT/ABORT control batch.
 *
 * <p>Owned by the partition's context; not thread-safe. Invariants: a producer id has at most
 * one ongoing transaction; aborted entries are kept in marker-offset order; the LSO never exceeds
 * the first offset of an ongoing transaction.
 */
public final class PartitionTransactions {

    private final Map<Long, Long> firstOffsetByProducer = new HashMap<>();
    private final TreeMap<Long, Long> producerByFirstOffset = new TreeMap<>();
    private final List<AbortedTransaction> aborted = new ArrayList<>();

    /**
     * Records a transactional data batch; the first one of a producer opens its transaction.
     *
     * @param producerId the batch's producer id
     * @param baseOffset the batch's base offset
     */
    public void onTransactionalAppend(long producerId, long baseOffset) {
        if (!firstOffsetByProducer.containsKey(producerId)) {
            firstOffsetByProducer.put(producerId, baseOffset);
            producerByFirstOffset.put(baseOffset, producerId);
        }
    }

    /**
     * Records a COMMIT or ABORT marker, which ends the producer's transaction.
     *
     * @param producerId the marker's producer id
     * @param markerOffset the marker's offset
     * @param commit true for COMMIT, false for ABORT
     * @return the aborted-transaction entry to append to the {@code .txnindex}, null for a commit
     */
    public AbortedTransaction onMarker(long producerId, long markerOffset, boolean commit) {
        Long first = firstOffsetByProducer.remove(producerId);
        if (first != null) {
            producerByFirstOffset.remove(first);
        }
        if (commit) {
            return null;
        }
        long firstOffset = first != null ? first : markerOffset;
        long lso = producerByFirstOffset.isEmpty() ? markerOffset + 1 : producerByFirstOffset.firstKey();
        AbortedTransaction entry = new AbortedTransaction(producerId, firstOffset, markerOffset, lso);
        aborted.add(entry);
        return entry;
    }

    /**
     * Restores an entry read from a {@code .txnindex} file on open.
     *
     * @param entry the entry, after every entry already loaded
     */
    public void loadAborted(AbortedTransaction entry) {
        aborted.add(entry);
    }

    /**
     * @param highWatermark the partition's high watermark
     * @return the last stable offset: the first offset of the oldest ongoing transaction, at most
     *         the high watermark
     */
    public long lastStableOffset(long highWatermark) {
        return producerByFirstOffset.isEmpty() ? highWatermark : Math.min(highWatermark, producerByFirstOffset.firstKey());
    }

    /** @return whether a producer has an ongoing transaction */
    public boolean hasOngoing(long producerId) {
        return firstOffsetByProducer.containsKey(producerId);
    }

    /**
     * The aborted transactions a fetch of {@code [fetchOffset, upperBoundOffset)} must report, as
     * Kafka collects them: those whose marker is at or after the fetch offset and whose first
     * record is before the upper bound.
     *
     * @param fetchOffset the fetch offset
     * @param upperBoundOffset the end of the returned data (exclusive)
     * @return the entries, in marker-offset order
     */
    public List<AbortedTransaction> abortedTransactions(long fetchOffset, long upperBoundOffset) {
        List<AbortedTransaction> result = new ArrayList<>();
        for (AbortedTransaction entry : aborted) {
            if (entry.lastOffset() >= fetchOffset && entry.firstOffset() < upperBoundOffset) {
                result.add(entry);
            }
        }
        return result;
    }

    /**
     * Forgets aborted transactions wholly before the log start offset (retention, delete-records).
     *
     * @param logStartOffset the new log start offset
     */
    public void retainFrom(long logStartOffset) {
        aborted.removeIf(entry -> entry.lastOffset() < logStartOffset);
    }
}
