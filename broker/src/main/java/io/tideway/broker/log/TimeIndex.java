package io.tideway.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The sparse time index of one segment: entries of (timestamp int64, relative offset int32) where
 * the timestamp is the segment's running maximum and the offset is the last offset of the batch
 * that reached it. Hence every batch whose last offset is at most an entry's offset has a max
 * timestamp no larger than the entry's timestamp, which is what {@link #lastEntryBefore} relies on.
 *
 * <p>Entries are added with the offset index entries (every {@code index.interval.bytes}) when the
 * maximum grew, and once more when the segment is sealed, so a sealed segment's last entry holds
 * its max timestamp. One slot is kept free for that final entry.
 *
 * <p>Thread contract: owner thread only, except {@link #sync} (flusher thread). Invariants:
 * timestamps strictly increase, offsets never decrease, offsets are relative to the base offset.
 */
final class TimeIndex extends SegmentIndex {

  static final int ENTRY_SIZE = 12;

  /** The running max {@code timestamp} was first reached by the batch ending at {@code offset}. */
  record TimestampOffset(long timestamp, long offset) {
  }

  private TimeIndex(long baseOffset, MappedIndexFile file) {
    super(baseOffset, file);
  }

  /** Opens or creates the index file; see {@link MappedIndexFile#open}. */
  static TimeIndex open(Path path, long baseOffset, int maxBytes, boolean writable,
      FileWrites writes) throws IOException {
    return new TimeIndex(baseOffset,
        MappedIndexFile.open(path, ENTRY_SIZE, maxBytes, writable, writes));
  }

  /** True when only the slot reserved for the sealing entry is left. */
  boolean isFull() {
    return file.entries() >= file.maxEntries() - 1;
  }

  /**
   * Appends (timestamp, offset) if the timestamp is above the last entry's.
   *
   * @param sealing true for the final entry written when the segment is sealed, which may use the
   *     reserved slot
   * @throws IOException if the entry's page cannot be backed by the disk; nothing is added
   */
  void maybeAppend(long timestamp, long offset, boolean sealing) throws IOException {
    int n = file.entries();
    TimestampOffset last = n == 0 ? null : entry(n - 1);
    if (last != null && timestamp <= last.timestamp()) {
      return;
    }
    if (last != null && offset < last.offset()) {
      throw new IllegalStateException("Time index entry (" + timestamp + ", " + offset
          + ") goes back from offset " + last.offset() + " in " + file);
    }
    if (sealing && n >= file.maxEntries()) {
      file.makeWritable((n + 1) * ENTRY_SIZE); // the sealing entry always gets a slot
    } else if (!sealing && isFull()) {
      throw new IllegalStateException("Time index " + file + " is full");
    }
    long relative = offset - baseOffset;
    if (relative < 0 || relative > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Offset " + offset + " outside segment " + baseOffset);
    }
    file.reserve(n + 1);
    ByteBuffer buffer = file.buffer();
    buffer.putLong(n * ENTRY_SIZE, timestamp);
    buffer.putInt(n * ENTRY_SIZE + 8, (int) relative);
    file.setEntries(n + 1);
  }

  /** The last entry, or ({@link RecordBatch#NO_TIMESTAMP}, base offset) when empty. */
  TimestampOffset lastEntry() {
    int n = file.entries();
    return n == 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset) : entry(n - 1);
  }

  /**
   * The last entry with a timestamp strictly below {@code timestamp}, or {@code null}: every batch
   * up to its offset is older than {@code timestamp}, so a search may start right after it.
   */
  TimestampOffset lastEntryBefore(long timestamp) {
    ByteBuffer buffer = file.buffer();
    int low = 0;
    int high = file.entries() - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (buffer.getLong(mid * ENTRY_SIZE) < timestamp) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found < 0 ? null : entry(found);
  }

  /** Removes the entries whose offset is at or above {@code offset}. */
  void truncateTo(long offset) {
    int n = file.entries();
    while (n > 0 && entry(n - 1).offset() >= offset) {
      n--;
    }
    file.setEntries(n);
  }

  void reset() {
    file.setEntries(0);
  }

  /**
   * Checks ordering and that offsets lie in [base offset, {@code nextOffset}).
   *
   * @throws CorruptIndexException describing the first violation
   */
  void sanityCheck(long nextOffset) {
    long previousTimestamp = Long.MIN_VALUE;
    long previousOffset = baseOffset;
    for (int i = 0; i < file.entries(); i++) {
      TimestampOffset entry = entry(i);
      if (i > 0 && entry.timestamp() <= previousTimestamp) {
        throw new CorruptIndexException(file.path(), "entry " + i + " timestamp "
            + entry.timestamp() + " is not above the previous " + previousTimestamp);
      }
      if (entry.offset() < previousOffset || entry.offset() >= nextOffset) {
        throw new CorruptIndexException(file.path(), "entry " + i + " offset " + entry.offset()
            + " is out of order or beyond the segment end " + nextOffset);
      }
      previousTimestamp = entry.timestamp();
      previousOffset = entry.offset();
    }
  }

  private TimestampOffset entry(int slot) {
    ByteBuffer buffer = file.buffer();
    return new TimestampOffset(buffer.getLong(slot * ENTRY_SIZE),
        baseOffset + buffer.getInt(slot * ENTRY_SIZE + 8));
  }
}
