package io.tideway.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * The answer to a read: a run of whole record batches inside one segment file, described by file,
 * position and length so that it can be sent with {@code sendfile} (zero copy, e.g. Netty's
 * {@code DefaultFileRegion(channel(), position(), sizeInBytes())} or Vert.x
 * {@code NetSocket.sendFile(file().toString(), position(), sizeInBytes())}), or copied
 * ({@link #read()}, {@link #toMemoryRecords()}) when TLS is on.
 *
 * <p>The first batch is the one containing the requested offset, so it may start below it;
 * consumers skip the earlier records, as with Kafka.
 *
 * <p>Thread contract: immutable and safe to hand to any thread (positional reads on a
 * {@link FileChannel} are thread-safe). The channel belongs to the log: never close it. It stays
 * open until the segment is deleted and {@code file.delete.delay.ms} has passed, which bounds how
 * long a slice may be held. Invariants: an empty slice has no file and a size of 0.
 */
public final class FetchSlice {

  private final long firstOffset;
  private final long lastOffset;
  private final Path file;
  private final FileChannel channel;
  private final long position;
  private final int sizeInBytes;

  FetchSlice(long firstOffset, long lastOffset, Path file, FileChannel channel, long position,
      int sizeInBytes) {
    this.firstOffset = firstOffset;
    this.lastOffset = lastOffset;
    this.file = file;
    this.channel = channel;
    this.position = position;
    this.sizeInBytes = sizeInBytes;
  }

  /** No batches: the read was at the log end, or the first batch exceeded maxBytes. */
  static FetchSlice empty(long offset) {
    return new FetchSlice(offset, offset - 1, null, null, 0, 0);
  }

  public boolean isEmpty() {
    return sizeInBytes == 0;
  }

  /** Base offset of the first batch, or the requested offset when empty. */
  public long firstOffset() {
    return firstOffset;
  }

  /** Last offset of the last batch, or {@code firstOffset() - 1} when empty. */
  public long lastOffset() {
    return lastOffset;
  }

  /** The segment's log file; {@code null} when empty. */
  public Path file() {
    return file;
  }

  /** The log's open channel on {@link #file()}; {@code null} when empty. Do not close it. */
  public FileChannel channel() {
    return channel;
  }

  /** Byte position of the first batch in {@link #file()}. */
  public long position() {
    return position;
  }

  public int sizeInBytes() {
    return sizeInBytes;
  }

  /** Copies the batches into a new heap buffer, ready to read. Blocking (file read). */
  public ByteBuffer read() {
    ByteBuffer buffer = ByteBuffer.allocate(sizeInBytes);
    readInto(buffer);
    return buffer.flip();
  }

  /**
   * Copies the batches into {@code target} from its position on; it must have
   * {@link #sizeInBytes()} bytes remaining. Blocking (file read).
   */
  public void readInto(ByteBuffer target) {
    if (target.remaining() < sizeInBytes) {
      throw new IllegalArgumentException("Target has " + target.remaining() + " bytes left, "
          + sizeInBytes + " needed");
    }
    ByteBuffer view = target.duplicate();
    view.limit(view.position() + sizeInBytes);
    try {
      long at = position;
      while (view.hasRemaining()) {
        int read = channel.read(view, at);
        if (read < 0) {
          throw new KafkaStorageException("Segment " + file + " ended at byte " + at
              + " inside a fetched slice");
        }
        at += read;
      }
    } catch (IOException e) {
      throw new KafkaStorageException("Failed to read " + sizeInBytes + " bytes at " + position
          + " of " + file, e);
    }
    target.position(target.position() + sizeInBytes);
  }

  /** The batches copied into memory, as kafka-clients records. Blocking (file read). */
  public MemoryRecords toMemoryRecords() {
    return isEmpty() ? MemoryRecords.EMPTY : MemoryRecords.readableRecords(read());
  }

  /**
   * Sends the batches to {@code target} with {@link FileChannel#transferTo} (zero copy where the
   * OS supports it). Blocking unless {@code target} is non-blocking, in which case fewer bytes may
   * be sent.
   *
   * @return the number of bytes transferred
   */
  public long transferTo(WritableByteChannel target) {
    long sent = 0;
    try {
      while (sent < sizeInBytes) {
        long n = channel.transferTo(position + sent, sizeInBytes - sent, target);
        if (n <= 0) {
          break;
        }
        sent += n;
      }
    } catch (IOException e) {
      throw new KafkaStorageException("Failed to transfer " + sizeInBytes + " bytes at "
          + position + " of " + file, e);
    }
    return sent;
  }

  @Override
  public String toString() {
    return isEmpty() ? "FetchSlice[empty at " + firstOffset + "]"
        : "FetchSlice[" + file.getFileName() + " @" + position + "+" + sizeInBytes + ", offsets "
            + firstOffset + ".." + lastOffset + "]";
  }
}
