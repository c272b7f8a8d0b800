package io.tideway.metadata.internal.embedded;

import io.tideway.metadata.KeyValue;
import io.tideway.metadata.internal.embedded.WriteBuffer.Overlay;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.rocksdb.RocksIterator;

/**
 * A transaction attempt's RocksDB snapshot and the blocking reads through it.
 *
 * <p>Thread-safe. Reads run on store workers (inline when the caller already is one) under the
 * read lock; {@link #release()} takes the write lock, so the native snapshot is never released
 * under a running read, and reads after release fail with {@link IllegalStateException}.
 */
final class SnapshotView {

    static final String NOT_ACTIVE =
            "Transaction is no longer active: its body's stage completed (or it was aborted); "
                    + "a body must not use its transaction afterwards";

    private final StoreExecutor executor;
    private final RocksStorage storage;
    private final RocksStorage.ReadView view;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean released;

    SnapshotView(StoreExecutor executor, RocksStorage storage) {
        this.executor = executor;
        this.storage = storage;
        this.view = storage.openView();
    }

    /** @return the RocksDB sequence number the snapshot sees up to */
    long sequence() {
        return view.sequence();
    }

    /** Reads a key through the snapshot. Blocking. */
    byte[] get(byte[] key) {
        return locked(() -> storage.get(view, key));
    }

    /** Reads a range through the snapshot merged with pending writes. Blocking. */
    List<KeyValue> range(byte[] begin, byte[] end, int limit, boolean reverse, Overlay overlay) {
        return locked(() -> {
            try (RocksIterator it = storage.iterator(view)) {
                return RangeReader.read(it, begin, end, limit, reverse, overlay);
            }
        });
    }

    /**
     * Runs a blocking read on a worker and reports its result or failure (including a refusal by
     * a full or closed pool) to {@code done}, on the worker or the refusing thread.
     */
    <R> void readOnWorker(Supplier<R> read, BiConsumer<R, RuntimeException> done) {
        executor.runOnWorker(() -> {
            R result;
            try {
                result = read.get();
            } catch (RuntimeException e) {
                done.accept(null, e);
                return;
            }
            done.accept(result, null);
        }, refused -> done.accept(null, refused));
    }

    /** Releases the snapshot once; later reads fail. Waits for reads in progress. */
    void release() {
        lock.writeLock().lock();
        try {
            if (!released) {
                released = true;
                storage.release(view);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <R> R locked(Supplier<R> read) {
        lock.readLock().lock();
        try {
            if (released) {
                throw new IllegalStateException(NOT_ACTIVE);
            }
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }
}
