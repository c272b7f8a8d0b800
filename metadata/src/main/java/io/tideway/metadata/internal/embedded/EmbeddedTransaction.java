package io.tideway.metadata.internal.embedded;

import io.tideway.metadata.KeyValue;
import io.tideway.metadata.MetadataException;
import io.tideway.metadata.Transaction;
import io.tideway.metadata.internal.KeyLimits;
import io.tideway.metadata.internal.LittleEndianAdd;
import io.tideway.metadata.internal.VersionstampTemplate;
import io.tideway.metadata.internal.embedded.WriteBuffer.Overlay;
import io.tideway.metadata.internal.embedded.WriteBuffer.PendingWrite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One attempt of an embedded transaction: a RocksDB snapshot taken at its start, a write buffer
 * giving read-your-writes, and the read conflict set checked at commit.
 *
 * <p>Thread-safe: bookkeeping is guarded by this object's monitor; blocking reads go through its
 * {@link SnapshotView} on store workers. Once committing or finished it refuses use with
 * {@link IllegalStateException}.
 */
final class EmbeddedTransaction implements Transaction {

    private enum State { OPEN, COMMITTING, FINISHED }

    /** A watch requested in this transaction, registered only if the transaction commits. */
    record RequestedWatch(byte[] key, PendingWrite pendingAtRequest, CompletableFuture<Void> future) {
    }

    private final SnapshotView snapshot;
    private final boolean readOnly;
    private final WriteBuffer writes = new WriteBuffer();
    private final KeyRangeSet readConflicts = new KeyRangeSet();
    private final List<RequestedWatch> watches = new ArrayList<>();
    private final CompletableFuture<byte[]> versionstamp = new CompletableFuture<>();
    private State state = State.OPEN;
    private int readsInFlight;

    EmbeddedTransaction(StoreExecutor executor, RocksStorage storage, boolean readOnly) {
        this.readOnly = readOnly;
        this.snapshot = new SnapshotView(executor, storage);
    }

    @Override
    public CompletableFuture<byte[]> get(byte[] key) {
        KeyLimits.checkKey(key);
        byte[] ownKey = key.clone();
        PendingWrite pending;
        synchronized (this) {
            checkOpen();
            pending = writes.lookup(ownKey);
            if (!readOnly) {
                readConflicts.addKey(ownKey);
            }
            if (!WriteBuffer.needsBase(pending)) {
                return resolvedNow(pending);
            }
            readsInFlight++;
        }
        return readAsync(() -> WriteBuffer.resolve(pending, snapshot.get(ownKey)), null);
    }

    @Override
    public CompletableFuture<List<KeyValue>> getRange(byte[] begin, byte[] end, int limit, boolean reverse) {
        Objects.requireNonNull(begin, "begin");
        Objects.requireNonNull(end, "end");
        if (limit < 0) {
            throw new IllegalArgumentException("Range read limit must be 0 (unlimited) or positive, got " + limit);
        }
        byte[] from = begin.clone();
        byte[] to = end.clone();
        Overlay overlay;
        synchronized (this) {
            checkOpen();
            if (Arrays.compareUnsigned(from, to) >= 0) {
                return CompletableFuture.completedFuture(List.of());
            }
            overlay = writes.overlay(from, to);
            readsInFlight++;
        }
        return readAsync(() -> snapshot.range(from, to, limit, reverse, overlay),
                result -> recordRangeRead(from, to, limit, reverse, result));
    }

    @Override
    public void set(byte[] key, byte[] value) {
        KeyLimits.checkWritableKey(key);
        KeyLimits.checkValue(value);
        synchronized (this) {
            checkWritable();
            writes.set(key.clone(), value.clone());
        }
    }

    @Override
    public void clear(byte[] key) {
        KeyLimits.checkWritableKey(key);
        synchronized (this) {
            checkWritable();
            writes.clear(key.clone());
        }
    }

    @Override
    public void clearRange(byte[] begin, byte[] end) {
        KeyLimits.checkClearRange(begin, end);
        synchronized (this) {
            checkWritable();
            writes.clearRange(begin.clone(), end.clone());
        }
    }

    @Override
    public void atomicAdd(byte[] key, long delta) {
        KeyLimits.checkWritableKey(key);
        synchronized (this) {
            checkWritable();
            writes.atomicAdd(key.clone(), LittleEndianAdd.encode(delta));
        }
    }

    @Override
    public void setVersionstampedKey(byte[] keyTemplate, byte[] value) {
        VersionstampTemplate.check(keyTemplate, "key");
        KeyLimits.checkWritableKey(Arrays.copyOf(keyTemplate, keyTemplate.length - Integer.BYTES));
        KeyLimits.checkValue(value);
        synchronized (this) {
            checkWritable();
            writes.setVersionstampedKey(keyTemplate.clone(), value.clone());
        }
    }

