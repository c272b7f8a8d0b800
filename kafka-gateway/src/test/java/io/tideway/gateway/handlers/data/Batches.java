package io.tideway.gateway.handlers.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Record batches for tests. */
public final class Batches {

    private Batches() {
    }

    /** One uncompressed v2 batch of {@code count} records whose values have {@code valueBytes}. */
    public static MemoryRecords batch(int count, int valueBytes) {
        return MemoryRecords.withRecords(Compression.NONE, records(count, valueBytes, 0L));
    }

    /** One batch of {@code count} records with the given timestamps from {@code timestamp}. */
    public static MemoryRecords timed(int count, long timestamp) {
        return MemoryRecords.withRecords(Compression.NONE, records(count, 8, timestamp));
    }

    public static MemoryRecords transactional(long producerId, short epoch, int count) {
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch, 0,
                records(count, 8, 0L));
    }

    public static MemoryRecords magicV1(int count) {
        return MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE,
                records(count, 8, 0L));
    }

    /** Two batches back to back. */
    public static MemoryRecords twoBatches() {
        MemoryRecords first = batch(1, 8);
        MemoryRecords second = batch(1, 8);
        ByteBuffer both = ByteBuffer.allocate(first.sizeInBytes()
                + second.sizeInBytes());
        both.put(first.buffer().duplicate()).put(second.buffer().duplicate()).flip();
        return MemoryRecords.readableRecords(both);
    }

    /** Values of every record without their padding ({@code "v0"} for {@code "v0-----"}). */
    public static List<String> values(Records records) {
        List<String> values = new ArrayList<>();
        for (Record record : records.records()) {
            byte[] bytes = new byte[record.valueSize()];
            record.value().duplicate().get(bytes);
            values.add(new String(bytes, StandardCharsets.UTF_8).replaceAll("-+$", ""));
        }
        return values;
    }

    private static SimpleRecord[] records(int count, int valueBytes, long timestamp) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            String prefix = "v" + i;
            String value = valueBytes <= prefix.length() ? prefix
                    : prefix + "-".repeat(valueBytes - prefix.length());
            records[i] = new SimpleRecord(timestamp == 0L ? System.currentTimeMillis()
                    : timestamp + i, null, value.getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }
}
