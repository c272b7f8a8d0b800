package io.tideway.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.internals.ByteBufferUnmapper;

/**
 * A memory-mapped file of fixed-size index entries, shared by {@link OffsetIndex} and
 * {@link TimeIndex}. While the segment is active the file is preallocated to
 * {@code segment.index.bytes} (rounded down to whole entries) and mapped read-write; when the
 * segment is sealed it is trimmed to its entries and remapped read-only.
 *
 * <p>The preallocated part of the file is sparse, and a store through the mapping into a page the
 * file system cannot back (a full disk) faults: the JVM turns the SIGBUS into an
 * {@code InternalError} in the middle of an append. So pages are reserved before entries are
 * written to them ({@link #reserve}): zeros are written to each new page through the file channel
 * (via {@link FileWrites}), where a full disk is an ordinary {@code IOException} that the caller
 * can undo. That costs one 4 KiB write per 512 offset-index entries.
 *
 * <p>Thread contract: owned by the partition's owner thread (mapping, reading, writing, resizing,
 * closing). Only {@link #sync} may run on the flusher thread: it fsyncs through the file channel,
 * which is safe even while the owner remaps (Linux writes pages dirtied through the mapping on
 * fsync of the file). Invariants: {@code 0 <= entries <= capacity / entrySize}; the file length is
 * a multiple of {@code entrySize}; every entry lies below {@code allocatedBytes}, the prefix of the
 * file known to be backed by disk blocks.
 */
final class MappedIndexFile implements Closeable {

  private static final int PAGE_BYTES = 4096;
  private static final ByteBuffer ZERO_PAGE = ByteBuffer.allocateDirect(PAGE_BYTES);

  private final int entrySize;
  private Path path;
  private final RandomAccessFile file;
  private final FileChannel channel;
  private final FileWrites writes;
  private MappedByteBuffer buffer;
  private boolean writable;
  private int entries;
  private int allocatedBytes;

  private MappedIndexFile(Path path, int entrySize, RandomAccessFile file, FileWrites writes) {
    this.path = path;
    this.entrySize = entrySize;
    this.file = file;
    this.channel = file.getChannel();
    this.writes = writes;
  }

  /**
   * Opens (creating if absent) an index file. Entries already in the file count as valid
   * ({@code length / entrySize}); a writable file is then extended to {@code maxBytes}.
   *
   * @throws CorruptIndexException if the existing length is not a multiple of the entry size
   */
  static MappedIndexFile open(Path path, int entrySize, int maxBytes, boolean writable,
      FileWrites writes) throws IOException {
    RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw");
    MappedIndexFile index = new MappedIndexFile(path, entrySize, raf, writes);
    try {
      long length = raf.length();
      if (length % entrySize != 0) {
        throw new CorruptIndexException(path,
            "length " + length + " is not a multiple of the entry size " + entrySize);
      }
      if (length > Integer.MAX_VALUE) {
        throw new CorruptIndexException(path, "length " + length + " exceeds 2 GiB");
      }
      index.entries = (int) (length / entrySize);
      index.allocatedBytes = (int) length; // written before: backed, unless a crash left a hole
      index.remap(writable ? Math.max(roundDown(maxBytes, entrySize), (int) length) : (int) length,
          writable);
      return index;
    } catch (IOException | RuntimeException e) {
      index.closeQuietly();
      throw e;
    }
  }

  Path path() {
    return path;
  }

  /** The mapping; entry {@code i} starts at byte {@code i * entrySize}. Owner thread only. */
  MappedByteBuffer buffer() {
    return buffer;
  }

  int entries() {
    return entries;
  }

  void setEntries(int entries) {
    if (entries < 0 || entries > maxEntries()) {
      throw new IllegalArgumentException("entries " + entries + " outside [0, " + maxEntries()
          + "]");
    }
    this.entries = entries;
  }

  int maxEntries() {
    return buffer.capacity() / entrySize;
  }

  boolean isWritable() {
    return writable;
  }

  /**
   * Makes sure the bytes of the first {@code totalEntries} entries (at most the capacity) are
   * backed by disk blocks, writing zeros through the channel to the pages beyond
   * {@code allocatedBytes}. Nothing is written when they already are.
   *
   * @throws IOException if the file system cannot back them (e.g. it is full); the index is
   *     unchanged
   */
  void reserve(int totalEntries) throws IOException {
    long needed = Math.min((long) totalEntries * entrySize, buffer.capacity());
    if (needed <= allocatedBytes) {
      return;
    }
    long target = Math.min((needed + PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES, buffer.capacity());
    // Only bytes beyond every entry are written, so the mapped entries are never overwritten.
    long at = allocatedBytes;
    while (at < target) {
      ByteBuffer zeros = ZERO_PAGE.duplicate();
      zeros.limit((int) Math.min(PAGE_BYTES - at % PAGE_BYTES, target - at));
      writes.writeFully(channel, path, zeros, at);
      at += zeros.limit();
      allocatedBytes = (int) at;
    }
  }

  /** Trims the file to its entries and remaps it read-only (segment sealed, or log closing). */
  void trim() throws IOException {
    remap(entries * entrySize, false);
  }

  /** Extends the file back to {@code maxBytes} and maps it read-write (segment active again). */
  void makeWritable(int maxBytes) throws IOException {
    remap(Math.max(roundDown(maxBytes, entrySize), entries * entrySize), true);
  }

  /** Forces the file's contents to disk; callable from the flusher thread. */
  void sync(Fsync fsync) throws IOException {
    fsync.force(channel, path);
  }

  /** Renames the file; the mapping and channel stay valid. */
  void renameTo(Path target) throws IOException {
    Files.move(path, target);
    path = target;
  }

  @Override
  public void close() throws IOException {
    unmap();
    file.close();
  }

  private void remap(int length, boolean writable) throws IOException {
    unmap();
    file.setLength(length);
    allocatedBytes = Math.min(allocatedBytes, length);
    buffer = channel.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY,
        0, length);
    this.writable = writable;
  }

  private void unmap() throws IOException {
    if (buffer != null) {
      MappedByteBuffer old = buffer;
      buffer = null;
      ByteBufferUnmapper.unmap(path.toString(), old);
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException ignored) {
      // already failing; the original exception is what matters
    }
  }

  private static int roundDown(int value, int multiple) {
    return value / multiple * multiple;
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
