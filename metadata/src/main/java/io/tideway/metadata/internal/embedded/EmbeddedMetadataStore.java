package io.tideway.metadata.internal.embedded;

import io.tideway.metadata.MetadataConfig;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.MetadataUnavailableException;
import io.tideway.metadata.ReadTransaction;
import io.tideway.metadata.Transaction;
import io.tideway.metadata.internal.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded metadata backend: RocksDB in {@code metadata.dir} with FoundationDB's
 * transaction semantics for the transactions of one process.
 *
 * <p><b>How</b>: each attempt reads a RocksDB snapshot plus its own buffered writes; at commit the
 * {@link Committer} checks, under one short lock, whether a transaction that committed after the
 * snapshot wrote any key or range this one read ({@link ConflictResolver}), then writes all its
 * changes and the next commit version in one synced RocksDB batch. A plain RocksDB database is
 * used rather than an {@code OptimisticTransactionDB}: conflict detection, including the range
 * (phantom) conflicts RocksDB's optimistic transactions do not track, lives in the resolver, and
 * range clears need {@code WriteBatch.deleteRange}, which RocksDB transactions do not offer.
 * Commits are serialized with one WAL fsync each (no group commit): metadata changes are
 * lifecycle events, not per-record work.
 *
 * <p><b>Threads</b>: thread-safe. Bodies, blocking RocksDB calls and future completions run on the
 * store's bounded {@code tideway-metadata-N} workers, never on the caller's thread unless the
 * caller is itself a worker. RocksDB's {@code LOCK} file keeps a directory from being opened twice.
 */
public final class EmbeddedMetadataStore implements MetadataStore {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMetadataStore.class);
    private static final int MAX_CONFLICT_HISTORY = 100_000;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final Path dir;
    private final RetryPolicy policy;
    private final StoreExecutor executor;
    private final RocksStorage storage;
    private final Committer committer;
    private final Set<TransactionOperation<?>> operations = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedMetadataStore(MetadataConfig config, Path dir, RocksStorage storage) {
        this.dir = dir;
        this.policy = RetryPolicy.from(config);
        this.storage = storage;
        this.executor = new StoreExecutor(dir.toString(), config.embeddedThreads(), config.embeddedQueueCapacity());
        this.committer = new Committer(storage, new ConflictResolver(MAX_CONFLICT_HISTORY),
                new WatchRegistry(config.maxWatches()));
    }

    /**
     * Opens the store in {@code metadata.dir}. Blocking.
     *
     * @param config the configuration; must name a directory
     * @return the open store
     * @throws MetadataUnavailableException when the directory cannot be opened or is already open
     */
    public static EmbeddedMetadataStore open(MetadataConfig config) {
        Path dir = config.dir().orElseThrow(() -> new IllegalArgumentException(
                "Missing " + MetadataConfig.DIR + " for the embedded metadata store"));
        RocksStorage storage = RocksStorage.open(dir);
        try {
            EmbeddedMetadataStore store = new EmbeddedMetadataStore(config, dir, storage);
            log.atInfo().setMessage("Embedded metadata store opened").addKeyValue("dir", dir)
                    .addKeyValue("commitVersion", store.committer.commitVersion()).log();
            return store;
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    @Override
    public <T> CompletableFuture<T> run(Function<? super Transaction, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        return start(new TransactionOperation<T>(this, body::apply, false, policy));
    }

    @Override
    public <T> CompletableFuture<T> read(Function<? super ReadTransaction, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        return start(new TransactionOperation<T>(this, body::apply, true, policy));
    }

    @Override
    public String backend() {
        return MetadataConfig.Backend.EMBEDDED.configName();
    }

    /** @return the last commit version, persisted across restarts (the first 8 bytes of versionstamps) */
    public long commitVersion() {
        return committer.commitVersion();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        MetadataUnavailableException closedError = closedError();
        List<WatchRegistry.Watch> watches = committer.close();
        watches.forEach(watch -> watch.future.completeExceptionally(closedError));
        List.copyOf(operations).forEach(operation -> operation.abort(closedError));
        if (executor.shutdown(CLOSE_WAIT)) {
            storage.close();
            log.atInfo().setMessage("Embedded metadata store closed").addKeyValue("dir", dir).log();
        } else {
            // Closing RocksDB under a running native call would crash the process; leak instead.
            log.atError().setMessage("Embedded metadata store workers did not stop; RocksDB left open")
                    .addKeyValue("dir", dir).addKeyValue("waitMs", CLOSE_WAIT.toMillis()).log();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedMetadataStore[" + dir + "]";
    }

    // ---- used by operations ----

    StoreExecutor executor() {
        return executor;
    }

    Committer committer() {
        return committer;
    }

    EmbeddedTransaction begin(boolean readOnly) {
        if (closed.get()) {
            throw closedError();
        }
        return new EmbeddedTransaction(executor, storage, readOnly);
    }

    void forget(TransactionOperation<?> operation) {
        operations.remove(operation);
    }

    private <T> CompletableFuture<T> start(TransactionOperation<T> operation) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedError());
        }
        operations.add(operation);
        if (closed.get()) {
            // close() may have copied the set before this operation joined it.
            operation.abort(closedError());
            return operation.result();
        }
        return operation.start();
    }

    private MetadataUnavailableException closedError() {
        return new MetadataUnavailableException("Embedded metadata store " + dir + " is closed");
    }
}
