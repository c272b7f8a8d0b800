package io.tideway.metadata.internal.embedded;

import io.tideway.metadata.MetadataException;
import io.tideway.metadata.MetadataUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB database behind the embedded store: user keys in the default column family, the
 * persisted commit version in a separate {@value #SYSTEM_FAMILY} column family (so it can never
 * collide with a user key and is written in the same atomic batch as the data), durable writes
 * ({@code sync=true}), and tracked snapshots.
 *
 * <p>Damaged files are refused rather than read around, since every record in the write-ahead log
 * was acknowledged by a synced commit: recovery tolerates only an incomplete record at the very
 * end of the log (a write cut short by a crash, never acknowledged) and fails on any other
 * corruption, where RocksDB's default would silently drop every commit after it. A directory with
 * data files but no {@code CURRENT} is refused instead of being re-created empty. A clean close
 * flushes the memtables, so that afterwards everything lives in checksummed SST files.
 *
 * <p>All methods are blocking native calls: run them on the store's worker threads. Thread-safe
 * (RocksDB is); snapshot bookkeeping is guarded by this object's tracker lock. {@link #close()}
 * must run only once no other thread uses the database.
 */
final class RocksStorage implements AutoCloseable {

    static final String SYSTEM_FAMILY = "tideway.system";
    private static final byte[] COMMIT_VERSION_KEY = "commit_version".getBytes(StandardCharsets.US_ASCII);
    private static final Logger log = LoggerFactory.getLogger(RocksStorage.class);

    /** A snapshot and the read options that read through it; released at most once. */
    static final class ReadView {
        private final Snapshot snapshot;
        private final ReadOptions options;
        private boolean released;

        private ReadView(Snapshot snapshot) {
            this.snapshot = snapshot;
            this.options = new ReadOptions().setSnapshot(snapshot);
        }

        long sequence() {
            return snapshot.getSequenceNumber();
        }

        ReadOptions options() {
            return options;
        }
    }

    private final Path dir;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions familyOptions;
    private final WriteOptions syncWrites;
    private final RocksDB db;
    private final ColumnFamilyHandle data;
    private final ColumnFamilyHandle system;
    private final Object trackerLock = new Object();
    private final TreeMap<Long, List<ReadView>> openViews = new TreeMap<>();
    private boolean healthy = true; // false: close without recording a clean close

    private RocksStorage(Path dir, DBOptions dbOptions, ColumnFamilyOptions familyOptions, RocksDB db,
            List<ColumnFamilyHandle> handles) {
        this.dir = dir;
        this.dbOptions = dbOptions;
        this.familyOptions = familyOptions;
        this.db = db;
        this.data = handles.get(0);
        this.system = handles.get(1);
        this.syncWrites = new WriteOptions().setSync(true);
    }

