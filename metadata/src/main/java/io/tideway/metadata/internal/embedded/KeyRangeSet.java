package io.tideway.metadata.internal.embedded;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A set of keys described as disjoint half-open ranges {@code [begin, end)} in unsigned bytewise
 * order; overlapping and touching ranges are merged on insertion. Used for cleared ranges in a
 * write buffer and for read and write conflict sets.
 *
 * <p>Not thread-safe: confined to its owner (a transaction under its monitor, or the committer
 * under the commit lock). Sets handed to the conflict resolver are no longer modified.
 */
final class KeyRangeSet {

    private final NavigableMap<byte[], byte[]> ranges;

    KeyRangeSet() {
        this.ranges = new TreeMap<>(Arrays::compareUnsigned);
    }

    private KeyRangeSet(NavigableMap<byte[], byte[]> ranges) {
        this.ranges = ranges;
    }

    /**
     * @param key a key
     * @return the smallest key after {@code key} (the key followed by a zero byte)
     */
    static byte[] keyAfter(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    void addKey(byte[] key) {
        add(key, keyAfter(key));
    }

    void add(byte[] begin, byte[] end) {
        if (compare(begin, end) >= 0) {
            return;
        }
        byte[] mergedBegin = begin;
        byte[] mergedEnd = end;
        Map.Entry<byte[], byte[]> floor = ranges.floorEntry(begin);
        if (floor != null && compare(floor.getValue(), begin) >= 0) {
            mergedBegin = floor.getKey();
            if (compare(floor.getValue(), mergedEnd) > 0) {
                mergedEnd = floor.getValue();
            }
        }
        Map.Entry<byte[], byte[]> next = ranges.ceilingEntry(mergedBegin);
        while (next != null && compare(next.getKey(), mergedEnd) <= 0) {
            if (compare(next.getValue(), mergedEnd) > 0) {
                mergedEnd = next.getValue();
            }
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(mergedBegin);
        }
        ranges.put(mergedBegin, mergedEnd);
    }

    /**
     * @param key a key
     * @return the range containing {@code key} as {begin, end}, or null
     */
    byte[][] rangeContaining(byte[] key) {
        Map.Entry<byte[], byte[]> floor = ranges.floorEntry(key);
        if (floor != null && compare(key, floor.getValue()) < 0) {
            return new byte[][] {floor.getKey(), floor.getValue()};
        }
        return null;
    }

    boolean contains(byte[] key) {
        return rangeContaining(key) != null;
    }

    /** @return whether some key lies in this set and in {@code [begin, end)} */
    boolean intersects(byte[] begin, byte[] end) {
        if (compare(begin, end) >= 0) {
            return false;
        }
        Map.Entry<byte[], byte[]> floor = ranges.floorEntry(begin);
        if (floor != null && compare(floor.getValue(), begin) > 0) {
            return true;
        }
        byte[] higher = ranges.higherKey(begin);
        return higher != null && compare(higher, end) < 0;
    }

    /** @return whether the two sets share a key */
    boolean intersects(KeyRangeSet other) {
        KeyRangeSet small = size() <= other.size() ? this : other;
        KeyRangeSet large = small == this ? other : this;
        for (Map.Entry<byte[], byte[]> range : small.ranges.entrySet()) {
            if (large.intersects(range.getKey(), range.getValue())) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    int size() {
        return ranges.size();
    }

    /** @return the ranges, begin to end, in key order (a live view: do not modify) */
    NavigableMap<byte[], byte[]> ranges() {
        return ranges;
    }

    KeyRangeSet copy() {
        return new KeyRangeSet(new TreeMap<>(ranges));
    }
}
