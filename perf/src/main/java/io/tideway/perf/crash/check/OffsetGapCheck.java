package io.tideway.perf.crash.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Offset gaps: from the log start to the checked end every offset is in a batch of the raw scan
 * (a hole between batches is a gap), and every offset of a data batch was returned by the
 * read_uncommitted consumer; offsets the consumer skipped are explained only by control batches.
 * One contiguous range of missing offsets counts once.
 *
 * <p>Stateless; thread-safe.
 */
final class OffsetGapCheck {

    private OffsetGapCheck() {
    }

    static void run(History history, AnomalyLog log) {
        Map<Integer, long[]> read = readOffsets(history.uncommitted());
        for (PartitionBatches p : history.logs()) {
            check(p, read.getOrDefault(p.partition(), new long[0]), log);
        }
    }

    private static Map<Integer, long[]> readOffsets(ReadView view) {
        Map<Integer, List<Long>> lists = new HashMap<>();
        for (ReadRecord r : view.records()) {
            lists.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r.offset());
        }
        Map<Integer, long[]> sorted = new HashMap<>();
        lists.forEach((p, l) -> sorted.put(p,
                l.stream().mapToLong(Long::longValue).sorted().distinct().toArray()));
        return sorted;
    }

    private static void check(PartitionBatches p, long[] read, AnomalyLog log) {
        List<BatchSpan> batches = new ArrayList<>(p.batches());
        batches.sort(Comparator.comparingLong(BatchSpan::baseOffset));
        long expected = p.startOffset();
        for (BatchSpan b : batches) {
            if (b.baseOffset() >= p.endOffset()) {
                break;
            }
            if (b.baseOffset() > expected) {
                log.add(Anomaly.OFFSET_GAP, "partition " + p.partition() + ": offsets "
                        + expected + ".." + (b.baseOffset() - 1) + " are in no batch");
            }
            if (!b.control()) {
                unread(p.partition(), Math.max(b.baseOffset(), expected),
                        Math.min(b.lastOffset(), p.endOffset() - 1), read, log);
            }
            expected = Math.max(expected, b.lastOffset() + 1);
        }
        if (expected < p.endOffset()) {
            log.add(Anomaly.OFFSET_GAP, "partition " + p.partition() + ": offsets " + expected
                    + ".." + (p.endOffset() - 1) + " are in no batch below the high watermark");
        }
    }

    /** Reports each range of [from, to] that the consumer did not return. */
    private static void unread(int partition, long from, long to, long[] read, AnomalyLog log) {
        if (from > to) {
            return;
        }
        int i = lowerBound(read, from);
        int end = lowerBound(read, to + 1);
        if (end - i == to - from + 1) {
            return; // all there
        }
        long next = from;
        for (; i < end; i++) {
            if (read[i] > next) {
                reportUnread(partition, next, read[i] - 1, log);
            }
            next = read[i] + 1;
        }
        if (next <= to) {
            reportUnread(partition, next, to, log);
        }
    }

    private static void reportUnread(int partition, long from, long to, AnomalyLog log) {
        log.add(Anomaly.OFFSET_GAP, "partition " + partition + ": offsets " + from + ".." + to
                + " are in a data batch but read_uncommitted did not return them");
    }

    private static int lowerBound(long[] a, long key) {
        int i = Arrays.binarySearch(a, key);
        return i >= 0 ? i : -i - 1;
    }
}
