package io.tideway.metadata.internal.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Outstanding watches of the embedded store, by key. A watch remembers the value its
 * transaction saw; the committer fires it once a commit leaves a different value.
 *
 * <p>Thread-safe (synchronized); futures are completed by callers, outside this object's lock.
 */
final class WatchRegistry {

    /** One registered watch. */
    static final class Watch {
        final byte[] key;
        final byte[] expected;
        final CompletableFuture<Void> future;

        Watch(byte[] key, byte[] expected, CompletableFuture<Void> future) {
            this.key = key;
            this.expected = expected;
            this.future = future;
        }

        boolean changedTo(byte[] current) {
            return !Arrays.equals(expected, current);
        }
    }

    private final NavigableMap<byte[], List<Watch>> byKey = new TreeMap<>(Arrays::compareUnsigned);
    private final int maxWatches;
    private int count;

    WatchRegistry(int maxWatches) {
        this.maxWatches = maxWatches;
    }

    /**
     * Registers a watch; cancelling its future unregisters it.
     *
     * @return false when the registry is full
     */
    boolean add(Watch watch) {
        synchronized (this) {
            if (count >= maxWatches) {
                return false;
            }
            byKey.computeIfAbsent(watch.key, k -> new ArrayList<>(1)).add(watch);
            count++;
        }
        watch.future.whenComplete((ignored, error) -> {
            if (error instanceof CancellationException) {
                remove(watch);
            }
        });
        return true;
    }

    int limit() {
        return maxWatches;
    }

    synchronized void remove(Watch watch) {
        List<Watch> watches = byKey.get(watch.key);
        if (watches != null && watches.remove(watch)) {
            count--;
            if (watches.isEmpty()) {
                byKey.remove(watch.key);
            }
        }
    }

    /** @return the watches on {@code keys} or inside {@code ranges} (still registered) */
    synchronized List<Watch> watching(Collection<byte[]> keys, KeyRangeSet ranges) {
        List<Watch> found = new ArrayList<>();
        if (count == 0) {
            return found;
        }
        for (byte[] key : keys) {
            List<Watch> watches = byKey.get(key);
            if (watches != null) {
                found.addAll(watches);
            }
        }
        for (Map.Entry<byte[], byte[]> range : ranges.ranges().entrySet()) {
            byKey.subMap(range.getKey(), true, range.getValue(), false).values().forEach(found::addAll);
        }
        return found;
    }

    /** Removes and returns every watch (at close). */
    synchronized List<Watch> drain() {
        List<Watch> all = new ArrayList<>(count);
        byKey.values().forEach(all::addAll);
        byKey.clear();
        count = 0;
        return all;
    }

    synchronized int size() {
        return count;
    }
}
