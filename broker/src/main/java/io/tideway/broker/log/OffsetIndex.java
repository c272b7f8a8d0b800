package io.tideway.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The sparse offset index of one segment: entries of (relative offset int32, file position int32)
 * that map the base offset of some batches to where they start in the segment's log file. An
 * entry is added every {@code index.interval.bytes} of appended batches.
 *
 * <p>Storing the batch's base offset (not its last offset, as Kafka does) means a lookup lands on
 * the batch that contains the target, or on an earlier one, whenever an entry exists for it.
 *
 * <p>Thread contract: owner thread only, except {@link #sync} (flusher thread). Invariants:
 * relative offsets and positions are strictly increasing; offsets are relative to
 * {@link #baseOffset()} and fit an int32.
 */
final class OffsetIndex extends SegmentIndex {

  static final int ENTRY_SIZE = 8;

  /** A position in the log where the batch starting at {@code offset} begins. */
  record OffsetPosition(long offset, int position) {
  }

  private OffsetIndex(long baseOffset, MappedIndexFile file) {
    super(baseOffset, file);
  }

  /** Opens or creates the index file; see {@link MappedIndexFile#open}. */
  static OffsetIndex open(Path path, long baseOffset, int maxBytes, boolean writable,
      FileWrites writes) throws IOException {
    return new OffsetIndex(baseOffset,
        MappedIndexFile.open(path, ENTRY_SIZE, maxBytes, writable, writes));
  }

  /** True when no further entry fits; the segment must roll before the next indexed append. */
  boolean isFull() {
    return file.entries() >= file.maxEntries();
  }

  /**
   * Adds an entry for the batch starting at {@code offset} and file {@code position}.
   *
   * @throws IOException if the entry's page cannot be backed by the disk; nothing is added
   */
  void append(long offset, int position) throws IOException {
    if (isFull()) {
      throw new IllegalStateException("Offset index " + file + " is full");
    }
    int relative = relative(offset);
    int n = file.entries();
    file.reserve(n + 1);
    if (n > 0) {
      ByteBuffer buffer = file.buffer();
      int last = (n - 1) * ENTRY_SIZE;
      if (relative <= buffer.getInt(last) || position <= buffer.getInt(last + 4)) {
        throw new IllegalStateException("Offset index entry (" + offset + ", " + position
            + ") does not follow the last entry in " + file);
      }
    }
    ByteBuffer buffer = file.buffer();
    buffer.putInt(n * ENTRY_SIZE, relative);
    buffer.putInt(n * ENTRY_SIZE + 4, position);
    file.setEntries(n + 1);
  }

  /**
   * The last entry whose offset is at most {@code targetOffset}, or (base offset, 0) if none: the
   * batch containing the target starts at or after the returned position.
   */
  OffsetPosition lookup(long targetOffset) {
    int slot = lastSlotAtMost(targetOffset);
    return slot < 0 ? new OffsetPosition(baseOffset, 0) : entry(slot);
  }

  /** The last entry, or (base offset, 0) when the index is empty. */
  OffsetPosition lastEntry() {
    int n = file.entries();
    return n == 0 ? new OffsetPosition(baseOffset, 0) : entry(n - 1);
  }

  /** Removes the entries for offsets at or above {@code offset}. */
  void truncateTo(long offset) {
    file.setEntries(lastSlotAtMost(offset - 1) + 1);
  }

  /** Removes every entry (before a rebuild). */
  void reset() {
    file.setEntries(0);
  }

  /**
   * Checks the entries against the segment: ordered, non-negative, inside the log file and below
   * {@code nextOffset} (pass {@code Long.MAX_VALUE} when the segment's end is not known yet).
   *
   * @throws CorruptIndexException describing the first violation
   */
  void sanityCheck(long logSizeBytes, long nextOffset) {
    ByteBuffer buffer = file.buffer();
    long previousRelative = -1;
    long previousPosition = -1;
    for (int i = 0; i < file.entries(); i++) {
      int relative = buffer.getInt(i * ENTRY_SIZE);
      int position = buffer.getInt(i * ENTRY_SIZE + 4);
      if (relative <= previousRelative || position <= previousPosition) {
        throw new CorruptIndexException(file.path(), "entry " + i + " (" + relative + ", "
            + position + ") is not greater than the previous entry");
      }
      if (position >= logSizeBytes || baseOffset + relative >= nextOffset) {
        throw new CorruptIndexException(file.path(), "entry " + i + " (" + relative + ", "
            + position + ") points beyond the segment (size " + logSizeBytes + ")");
      }
      previousRelative = relative;
      previousPosition = position;
    }
  }

  private OffsetPosition entry(int slot) {
    ByteBuffer buffer = file.buffer();
    return new OffsetPosition(baseOffset + buffer.getInt(slot * ENTRY_SIZE),
        buffer.getInt(slot * ENTRY_SIZE + 4));
  }

  /** Binary search: the last slot whose offset is at most {@code offset}, or -1. */
  private int lastSlotAtMost(long offset) {
    long relative = offset - baseOffset;
    if (relative < 0) {
      return -1;
    }
    ByteBuffer buffer = file.buffer();
    int low = 0;
    int high = file.entries() - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (buffer.getInt(mid * ENTRY_SIZE) <= relative) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  private int relative(long offset) {
    long relative = offset - baseOffset;
    if (relative < 0 || relative > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Offset " + offset + " does not fit a relative offset "
          + "of segment " + baseOffset);
    }
    return (int) relative;
  }
}
