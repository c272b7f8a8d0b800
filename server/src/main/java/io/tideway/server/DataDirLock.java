package io.tideway.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive lock on a data directory, held for the broker's lifetime so two brokers never
 * share one: a {@code .lock} file locked with {@link FileChannel#tryLock()} (an OS advisory lock
 * that disappears with the process, so a crash leaves nothing stale) and holding the owner's pid
 * and start time for the error message of the next one to try.
 *
 * <p>Thread-safe: acquire once, close once (idempotent).
 */
public final class DataDirLock implements AutoCloseable {

    /** The lock file's name inside the data directory, as Apache Kafka's. */
    public static final String LOCK_FILE = ".lock";

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code directory} if needed and locks it.
     *
     * @throws StartupException when another process (or this one) holds the lock, naming the
     *     directory and the holder when known, or when the directory cannot be created or locked
     */
    public static DataDirLock acquire(Path directory) {
        Path lockFile = directory.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process
            }
            if (lock == null) {
                String holder = readHolder(lockFile);
                channel.close();
                throw new StartupException("Data directory " + directory + " is in use by another"
                        + " Tideway broker (" + holder + "). Stop it, or give this broker other"
                        + " log.dirs.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid=" + ProcessHandle.current().pid() + " since="
                    + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DataDirLock(directory, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupException("Cannot lock data directory " + directory + ": " + e);
        }
    }

    private static String readHolder(Path lockFile) {
        try {
            String content = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
            return content.isEmpty() ? "holder unknown" : content;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing to release: the lock was not taken.
            }
        }
    }

    /** The locked directory. */
    public Path directory() {
        return directory;
    }

    /** Releases the lock; the file stays (as Kafka's does) and is rewritten by the next owner. */
    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
