package io.tideway.broker.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Record batches built with kafka-clients, as producers send them, for the engine's tests. */
public final class Batches {

  private Batches() {
  }

  private static SimpleRecord[] records(int count, long timestamp, String prefix) {
    SimpleRecord[] records = new SimpleRecord[count];
    for (int i = 0; i < count; i++) {
      records[i] = new SimpleRecord(timestamp, ("k" + i).getBytes(StandardCharsets.UTF_8),
          (prefix + i).getBytes(StandardCharsets.UTF_8));
    }
    return records;
  }

  /** An idempotent batch of {@code count} records from {@code producerId}. */
  public static MemoryRecords idempotent(long producerId, int epoch, int baseSequence,
      int count) {
    return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) epoch,
        baseSequence, records(count, System.currentTimeMillis(), "v"));
  }

  /** A batch without producer id, all records stamped {@code timestamp}. */
  public static MemoryRecords plain(int count, long timestamp) {
    return MemoryRecords.withRecords(Compression.NONE, records(count, timestamp, "p"));
  }

  /** A batch without producer id whose values carry {@code prefix}. */
  public static MemoryRecords plain(int count, long timestamp, String prefix) {
    return MemoryRecords.withRecords(Compression.NONE, records(count, timestamp, prefix));
  }

  /** The values of every record in {@code records}. */
  public static List<String> values(MemoryRecords records) {
    List<String> values = new ArrayList<>();
    for (RecordBatch batch : records.batches()) {
      for (Record record : batch) {
        byte[] bytes = new byte[record.valueSize()];
        record.value().get(bytes);
        values.add(new String(bytes, StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  /** The offsets of every record in {@code records}. */
  public static List<Long> offsets(MemoryRecords records) {
    List<Long> offsets = new ArrayList<>();
    for (RecordBatch batch : records.batches()) {
      for (Record record : batch) {
        offsets.add(record.offset());
      }
    }
    return offsets;
  }
}