    @Override
    public void setVersionstampedValue(byte[] key, byte[] valueTemplate) {
        KeyLimits.checkWritableKey(key);
        VersionstampTemplate.check(valueTemplate, "value");
        KeyLimits.checkValue(Arrays.copyOf(valueTemplate, valueTemplate.length - Integer.BYTES));
        synchronized (this) {
            checkWritable();
            writes.setVersionstampedValue(key.clone(), valueTemplate.clone());
        }
    }

    @Override
    public CompletableFuture<Void> watch(byte[] key) {
        KeyLimits.checkKey(key);
        synchronized (this) {
            checkWritable();
            byte[] ownKey = key.clone();
            PendingWrite pending = writes.lookup(ownKey);
            if (pending instanceof WriteBuffer.StampedValue) {
                throw new IllegalStateException("Cannot watch a key written with setVersionstampedValue in the same transaction");
            }
            RequestedWatch watch = new RequestedWatch(ownKey, pending, new CompletableFuture<>());
            watches.add(watch);
            return watch.future();
        }
    }

    @Override
    public CompletableFuture<byte[]> versionstamp() {
        return versionstamp.copy();
    }

    // ---- lifecycle, used by the operation and the committer ----

    long snapshotSequence() {
        return snapshot.sequence();
    }

    /**
     * Freezes the transaction for commit.
     *
     * @throws IllegalStateException when it was aborted or reads it issued are still running
     */
    synchronized WriteBuffer beginCommit() {
        checkOpen();
        if (readsInFlight > 0) {
            throw new IllegalStateException("Transaction body completed while " + readsInFlight
                    + " of its reads were still running: the body's stage must depend on every read it issues");
        }
        state = State.COMMITTING;
        return writes;
    }

    /** @return the read conflict set; stable once {@link #beginCommit()} returned */
    KeyRangeSet readConflicts() {
        return readConflicts;
    }

    /** @return the watches requested; stable once {@link #beginCommit()} returned */
    List<RequestedWatch> requestedWatches() {
        return watches;
    }

    /** Reads a key through this transaction's snapshot (for watch baselines). Blocking. */
    byte[] snapshotValue(byte[] key) {
        return snapshot.get(key);
    }

    /** Marks the transaction committed; {@code stamp} is null when it wrote nothing. */
    void committed(byte[] stamp) {
        synchronized (this) {
            state = State.FINISHED;
        }
        if (stamp != null) {
            versionstamp.complete(stamp);
        } else {
            versionstamp.completeExceptionally(new MetadataException(
                    "Transaction wrote nothing, so it has no versionstamp"));
        }
        snapshot.release();
    }

    /** Ends the transaction without committing; idempotent, callable from any thread. */
    void abandon(Throwable reason) {
        List<RequestedWatch> orphaned;
        synchronized (this) {
            if (state == State.FINISHED) {
                return;
            }
            state = State.FINISHED;
            orphaned = List.copyOf(watches);
        }
        MetadataException notCommitted = new MetadataException("Transaction attempt did not commit", reason);
        versionstamp.completeExceptionally(notCommitted);
        orphaned.forEach(watch -> watch.future().completeExceptionally(notCommitted));
        snapshot.release();
    }

    private void recordRangeRead(byte[] begin, byte[] end, int limit, boolean reverse, List<KeyValue> result) {
        if (readOnly) {
            return;
        }
        // A read that stopped at its limit depends only on the keys up to the last one returned.
        if (limit > 0 && result.size() >= limit) {
            byte[] last = result.get(result.size() - 1).key();
            if (reverse) {
                readConflicts.add(last, end);
            } else {
                readConflicts.add(begin, KeyRangeSet.keyAfter(last));
            }
        } else {
            readConflicts.add(begin, end);
        }
    }

    /** Runs a blocking read on a worker (inline when already on one); the caller counted it in flight. */
    private <R> CompletableFuture<R> readAsync(Supplier<R> read, Consumer<R> onSuccessLocked) {
        CompletableFuture<R> future = new CompletableFuture<>();
        snapshot.readOnWorker(read, (result, failure) -> {
            synchronized (this) {
                readsInFlight--;
                if (failure == null && onSuccessLocked != null) {
                    onSuccessLocked.accept(result);
                }
            }
            if (failure == null) {
                future.complete(result);
            } else {
                future.completeExceptionally(failure);
            }
        });
        return future;
    }

    private static CompletableFuture<byte[]> resolvedNow(PendingWrite pending) {
        try {
            return CompletableFuture.completedFuture(WriteBuffer.resolve(pending, null));
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException(SnapshotView.NOT_ACTIVE);
        }
    }

    private void checkWritable() {
        checkOpen();
        if (readOnly) {
            throw new IllegalStateException("Read-only transaction (MetadataStore.read) cannot write or watch");
        }
    }
}
