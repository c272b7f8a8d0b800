package io.tideway.broker.log;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The aborted-transaction index of one segment, {@code <baseOffset>.txnindex}, in Kafka's format:
 * a sequence of 34-byte {@link AbortedTransaction} entries, one per ABORT marker in the segment
 * (for a transaction that wrote data here), in marker-offset order. Like Kafka, the file is created
 * on the first entry, so segments without aborts have none.
 *
 * <p>The entries are also held in memory, since every {@code read_committed} fetch consults them.
 * Memory holds a suffix of the file: entries whose marker lies below the log start offset are
 * forgotten ({@link #forgetBefore}) but stay in the file until the segment goes, as in Kafka.
 *
 * <p>A file that cannot be trusted (length not a multiple of 34, an unknown entry version,
 * entries out of order or outside the segment, a negative producer id, a last stable offset past
 * the marker) is not used: {@link #sanityCheck} reports it with
 * its path and the offending byte or offset, and the loader rebuilds it from the log.
 *
 * <p>An entry whose write fails (a full disk) stays in memory, so fetches still see it, and is
 * <em>pending</em>: {@link #writePending} retries it with the next append, before the segment is
 * sealed, and when the log closes. Until it succeeds the file misses the newest entries, which is
 * safe only for the active segment: an unclean open recovers that segment and rebuilds its index
 * from the log, and the log writes no clean-shutdown marker while entries are pending.
 *
 * <p>Thread contract: owned by the partition's owner thread. Only {@link #sync} runs on the
 * flusher thread; it fsyncs through the channel (thread-safe) and only when entries were written
 * since the last sync. Invariants: the file holds {@code fileEntries * 34} bytes, the in-memory
 * entries before the last {@code pending} ones; every entry's marker offset is at or above the
 * base offset and strictly increasing.
 */
final class TransactionIndex implements Closeable {

  private final long baseOffset;
  private final FileWrites writes;
  private final List<AbortedTransaction> entries = new ArrayList<>();
  private volatile Path path;
  private volatile FileChannel channel; // null while the file does not exist
  private volatile boolean dirty;
  private int fileEntries;
  private int pending; // the newest entries, in memory but not yet in the file
  private long lastMarkerOffset = -1;
  private long checksum = -1; // CRC32C of the file's entries, -1 until computed again
  private String problem; // why the file loaded at open cannot be trusted, or null

  private TransactionIndex(Path path, long baseOffset, FileWrites writes) {
    this.path = path;
    this.baseOffset = baseOffset;
    this.writes = writes;
  }

  /**
   * Opens the index of the segment at {@code baseOffset}, loading the file if it exists. A damaged
   * file does not fail the open: it loads empty and {@link #sanityCheck} reports it.
   */
  static TransactionIndex open(Path path, long baseOffset, FileWrites writes) throws IOException {
    TransactionIndex index = new TransactionIndex(path, baseOffset, writes);
    if (Files.exists(path)) {
      index.channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      try {
        index.load();
      } catch (IOException | RuntimeException e) {
        index.close();
        throw e;
      }
    }
    return index;
  }

  private void load() throws IOException {
    long length = channel.size();
    if (length % AbortedTransaction.SIZE != 0 || length > Integer.MAX_VALUE) {
      problem = "length " + length + " is not a multiple of the entry size "
          + AbortedTransaction.SIZE;
      return;
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, buffer.position()) < 0) {
        throw new EOFException("Transaction index " + path + " ended at byte "
            + buffer.position() + " of " + length);
      }
    }
    buffer.flip();
    CRC32C crc = new CRC32C();
    crc.update(buffer.duplicate());
    checksum = crc.getValue();
    while (buffer.hasRemaining()) {
      int position = buffer.position();
      AbortedTransaction entry;
      try {
        entry = AbortedTransaction.readFrom(buffer);
      } catch (IllegalArgumentException e) {
        rejectLoaded("entry at byte " + position + ": " + e.getMessage());
        return;
      }
      if (entry.lastOffset() < baseOffset || entry.lastOffset() <= lastMarkerOffset) {
        rejectLoaded("entry at byte " + position + " has marker offset " + entry.lastOffset()
            + ", below the segment's base offset " + baseOffset + " or the previous entry's "
            + lastMarkerOffset);
        return;
      }
      if (entry.producerId() < 0 || entry.lastStableOffset() < 0
          || entry.lastStableOffset() > entry.lastOffset() + 1) {
        // The last stable offset after an abort is at most the offset after its marker.
        rejectLoaded("entry at byte " + position + " has producer id " + entry.producerId()
            + " and last stable offset " + entry.lastStableOffset() + " for marker offset "
            + entry.lastOffset());
        return;
      }
      entries.add(entry);
      lastMarkerOffset = entry.lastOffset();
    }
    fileEntries = entries.size();
  }

  private void rejectLoaded(String reason) {
    problem = reason;
    entries.clear();
    lastMarkerOffset = -1;
  }

  /**
   * Checks the loaded file against the segment's extent.
   *
   * @param nextOffset the offset after the segment's last batch
   * @throws CorruptIndexException naming the file and the problem if it cannot be trusted
   */
  void sanityCheck(long nextOffset) {
    if (problem != null) {
      throw new CorruptIndexException(path, problem);
    }
    if (lastMarkerOffset >= nextOffset) {
      throw new CorruptIndexException(path, "an entry has marker offset " + lastMarkerOffset
          + ", at or past the segment's end offset " + nextOffset);
    }
  }

  /**
   * Appends an entry (an ABORT marker in this segment) to memory and to the file; the file is
   * created on the first entry. Not fsynced here: see {@link #sync}.
   *
   * @throws IllegalArgumentException if its marker is below the base offset or not after the
   *     last entry's; nothing changes
   * @throws IOException if the file write failed: the entry is kept in memory and pending
   */
  void append(AbortedTransaction entry) throws IOException {
    if (entry.lastOffset() < baseOffset || entry.lastOffset() <= lastMarkerOffset) {
      throw new IllegalArgumentException("Aborted transaction marker at " + entry.lastOffset()
          + " does not follow the last entry (" + lastMarkerOffset + ") of " + path);
    }
    entries.add(entry);
    lastMarkerOffset = entry.lastOffset();
    pending++;
    writePending();
  }

  /** Whether some entries are in memory only (see {@link #writePending}). */
  boolean hasPending() {
    return pending > 0;
  }

  /**
   * Writes the pending entries to the end of the file. On failure the file is cut back to its
   * previous length and the entries stay pending.
   */
  void writePending() throws IOException {
    if (pending == 0) {
      return;
    }
    FileChannel target = channel;
    if (target == null) {
      target = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      channel = target;
    }
    ByteBuffer buffer = ByteBuffer.allocate(pending * AbortedTransaction.SIZE);
    for (AbortedTransaction entry : entries.subList(entries.size() - pending, entries.size())) {
      entry.writeTo(buffer);
    }
    buffer.flip();
    long position = (long) fileEntries * AbortedTransaction.SIZE;
    try {
      writes.writeFully(target, path, buffer, position);
    } catch (IOException e) {
      try {
        target.truncate(position);
      } catch (IOException cut) {
        e.addSuppressed(cut);
      }
      throw e;
    }
    fileEntries += pending;
    pending = 0;
    checksum = -1;
    dirty = true;
  }

  /** Entries in the file (the in-memory ones minus the pending ones, plus forgotten ones). */
  int fileEntries() {
    return fileEntries;
  }

  /**
   * The CRC32C of the file's entries (as {@link IndexSummary} records it), computed when the
   * file is loaded and again after it changes. Owner thread; blocking (reads the small file).
   */
  long fileChecksum() throws IOException {
    if (checksum < 0) {
      CRC32C crc = new CRC32C();
      FileChannel open = channel;
      if (open != null && fileEntries > 0) {
        ByteBuffer bytes = ByteBuffer.allocate(fileEntries * AbortedTransaction.SIZE);
        while (bytes.hasRemaining()) {
          if (open.read(bytes, bytes.position()) < 0) {
            throw new EOFException("Transaction index " + path + " is shorter than its "
                + fileEntries + " entries");
          }
        }
        crc.update(bytes.flip());
      }
      checksum = crc.getValue();
    }
    return checksum;
  }

  /**
   * Adds to {@code out} the entries a fetch of {@code [fetchOffset, upperBoundOffset)} must
   * report: marker at or after the fetch offset, first record before the upper bound (Kafka's
   * {@code collectAbortedTxns}).
   *
   * @return true when the search is complete: an entry's last stable offset reached the upper
   *     bound, so no later abort (here or in a later segment) can start below it
   */
  boolean collect(long fetchOffset, long upperBoundOffset, List<AbortedTransaction> out) {
    for (int i = firstWithMarkerAtOrAfter(fetchOffset); i < entries.size(); i++) {
      AbortedTransaction entry = entries.get(i);
      if (entry.firstOffset() < upperBoundOffset) {
        out.add(entry);
      }
      if (entry.lastStableOffset() >= upperBoundOffset) {
        return true;
      }
    }
    return false;
  }

  private int firstWithMarkerAtOrAfter(long offset) {
    int low = 0;
    int high = entries.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (entries.get(mid).lastOffset() < offset) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** Drops the entries whose marker is at or after {@code offset}, from memory and file. */
  void truncateTo(long offset) throws IOException {
    int removed = 0;
    while (!entries.isEmpty() && entries.get(entries.size() - 1).lastOffset() >= offset) {
      entries.remove(entries.size() - 1);
      removed++;
    }
    if (removed == 0) {
      return;
    }
    int removedPending = Math.min(removed, pending);
    pending -= removedPending;
    lastMarkerOffset = entries.isEmpty() ? -1 : entries.get(entries.size() - 1).lastOffset();
    if (removed > removedPending) {
      fileEntries -= removed - removedPending;
      channel.truncate((long) fileEntries * AbortedTransaction.SIZE);
      checksum = -1;
      dirty = true;
    }
  }

  /** Forgets every entry, in memory and in the file (before a rebuild from the log). */
  void reset() throws IOException {
    entries.clear();
    fileEntries = 0;
    pending = 0;
    lastMarkerOffset = -1;
    checksum = -1;
    problem = null;
    if (channel != null) {
      channel.truncate(0);
      dirty = true;
    }
  }

  /** Forgets, in memory only, the entries whose marker is below {@code logStartOffset}. */
  void forgetBefore(long logStartOffset) {
    entries.subList(0, firstWithMarkerAtOrAfter(logStartOffset)).clear();
    pending = Math.min(pending, entries.size()); // forgotten pending entries no longer matter
  }

  /** The entries in memory, oldest first (a copy). */
  List<AbortedTransaction> entries() {
    return List.copyOf(entries);
  }

  /** Fsyncs the file if entries were written since the last sync; flusher thread. */
  void sync(Fsync fsync) throws IOException {
    FileChannel target = channel;
    if (target != null && dirty) {
      dirty = false;
      fsync.force(target, path);
    }
  }

  Path path() {
    return path;
  }

  /** Renames the file, if it exists; the channel stays valid. */
  void renameTo(Path target) throws IOException {
    if (channel != null) {
      Files.move(path, target);
    }
    path = target;
  }

  /** Closes the file and deletes it. */
  void closeAndDelete() throws IOException {
    close();
    Files.deleteIfExists(path);
  }

  @Override
  public void close() throws IOException {
    FileChannel open = channel;
    if (open != null) {
      open.close();
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
