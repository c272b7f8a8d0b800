package io.tideway.broker.internal.producer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.zip.CRC32C;
import org.apache.kafka.common.utils.Utils;

/**
 * The producer-state snapshot files of a partition directory: {@code <offset>.snapshot}, named
 * like Kafka's by the 20-digit offset below which the state is complete (the state covers every
 * batch before that offset).
 *
 * <p>Format v2 (written), big-endian: {@code version:int16, crc:uint32} (CRC32C of everything
 * after it), {@code offset:int64, producerCount:int32}, then per producer {@code producerId:int64,
 * epoch:int16, lastTimestamp:int64, coordinatorEpoch:int32, currentTxnFirstOffset:int64 (-1: no
 * ongoing transaction), batchCount:int8} and per batch {@code firstSeq:int32, lastSeq:int32,
 * firstOffset:int64, lastOffset:int64, timestamp:int64}. Format v1 (still read) is the same
 * without {@code coordinatorEpoch} and {@code currentTxnFirstOffset}: it predates transactions,
 * so its producers have none ongoing and no marker seen. Files are written to
 * {@code *.tmp}, fsynced and renamed atomically (the directory is fsynced too), so a reader sees a
 * whole file or none; a leftover {@code *.tmp} is removed when the log opens.
 *
 * <p>Thread contract: stateless, thread-safe. Every method is blocking file I/O: call it on the
 * {@code tideway-log-io} pool.
 */
public final class ProducerSnapshotFile {

  static final String SUFFIX = ".snapshot";
  static final short VERSION_1 = 1;
  static final short VERSION_2 = 2;
  private static final int HEADER_SIZE = 2 + 4 + 8 + 4;
  private static final int PRODUCER_SIZE = 8 + 2 + 8 + 4 + 8 + 1;
  private static final int BATCH_SIZE = 4 + 4 + 8 + 8 + 8;
  private static final int CRC_OFFSET = 2;
  private static final int CRC_COVERS_FROM = 6;

  private ProducerSnapshotFile() {
  }

  /** The snapshot file for {@code offset} in {@code dir}. */
  public static Path path(Path dir, long offset) {
    String digits = Long.toString(offset);
    return dir.resolve("0".repeat(Math.max(0, 20 - digits.length())) + digits + SUFFIX);
  }

  /** Writes the snapshot of {@code entries} at {@code offset} atomically and durably. */
  public static void write(Path dir, long offset, List<ProducerEntry> entries) throws IOException {
    ByteBuffer buffer = encode(offset, entries);
    Path target = path(dir, offset);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Utils.atomicMoveWithFallback(tmp, target);
  }

  /**
   * Reads a snapshot of format v1 or v2.
   *
   * @throws CorruptSnapshotException if the file is damaged or from an unknown version
   */
  public static List<ProducerEntry> read(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
    try {
      short version = buffer.getShort();
      if (version != VERSION_1 && version != VERSION_2) {
        throw new CorruptSnapshotException(file, "unknown version " + version);
      }
      long storedCrc = Integer.toUnsignedLong(buffer.getInt());
      CRC32C crc = new CRC32C();
      crc.update(buffer.duplicate().position(CRC_COVERS_FROM));
      if (crc.getValue() != storedCrc) {
        throw new CorruptSnapshotException(file, "CRC32C mismatch");
      }
      buffer.getLong(); // the offset, also in the file name
      int count = buffer.getInt();
      List<ProducerEntry> entries = new ArrayList<>(Math.min(count, 1 << 16));
      for (int i = 0; i < count; i++) {
        long producerId = buffer.getLong();
        short epoch = buffer.getShort();
        long lastTimestamp = buffer.getLong();
        int coordinatorEpoch = version == VERSION_1
            ? ProducerEntry.NO_COORDINATOR_EPOCH : buffer.getInt();
        long txnFirstOffset = version == VERSION_1 ? ProducerEntry.NO_TXN : buffer.getLong();
        int batchCount = buffer.get();
        List<BatchMetadata> batches = new ArrayList<>(batchCount);
        for (int b = 0; b < batchCount; b++) {
          batches.add(new BatchMetadata(buffer.getInt(), buffer.getInt(), buffer.getLong(),
              buffer.getLong(), buffer.getLong()));
        }
        entries.add(new ProducerEntry(producerId, epoch, batches, lastTimestamp,
            coordinatorEpoch, txnFirstOffset));
      }
      if (buffer.hasRemaining()) {
        throw new CorruptSnapshotException(file, buffer.remaining() + " trailing bytes");
      }
      return entries;
    } catch (RuntimeException e) { // BufferUnderflow, bad counts
      throw new CorruptSnapshotException(file, e.toString());
    }
  }

  /** The offsets of the snapshots in {@code dir}, ascending. */
  public static List<Long> offsets(Path dir) throws IOException {
    List<Long> offsets = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        long offset = parseOffset(file.getFileName().toString());
        if (offset >= 0) {
          offsets.add(offset);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    offsets.sort(null);
    return offsets;
  }

  /** Deletes the snapshots whose offset matches {@code condition}; returns how many. */
  public static int deleteIf(Path dir, LongPredicate condition) throws IOException {
    int deleted = 0;
    for (long offset : offsets(dir)) {
      if (condition.test(offset) && Files.deleteIfExists(path(dir, offset))) {
        deleted++;
      }
    }
    return deleted;
  }

  private static long parseOffset(String name) {
    String digits = name.substring(0, name.length() - SUFFIX.length());
    if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static ByteBuffer encode(long offset, List<ProducerEntry> entries) {
    int size = HEADER_SIZE;
    for (ProducerEntry entry : entries) {
      size += PRODUCER_SIZE + entry.batches().size() * BATCH_SIZE;
    }
    ByteBuffer buffer = ByteBuffer.allocate(size);
    buffer.putShort(VERSION_2).putInt(0).putLong(offset).putInt(entries.size());
    for (ProducerEntry entry : entries) {
      buffer.putLong(entry.producerId()).putShort(entry.epoch()).putLong(entry.lastTimestamp())
          .putInt(entry.coordinatorEpoch()).putLong(entry.currentTxnFirstOffset())
          .put((byte) entry.batches().size());
      for (BatchMetadata batch : entry.batches()) {
        buffer.putInt(batch.firstSeq()).putInt(batch.lastSeq()).putLong(batch.firstOffset())
            .putLong(batch.lastOffset()).putLong(batch.timestamp());
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(buffer.array(), CRC_COVERS_FROM, size - CRC_COVERS_FROM);
    buffer.putInt(CRC_OFFSET, (int) crc.getValue());
    return buffer.flip();
  }

  /** A snapshot file that cannot be read: damaged, truncated, or from an unknown version. */
  public static final class CorruptSnapshotException extends IOException {
    CorruptSnapshotException(Path file, String problem) {
      super("Corrupt producer snapshot " + file + ": " + problem);
    }
  }
}
