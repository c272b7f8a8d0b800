package io.tideway.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the two sparse indexes of a segment ({@link OffsetIndex}, {@link TimeIndex}) have in common:
 * the segment's base offset, their {@link MappedIndexFile}, and its lifecycle (trim when sealed,
 * remap writable after truncation, fsync, rename for deletion, close). Subclasses define the
 * entry layout, appends and lookups.
 *
 * <p>Thread contract: owner thread only, except {@link #sync} (flusher thread), as for
 * {@link MappedIndexFile}.
 */
abstract class SegmentIndex implements Closeable {

  protected final long baseOffset;
  protected final MappedIndexFile file;

  SegmentIndex(long baseOffset, MappedIndexFile file) {
    this.baseOffset = baseOffset;
    this.file = file;
  }

  long baseOffset() {
    return baseOffset;
  }

  int entries() {
    return file.entries();
  }

  /**
   * Backs the next {@code more} entries with disk blocks (see {@link MappedIndexFile#reserve}), so
   * that appending them cannot fault on a full disk.
   */
  void reserve(int more) throws IOException {
    file.reserve(file.entries() + more);
  }

  void trim() throws IOException {
    file.trim();
  }

  void makeWritable(int maxBytes) throws IOException {
    file.makeWritable(maxBytes);
  }

  void sync(Fsync fsync) throws IOException {
    file.sync(fsync);
  }

  void renameTo(Path target) throws IOException {
    file.renameTo(target);
  }

  Path path() {
    return file.path();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
