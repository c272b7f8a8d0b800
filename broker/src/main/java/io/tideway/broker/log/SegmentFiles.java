package io.tideway.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.common.errors.KafkaStorageException;

/**
 * The files of one segment: the open channel on its {@code .log}, its two memory-mapped indexes,
 * its aborted-transaction index, and what happens to them as a unit (rename for delayed deletion,
 * delete, close, fsync).
 *
 * <p>Thread contract: owned by the partition's owner thread. The flush targets run on the flusher
 * thread and only fsync through file channels (safe while the owner appends or remaps); once the
 * files are marked deleted they sync nothing. Invariants: the log file is at most 2 GiB.
 */
final class SegmentFiles implements Closeable {

  private final Path dir;
  private volatile Path logPath;
  private final FileChannel channel;
  private final OffsetIndex offsetIndex;
  private final TimeIndex timeIndex;
  private final TransactionIndex txnIndex;
  private final FileWrites writes;
  private final FlushTarget dataTarget = new Target(false);
  private final FlushTarget allTarget = new Target(true);
  private volatile boolean directorySynced;
  private volatile boolean deleted;

  private SegmentFiles(Path dir, long baseOffset, FileChannel channel, OffsetIndex offsetIndex,
      TimeIndex timeIndex, TransactionIndex txnIndex, FileWrites writes) {
    this.dir = dir;
    this.writes = writes;
    this.logPath = LogFileNames.logFile(dir, baseOffset);
    this.channel = channel;
    this.offsetIndex = offsetIndex;
    this.timeIndex = timeIndex;
    this.txnIndex = txnIndex;
  }

  /**
   * Creates the files of a new, empty segment; stale index files of that name are replaced. If
   * that fails (a full disk), whatever was created is removed again.
   */
  static SegmentFiles create(Path dir, long baseOffset, int indexBytes, FileWrites writes)
      throws IOException {
    Path logFile = LogFileNames.logFile(dir, baseOffset);
    if (Files.exists(logFile) && Files.size(logFile) > 0) {
      throw new KafkaStorageException("Cannot create segment " + logFile
          + ": a non-empty file already exists");
    }
    deleteIndexFiles(dir, baseOffset);
    try {
      return open(dir, baseOffset, indexBytes, true, writes);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(logFile);
        deleteIndexFiles(dir, baseOffset);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private static void deleteIndexFiles(Path dir, long baseOffset) throws IOException {
    Files.deleteIfExists(LogFileNames.indexFile(dir, baseOffset));
    Files.deleteIfExists(LogFileNames.timeIndexFile(dir, baseOffset));
    Files.deleteIfExists(LogFileNames.txnIndexFile(dir, baseOffset));
  }

  /**
   * Opens a segment's files, creating missing offset and time index files empty (a transaction
   * index is only created with its first entry).
   *
   * @param writableIndexes map the indexes read-write and preallocated (active or rebuilding)
   * @throws CorruptIndexException if an index file has an impossible length
   */
  static SegmentFiles open(Path dir, long baseOffset, int indexBytes, boolean writableIndexes,
      FileWrites writes) throws IOException {
    FileChannel channel = FileChannel.open(LogFileNames.logFile(dir, baseOffset),
        StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    OffsetIndex offsetIndex = null;
    TimeIndex timeIndex = null;
    try {
      if (channel.size() > Integer.MAX_VALUE) {
        throw new KafkaStorageException("Segment " + LogFileNames.logFile(dir, baseOffset)
            + " is " + channel.size() + " bytes, over 2 GiB");
      }
      offsetIndex = OffsetIndex.open(LogFileNames.indexFile(dir, baseOffset), baseOffset,
          indexBytes, writableIndexes, writes);
      timeIndex = TimeIndex.open(LogFileNames.timeIndexFile(dir, baseOffset),
          baseOffset, indexBytes, writableIndexes, writes);
      TransactionIndex txnIndex =
          TransactionIndex.open(LogFileNames.txnIndexFile(dir, baseOffset), baseOffset, writes);
      return new SegmentFiles(dir, baseOffset, channel, offsetIndex, timeIndex, txnIndex,
          writes);
    } catch (IOException | RuntimeException e) {
      if (timeIndex != null) {
        timeIndex.close();
      }
      if (offsetIndex != null) {
        offsetIndex.close();
      }
      channel.close();
      throw e;
    }
  }

  Path logPath() {
    return logPath;
  }

  FileChannel channel() {
    return channel;
  }

  OffsetIndex offsetIndex() {
    return offsetIndex;
  }

  TimeIndex timeIndex() {
    return timeIndex;
  }

  TransactionIndex txnIndex() {
    return txnIndex;
  }

  /** How this segment writes its files. */
  FileWrites writes() {
    return writes;
  }

  /**
   * Fsyncs the log file, the transaction index if it has new entries (aborts are rare, so this
   * costs nothing otherwise) and, the first time, the directory entry.
   */
  FlushTarget dataTarget() {
    return dataTarget;
  }

  /** Fsyncs the log file, all three indexes and, the first time, the directory entry. */
  FlushTarget allTarget() {
    return allTarget;
  }

  /** Trims both indexes to their entries and maps them read-only. */
  void trimIndexes() throws IOException {
    offsetIndex.trim();
    timeIndex.trim();
  }

  /** Extends both indexes to {@code indexBytes} and maps them read-write. */
  void makeIndexesWritable(int indexBytes) throws IOException {
    offsetIndex.makeWritable(indexBytes);
    timeIndex.makeWritable(indexBytes);
  }

  /** True once the files were renamed for deletion. */
  boolean isDeleted() {
    return deleted;
  }

  /** Renames the files to {@code *.deleted}; reads through the open channel keep working. */
  void markDeleted() throws IOException {
    deleted = true;
    Path target = LogFileNames.deleted(logPath);
    Files.move(logPath, target);
    logPath = target;
    offsetIndex.renameTo(LogFileNames.deleted(offsetIndex.path()));
    timeIndex.renameTo(LogFileNames.deleted(timeIndex.path()));
    txnIndex.renameTo(LogFileNames.deleted(txnIndex.path()));
  }

  /** Closes the files and deletes them from disk. */
  void closeAndDelete() throws IOException {
    close();
    Files.deleteIfExists(logPath);
    Files.deleteIfExists(offsetIndex.path());
    Files.deleteIfExists(timeIndex.path());
    Files.deleteIfExists(txnIndex.path());
  }

  /** Unmaps the indexes and closes the channel; indexes are left as they are. */
  @Override
  public void close() throws IOException {
    try (channel; offsetIndex; timeIndex; txnIndex) {
      // closes all four, in reverse order, even if one fails
    }
  }

  @Override
  public String toString() {
    return logPath.toString();
  }

  /** Fsyncs this segment's files from the flusher thread. */
  private final class Target implements FlushTarget {
    private final boolean includeIndexes;

    Target(boolean includeIndexes) {
      this.includeIndexes = includeIndexes;
    }

    @Override
    public void sync(Fsync fsync) throws IOException {
      if (deleted) {
        return; // removed from the log: nothing left to make durable
      }
      fsync.force(channel, logPath);
      txnIndex.sync(fsync);
      if (includeIndexes) {
        offsetIndex.sync(fsync);
        timeIndex.sync(fsync);
      }
      if (!directorySynced) {
        fsync.forceDirectory(dir);
        directorySynced = true;
      }
    }

    @Override
    public String toString() {
      return (includeIndexes ? "segment " : "log ") + logPath;
    }
  }
}
