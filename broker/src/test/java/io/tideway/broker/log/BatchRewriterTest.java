package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;

class BatchRewriterTest {

  @Test
  void assignsConsecutiveOffsetsAndTheLeaderEpochWithoutTouchingTheCrc() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.concat(TestRecords.simple(5, 3),
        TestRecords.batch(Compression.lz4().build(), 7, 2, 20)));
    List<BatchHeader> headers = BatchValidator.validateAll(bytes, 1 << 20,
        BatchValidator.Mode.PRODUCER);
    long crcBefore = headers.get(0).crc();

    List<BatchHeader> rewritten = BatchRewriter.assignOffsets(bytes, headers, 100, 7, -1);

    assertThat(rewritten).extracting(BatchHeader::baseOffset).containsExactly(100L, 103L);
    assertThat(rewritten).extracting(BatchHeader::partitionLeaderEpoch).containsOnly(7);
    assertThat(rewritten.get(0).crc()).isEqualTo(crcBefore);
    MemoryRecords records = MemoryRecords.readableRecords(bytes);
    for (MutableRecordBatch batch : records.batches()) {
      batch.ensureValid();
    }
    assertThat(TestRecords.records(records)).extracting(TestRecords.Rec::offset)
        .containsExactly(100L, 101L, 102L, 103L, 104L);
  }

  @Test
  void logAppendTimeRewritesTypeAndMaxTimestampAndKeepsTheCrcValid() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.batch(Compression.gzip().build(), 5, 3, 30));
    List<BatchHeader> headers = BatchValidator.validateAll(bytes, 1 << 20,
        BatchValidator.Mode.PRODUCER);

    List<BatchHeader> rewritten = BatchRewriter.assignOffsets(bytes, headers, 0, -1, 99_999);

    assertThat(rewritten.get(0).timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
    assertThat(rewritten.get(0).maxTimestamp()).isEqualTo(99_999);
    assertThat(rewritten.get(0).crc()).isNotEqualTo(headers.get(0).crc());
    // Still valid for our validator and for kafka-clients; every record reads the append time.
    BatchValidator.validateAll(bytes, 1 << 20, BatchValidator.Mode.PRODUCER);
    MemoryRecords.readableRecords(bytes).batches().iterator().next().ensureValid();
    assertThat(TestRecords.records(MemoryRecords.readableRecords(bytes)))
        .extracting(TestRecords.Rec::timestamp).containsOnly(99_999L);
  }

  @Test
  void contiguityCheckNamesGapsAndOverlaps() {
    List<BatchHeader> batches = BatchValidator.validateAll(TestRecords.concat(
        TestRecords.withOffsets(10, 1, 2), TestRecords.withOffsets(12, 1, 2)).buffer(), 1 << 20,
        BatchValidator.Mode.REPLICA);
    BatchRewriter.checkContiguous(batches, 10);

    assertThatThrownBy(() -> BatchRewriter.checkContiguous(batches, 8))
        .isInstanceOfSatisfying(UnexpectedAppendOffsetException.class, e -> {
          assertThat(e.kind()).isEqualTo(UnexpectedAppendOffsetException.Kind.GAP);
          assertThat(e.expectedOffset()).isEqualTo(8);
          assertThat(e.actualOffset()).isEqualTo(10);
        }).hasMessageContaining("gap");
    assertThatThrownBy(() -> BatchRewriter.checkContiguous(batches, 11))
        .isInstanceOfSatisfying(UnexpectedAppendOffsetException.class,
            e -> assertThat(e.kind()).isEqualTo(UnexpectedAppendOffsetException.Kind.OVERLAP));

    List<BatchHeader> gapInside = BatchValidator.validateAll(TestRecords.concat(
        TestRecords.withOffsets(10, 1, 2), TestRecords.withOffsets(13, 1, 2)).buffer(), 1 << 20,
        BatchValidator.Mode.REPLICA);
    assertThatThrownBy(() -> BatchRewriter.checkContiguous(gapInside, 10))
        .isInstanceOf(UnexpectedAppendOffsetException.class).hasMessageContaining("expects 12");
  }
}
