package io.tideway.metadata.internal.embedded;

import io.tideway.metadata.KeyValue;
import io.tideway.metadata.MetadataException;
import io.tideway.metadata.internal.embedded.WriteBuffer.Overlay;
import io.tideway.metadata.internal.embedded.WriteBuffer.PendingWrite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * One range read with read-your-writes: merges a snapshot iterator with a transaction's pending
 * writes, in either direction, up to a limit. Keys inside the transaction's cleared ranges are
 * skipped with a seek rather than one by one.
 *
 * <p>Single use, confined to the worker thread that runs the read (a blocking native scan).
 */
final class RangeReader {

    private final RocksIterator it;
    private final byte[] begin;
    private final byte[] end;
    private final boolean reverse;
    private final Overlay overlay;
    private byte[] dbKey;

    private RangeReader(RocksIterator it, byte[] begin, byte[] end, boolean reverse, Overlay overlay) {
        this.it = it;
        this.begin = begin;
        this.end = end;
        this.reverse = reverse;
        this.overlay = overlay;
    }

    /**
     * Reads {@code [begin, end)} as the transaction sees it.
     *
     * @param it an iterator over the transaction's snapshot (closed by the caller)
     * @param limit the most pairs to return, 0 for all
     * @return the pairs in the requested direction
     */
    static List<KeyValue> read(RocksIterator it, byte[] begin, byte[] end, int limit, boolean reverse, Overlay overlay) {
        try {
            return new RangeReader(it, begin, end, reverse, overlay).read(limit);
        } catch (RocksDBException e) {
            throw new MetadataException("RocksDB range read failed: " + e.getMessage(), e);
        }
    }

    private List<KeyValue> read(int limit) throws RocksDBException {
        List<KeyValue> out = new ArrayList<>();
        Map<byte[], PendingWrite> pendingInOrder = reverse ? overlay.points().descendingMap() : overlay.points();
        Iterator<Map.Entry<byte[], PendingWrite>> pending = pendingInOrder.entrySet().iterator();
        Map.Entry<byte[], PendingWrite> nextPending = pending.hasNext() ? pending.next() : null;
        if (reverse) {
            it.seekForPrev(end);
            stepBackOffEnd(end);
        } else {
            it.seek(begin);
        }
        loadKey();
        while ((limit == 0 || out.size() < limit) && (dbKey != null || nextPending != null)) {
            int order = dbKey == null ? 1 : nextPending == null ? -1 : inOrder(dbKey, nextPending.getKey());
            if (order < 0) {
                byte[][] cleared = overlay.cleared().rangeContaining(dbKey);
                if (cleared != null) {
                    skipPast(cleared);
                } else {
                    out.add(new KeyValue(dbKey, it.value()));
                    step();
                }
            } else {
                byte[] base = null;
                if (order == 0) {
                    base = it.value();
                    step();
                }
                byte[] value = WriteBuffer.resolve(nextPending.getValue(), base);
                if (value != null) {
                    out.add(new KeyValue(nextPending.getKey(), value));
                }
                nextPending = pending.hasNext() ? pending.next() : null;
            }
        }
        it.status();
        return out;
    }

    private int inOrder(byte[] a, byte[] b) {
        int compared = Integer.signum(Arrays.compareUnsigned(a, b));
        return reverse ? -compared : compared;
    }

    private void step() {
        if (reverse) {
            it.prev();
        } else {
            it.next();
        }
        loadKey();
    }

    /** Moves past a cleared range in the read direction. */
    private void skipPast(byte[][] cleared) {
        if (reverse) {
            it.seekForPrev(cleared[0]);
            stepBackOffEnd(cleared[0]);
        } else {
            it.seek(cleared[1]);
        }
        loadKey();
    }

    /** After {@code seekForPrev(bound)}, steps off {@code bound} itself: range ends are exclusive. */
    private void stepBackOffEnd(byte[] bound) {
        if (it.isValid() && Arrays.equals(it.key(), bound)) {
            it.prev();
        }
    }

    private void loadKey() {
        if (!it.isValid()) {
            dbKey = null;
            return;
        }
        byte[] key = it.key();
        boolean inRange = reverse ? Arrays.compareUnsigned(key, begin) >= 0 : Arrays.compareUnsigned(key, end) < 0;
        dbKey = inRange ? key : null;
    }
}
