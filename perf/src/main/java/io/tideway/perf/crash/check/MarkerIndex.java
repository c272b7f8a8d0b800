package io.tideway.perf.crash.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the log itself ended each transactional batch: the first control batch of the same producer
 * id after it. Built once per check from the raw batch layout; a lookup is a binary search.
 *
 * <p>Immutable after construction; confined to the checking thread.
 */
final class MarkerIndex {

    private final Map<Integer, Resolved> partitions = new HashMap<>();

    /** One partition's data batches, ascending, with the marker that ended each. */
    private record Resolved(long[] bases, long[] lasts, BatchSpan.Marker[] markers) {
    }

    MarkerIndex(List<PartitionBatches> logs) {
        for (PartitionBatches p : logs) {
            partitions.put(p.partition(), resolve(p.batches()));
        }
    }

    private static Resolved resolve(List<BatchSpan> batches) {
        List<BatchSpan> sorted = new ArrayList<>(batches);
        sorted.sort((a, b) -> Long.compare(a.baseOffset(), b.baseOffset()));
        Map<Long, BatchSpan.Marker> next = new HashMap<>();
        List<BatchSpan> data = new ArrayList<>();
        List<BatchSpan.Marker> markers = new ArrayList<>();
        for (int i = sorted.size() - 1; i >= 0; i--) {
            BatchSpan b = sorted.get(i);
            if (b.control()) {
                next.put(b.producerId(), b.marker());
            } else {
                data.add(b);
                markers.add(b.transactional() ? next.getOrDefault(b.producerId(),
                        BatchSpan.Marker.NONE) : BatchSpan.Marker.NONE);
            }
        }
        int n = data.size();
        long[] bases = new long[n];
        long[] lasts = new long[n];
        BatchSpan.Marker[] ms = new BatchSpan.Marker[n];
        for (int i = 0; i < n; i++) {
            // collected backwards
            bases[i] = data.get(n - 1 - i).baseOffset();
            lasts[i] = data.get(n - 1 - i).lastOffset();
            ms[i] = markers.get(n - 1 - i);
        }
        return new Resolved(bases, lasts, ms);
    }

    /**
     * The marker that ended the transactional batch holding this offset; {@link
     * BatchSpan.Marker#NONE} when the offset is in no transactional batch or its transaction has
     * no marker in the scanned range.
     */
    BatchSpan.Marker markerOf(int partition, long offset) {
        Resolved r = partitions.get(partition);
        if (r == null) {
            return BatchSpan.Marker.NONE;
        }
        int i = Arrays.binarySearch(r.bases(), offset);
        if (i < 0) {
            i = -i - 2;
        }
        if (i < 0 || offset > r.lasts()[i]) {
            return BatchSpan.Marker.NONE;
        }
        return r.markers()[i];
    }
}
