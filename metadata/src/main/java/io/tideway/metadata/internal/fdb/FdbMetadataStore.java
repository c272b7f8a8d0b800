package io.tideway.metadata.internal.fdb;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDB;
import com.apple.foundationdb.FDBException;
import io.tideway.metadata.MetadataConfig;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.MetadataUnavailableException;
import io.tideway.metadata.ReadTransaction;
import io.tideway.metadata.Transaction;
import io.tideway.metadata.internal.RetryPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FoundationDB metadata backend ({@code metadata.store=fdb}), API version
 * {@value FdbLibrary#API_VERSION}, through fdb-java and the native {@code libfdb_c}, which is
 * loaded only when this backend is opened.
 *
 * <p><b>Threads</b>: thread-safe. Bodies run and futures complete on FoundationDB's network and
 * executor threads. FoundationDB's network thread is process-wide and cannot be restarted, so
 * {@link #close()} closes this database handle but leaves the network running for later opens.
 * Transaction timeout, maximum retry delay and the watch limit are set as database options; the
 * retry limit is counted by {@link FdbOperation}.
 */
public final class FdbMetadataStore implements MetadataStore {

    private static final Logger log = LoggerFactory.getLogger(FdbMetadataStore.class);

    private final Database db;
    private final RetryPolicy policy;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FdbMetadataStore(Database db, RetryPolicy policy, String description) {
        this.db = db;
        this.policy = policy;
        this.description = description;
    }

    /**
     * Loads {@code libfdb_c} and opens the configured cluster. Blocking.
     *
     * @param config the configuration
     * @return the open store
     * @throws MetadataUnavailableException when the client library is missing or the cluster file
     *         is unusable
     */
    public static FdbMetadataStore open(MetadataConfig config) {
        FDB fdb = FdbLibrary.load();
        Path clusterFile = config.clusterFile().orElse(null);
        if (clusterFile != null && !Files.isReadable(clusterFile)) {
            throw new MetadataUnavailableException("FoundationDB cluster file " + clusterFile
                    + " does not exist or is not readable (" + MetadataConfig.FDB_CLUSTER_FILE + ")");
        }
        String description = clusterFile == null ? "default cluster file" : clusterFile.toString();
        try {
            Database db = fdb.open(clusterFile == null ? null : clusterFile.toString());
            db.options().setTransactionTimeout(config.timeout().toMillis());
            db.options().setTransactionMaxRetryDelay(config.retryBackoffMax().toMillis());
            db.options().setMaxWatches(config.maxWatches());
            log.atInfo().setMessage("FoundationDB metadata store opened").addKeyValue("clusterFile", description)
                    .addKeyValue("apiVersion", FdbLibrary.API_VERSION).log();
            return new FdbMetadataStore(db, RetryPolicy.from(config), description);
        } catch (FDBException e) {
            throw new MetadataUnavailableException("Cannot open FoundationDB cluster (" + description + "): "
                    + e.getMessage() + " (error " + e.getCode() + ")", e);
        }
    }

    @Override
    public <T> CompletableFuture<T> run(Function<? super Transaction, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedError());
        }
        return FdbOperation.run(db, tr -> body.apply(new FdbTransactionAdapter(tr)), true, policy);
    }

    @Override
    public <T> CompletableFuture<T> read(Function<? super ReadTransaction, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedError());
        }
        return FdbOperation.run(db, tr -> body.apply(new FdbReadTransactionAdapter(tr)), false, policy);
    }

    @Override
    public String backend() {
        return MetadataConfig.Backend.FDB.configName();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            db.close();
            log.atInfo().setMessage("FoundationDB metadata store closed").addKeyValue("clusterFile", description).log();
        }
    }

    @Override
    public String toString() {
        return "FdbMetadataStore[" + description + "]";
    }

    private MetadataUnavailableException closedError() {
        return new MetadataUnavailableException("FoundationDB metadata store (" + description + ") is closed");
    }
}
