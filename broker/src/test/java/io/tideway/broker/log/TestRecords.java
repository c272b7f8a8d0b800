package io.tideway.broker.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/** Builds real Kafka v2 batches with kafka-clients and reads them back, for tests. */
final class TestRecords {

  /** A record as the tests compare it. */
  record Rec(long offset, long timestamp, String key, String value) {
  }

  private TestRecords() {
  }

  /** One batch of {@code count} records with keys k0.. and values of {@code valueSize} bytes. */
  static MemoryRecords batch(Compression compression, long timestamp, int count, int valueSize) {
    return batch(compression, timestamp, count, valueSize, "v");
  }

  static MemoryRecords batch(Compression compression, long timestamp, int count, int valueSize,
      String valuePrefix) {
    ByteBuffer buffer = ByteBuffer.allocate(1024 + count * (valueSize + 64));
    MemoryRecordsBuilder builder =
        MemoryRecords.builder(buffer, compression, TimestampType.CREATE_TIME, 0L);
    for (int i = 0; i < count; i++) {
      String value = pad(valuePrefix + i, valueSize);
      builder.append(timestamp + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
          value.getBytes(StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  /** One uncompressed batch with {@code count} small records, timestamps all {@code timestamp}. */
  static MemoryRecords simple(long timestamp, int count) {
    ByteBuffer buffer = ByteBuffer.allocate(256 + count * 64);
    MemoryRecordsBuilder builder =
        MemoryRecords.builder(buffer, Compression.NONE, TimestampType.CREATE_TIME, 0L);
    for (int i = 0; i < count; i++) {
      builder.append(timestamp, ("k" + i).getBytes(StandardCharsets.UTF_8),
          ("v" + i).getBytes(StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  /** A batch that already carries offsets from {@code baseOffset} (as replicated from a leader). */
  static MemoryRecords withOffsets(long baseOffset, long timestamp, int count) {
    ByteBuffer buffer = ByteBuffer.allocate(256 + count * 64);
    MemoryRecordsBuilder builder =
        MemoryRecords.builder(buffer, Compression.NONE, TimestampType.CREATE_TIME, baseOffset);
    for (int i = 0; i < count; i++) {
      builder.append(timestamp, ("k" + i).getBytes(StandardCharsets.UTF_8),
          ("r" + (baseOffset + i)).getBytes(StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  /** Several batches concatenated into one append. */
  static MemoryRecords concat(MemoryRecords... parts) {
    int size = 0;
    for (MemoryRecords part : parts) {
      size += part.sizeInBytes();
    }
    ByteBuffer buffer = ByteBuffer.allocate(size);
    for (MemoryRecords part : parts) {
      buffer.put(part.buffer());
    }
    return MemoryRecords.readableRecords(buffer.flip());
  }

  /** Every record in {@code records}, decompressed. */
  static List<Rec> records(MemoryRecords records) {
    List<Rec> out = new ArrayList<>();
    for (RecordBatch batch : records.batches()) {
      for (Record record : batch) {
        out.add(new Rec(record.offset(), record.timestamp(), string(record.key()),
            string(record.value())));
      }
    }
    return out;
  }

  /** Rewrites the CRC of the (single) batch at {@code position} after a deliberate edit. */
  static void fixCrc(ByteBuffer buffer, int position) {
    int size = buffer.getInt(position + 8) + 12;
    ByteBuffer region = buffer.duplicate();
    region.limit(position + size).position(position + 21);
    CRC32C crc = new CRC32C();
    crc.update(region);
    buffer.putInt(position + 17, (int) crc.getValue());
  }

  /** A fresh, writable copy of the bytes of {@code records}. */
  static ByteBuffer copy(MemoryRecords records) {
    ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
    copy.put(records.buffer()).flip();
    return copy;
  }

  private static String pad(String prefix, int size) {
    if (prefix.length() >= size) {
      return prefix;
    }
    return prefix + "x".repeat(size - prefix.length());
  }

  static String string(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