    /**
     * Opens (creating if needed) the database in {@code dir}. Blocking.
     *
     * @throws MetadataUnavailableException when the directory cannot be used or is already open
     */
    static RocksStorage open(Path dir) {
        try {
            RocksDB.loadLibrary();
        } catch (RuntimeException | LinkageError e) {
            throw new MetadataUnavailableException("Cannot load the RocksDB native library for the embedded metadata store: " + e, e);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MetadataUnavailableException("Cannot create the embedded metadata store directory " + dir + ": " + e, e);
        }
        refuseWithoutCurrent(dir);
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setKeepLogFileNum(5).setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords);
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions().optimizeForSmallDb();
        List<ColumnFamilyDescriptor> families = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions),
                new ColumnFamilyDescriptor(SYSTEM_FAMILY.getBytes(StandardCharsets.US_ASCII), familyOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), families, handles);
            RocksStorage storage = new RocksStorage(dir, dbOptions, familyOptions, db, handles);
            storage.checkAgainstWitness();
            return storage;
        } catch (RocksDBException e) {
            familyOptions.close();
            dbOptions.close();
            String message = String.valueOf(e.getMessage());
            if (message.toLowerCase(Locale.ROOT).contains("lock")) {
                throw new MetadataUnavailableException("Embedded metadata store " + dir
                        + " is already open (its RocksDB LOCK is held by this or another process); "
                        + "a store directory can be opened only once at a time: " + message, e);
            }
            throw new MetadataUnavailableException("Cannot open the embedded metadata store " + dir + ": " + message, e);
        }
    }

    /** Refuses a database that holds fewer commits than its last clean close (see {@link CommitWitness}). */
    private void checkAgainstWitness() {
        long witnessed = CommitWitness.read(dir);
        long stored;
        try {
            stored = readCommitVersion();
        } catch (MetadataException e) {
            healthy = false;
            close();
            throw new MetadataUnavailableException("Embedded metadata store " + dir + " is damaged: " + e.getMessage(), e);
        }
        if (witnessed > stored) {
            healthy = false; // keep the evidence: no witness is written when this closes
            close();
            throw new MetadataUnavailableException("Embedded metadata store " + dir + " lost commits: its last clean close recorded "
                    + "commit version " + witnessed + " but it holds " + stored + " (damaged MANIFEST or SST files); restore the "
                    + "directory, or remove " + CommitWitness.FILE_NAME + " to accept the loss");
        }
    }

    /**
     * Refuses a directory that holds RocksDB data files but no {@code CURRENT} (lost or deleted):
     * opening it with {@code create_if_missing} would start an empty database over the data.
     */
    private static void refuseWithoutCurrent(Path dir) {
        if (Files.exists(dir.resolve("CURRENT"))) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            Optional<Path> data = files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith("MANIFEST-") || name.endsWith(".sst") || name.endsWith(".log") && !name.startsWith("LOG");
            }).findFirst();
            if (data.isPresent()) {
                throw new MetadataUnavailableException("Embedded metadata store " + dir + " has data files (" + data.get().getFileName()
                        + ") but no CURRENT file; it is damaged: restore the directory instead of starting an empty store over it");
            }
        } catch (IOException e) {
            throw new MetadataUnavailableException("Cannot list the embedded metadata store directory " + dir + ": " + e, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** @return the last persisted commit version, 0 for a new store */
    long readCommitVersion() {
        try {
            byte[] value = db.get(system, COMMIT_VERSION_KEY);
            return value == null ? 0 : ByteBuffer.wrap(value).getLong();
        } catch (RocksDBException e) {
            throw failure("read the commit version", e);
        }
    }

    /** Takes a snapshot and registers it atomically with respect to {@link #oldestViewSequence()}. */
    ReadView openView() {
        synchronized (trackerLock) {
            ReadView view = new ReadView(db.getSnapshot());
            openViews.computeIfAbsent(view.sequence(), s -> new ArrayList<>(1)).add(view);
            return view;
        }
    }

    /** Releases a view; later calls for the same view do nothing. */
    void release(ReadView view) {
        synchronized (trackerLock) {
            if (view.released) {
                return;
            }
            view.released = true;
            List<ReadView> same = openViews.get(view.sequence());
            if (same != null) {
                same.remove(view);
                if (same.isEmpty()) {
                    openViews.remove(view.sequence());
                }
            }
            view.options.close();
            db.releaseSnapshot(view.snapshot);
        }
    }

    /** @return the sequence of the oldest open view, or {@code Long.MAX_VALUE} when none is open */
    long oldestViewSequence() {
        synchronized (trackerLock) {
            return openViews.isEmpty() ? Long.MAX_VALUE : openViews.firstKey();
        }
    }

    /** Reads a key through a view, or the latest committed value when {@code view} is null. */
    byte[] get(ReadView view, byte[] key) {
        try {
            return view == null ? db.get(data, key) : db.get(data, view.options, key);
        } catch (RocksDBException e) {
            throw failure("read a key", e);
        }
    }

    /** @return an iterator over the data through {@code view}; the caller closes it */
    RocksIterator iterator(ReadView view) {
        return db.newIterator(data, view.options);
    }

    void put(WriteBatch batch, byte[] key, byte[] value) throws RocksDBException {
        batch.put(data, key, value);
    }

    void delete(WriteBatch batch, byte[] key) throws RocksDBException {
        batch.delete(data, key);
    }

    void deleteRange(WriteBatch batch, byte[] begin, byte[] end) throws RocksDBException {
        batch.deleteRange(data, begin, end);
    }

    void putCommitVersion(WriteBatch batch, long version) throws RocksDBException {
        batch.put(system, COMMIT_VERSION_KEY, ByteBuffer.allocate(Long.BYTES).putLong(version).array());
    }

    /**
     * Writes a batch atomically and durably (WAL synced).
     *
     * @return the sequence number of the batch's last write; callers hold the commit lock, so no
     *         other write interleaves
     */
    long write(WriteBatch batch) {
        try {
            db.write(syncWrites, batch);
            return db.getLatestSequenceNumber();
        } catch (RocksDBException e) {
            throw failure("write a commit", e);
        }
    }

    MetadataException failure(String action, RocksDBException e) {
        return new MetadataException("Embedded metadata store " + dir + " failed to " + action + ": " + e.getMessage(), e);
    }

    /** Releases views still open, then closes the database. Blocking; call once, when idle. */
    @Override
    public void close() {
        synchronized (trackerLock) {
            List<ReadView> leftovers = new ArrayList<>();
            openViews.values().forEach(leftovers::addAll);
            leftovers.forEach(this::release);
        }
        syncWrites.close();
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, List.of(data, system));
            if (healthy) {
                CommitWitness.write(dir, readCommitVersion());
            }
        } catch (RocksDBException | IOException | MetadataException e) {
            // The write-ahead log still holds everything; the next open replays it.
            log.atWarn().setMessage("Embedded metadata store could not flush before closing")
                    .addKeyValue("dir", dir).addKeyValue("error", e.getMessage()).log();
        }
        data.close();
        system.close();
        try {
            db.closeE();
        } catch (RocksDBException e) {
            log.atWarn().setMessage("Embedded metadata store did not close cleanly")
                    .addKeyValue("dir", dir).addKeyValue("error", e.getMessage()).log();
        } finally {
            familyOptions.close();
            dbOptions.close();
        }
    }
}
