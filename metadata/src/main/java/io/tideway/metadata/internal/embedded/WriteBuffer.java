package io.tideway.metadata.internal.embedded;

import io.tideway.metadata.internal.LittleEndianAdd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A transaction's buffered writes, kept in the form needed both for read-your-writes and for
 * commit: cleared ranges, then the latest pending write per key (a write after a range clear
 * replaces the clear for that key), then versionstamped keys.
 *
 * <p>Invariant: no {@link Add} sits inside a cleared range (an add over a cleared key is folded
 * into a known {@link Value}), so only {@link Add}s need the committed value at commit time.
 * Applying "clear ranges, then points, then versionstamped keys" is equivalent to applying the
 * calls in order, because a range clear drops the earlier point writes it covers.
 *
 * <p>Not thread-safe: owned by one {@link EmbeddedTransaction}, accessed under its monitor.
 */
final class WriteBuffer {

    /** The pending state of one key. */
    sealed interface PendingWrite permits Value, Cleared, Add, StampedValue {
    }

    /** The key is set to a known value. */
    record Value(byte[] value) implements PendingWrite {
    }

    /** The key is cleared. */
    record Cleared() implements PendingWrite {
    }

    /** A little-endian addend to apply to whatever value is committed at commit time. */
    record Add(byte[] delta) implements PendingWrite {
    }

    /** A value template completed with the versionstamp at commit time. */
    record StampedValue(byte[] template) implements PendingWrite {
    }

    /** A key template completed with the versionstamp at commit time. */
    record StampedKey(byte[] template, byte[] value) {
    }

    /** The part of a buffer that a range read merges with the snapshot; a private copy. */
    record Overlay(NavigableMap<byte[], PendingWrite> points, KeyRangeSet cleared) {
    }

    static final Cleared CLEARED = new Cleared();

    private final NavigableMap<byte[], PendingWrite> points = new TreeMap<>(Arrays::compareUnsigned);
    private final KeyRangeSet cleared = new KeyRangeSet();
    private final List<StampedKey> stampedKeys = new ArrayList<>();

    /**
     * Resolves what a read of a key returns given its pending write and the snapshot's value.
     *
     * @param pending the pending write, or null for none
     * @param base the snapshot's value (only consulted for null and {@link Add})
     * @return the value the transaction sees, or null when absent
     * @throws IllegalStateException for a versionstamped value, unknown until commit
     */
    static byte[] resolve(PendingWrite pending, byte[] base) {
        if (pending == null) {
            return base;
        }
        if (pending instanceof Value v) {
            return v.value();
        }
        if (pending instanceof Add a) {
            return LittleEndianAdd.add(base, a.delta());
        }
        if (pending instanceof StampedValue) {
            throw new IllegalStateException(
                    "Key was written with setVersionstampedValue in this transaction: its value is unknown until commit");
        }
        return null;
    }

    /** @return whether resolving {@code pending} needs the snapshot's value */
    static boolean needsBase(PendingWrite pending) {
        return pending == null || pending instanceof Add;
    }

    void set(byte[] key, byte[] value) {
        points.put(key, new Value(value));
    }

    void clear(byte[] key) {
        points.put(key, CLEARED);
    }

    void clearRange(byte[] begin, byte[] end) {
        if (Arrays.compareUnsigned(begin, end) >= 0) {
            return;
        }
        cleared.add(begin, end);
        points.subMap(begin, true, end, false).clear();
    }

    void atomicAdd(byte[] key, byte[] delta) {
        PendingWrite current = lookup(key);
        PendingWrite next;
        if (current == null) {
            next = new Add(delta);
        } else if (current instanceof Value v) {
            next = new Value(LittleEndianAdd.add(v.value(), delta));
        } else if (current instanceof Add a) {
            next = new Add(LittleEndianAdd.add(a.delta(), delta));
        } else if (current instanceof Cleared) {
            next = new Value(LittleEndianAdd.add(null, delta));
        } else {
            throw new IllegalStateException(
                    "Cannot atomically add to a key written with setVersionstampedValue in the same transaction");
        }
        points.put(key, next);
    }

    void setVersionstampedValue(byte[] key, byte[] template) {
        points.put(key, new StampedValue(template));
    }

    void setVersionstampedKey(byte[] template, byte[] value) {
        stampedKeys.add(new StampedKey(template, value));
    }

    /**
     * @param key a key
     * @return the key's pending write ({@link #CLEARED} inside a cleared range), or null for none
     */
    PendingWrite lookup(byte[] key) {
        PendingWrite pending = points.get(key);
        if (pending != null) {
            return pending;
        }
        return cleared.contains(key) ? CLEARED : null;
    }

    /** @return a copy of the pending writes that affect a read of {@code [begin, end)} */
    Overlay overlay(byte[] begin, byte[] end) {
        return new Overlay(new TreeMap<>(points.subMap(begin, true, end, false)), cleared.copy());
    }

    boolean isEmpty() {
        return points.isEmpty() && cleared.isEmpty() && stampedKeys.isEmpty();
    }

    NavigableMap<byte[], PendingWrite> points() {
        return points;
    }

    KeyRangeSet clearedRanges() {
        return cleared;
    }

    List<StampedKey> stampedKeys() {
        return stampedKeys;
    }
}
