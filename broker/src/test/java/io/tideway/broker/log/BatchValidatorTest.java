package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedForMessageFormatException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {

  private static final int MAX = 1 << 20;

  @Test
  void acceptsUncompressedAndCompressedBatchesAndDecodesTheirHeaders() {
    MemoryRecords plain = TestRecords.batch(Compression.NONE, 1_000, 5, 100);
    MemoryRecords gzip = TestRecords.batch(Compression.gzip().build(), 2_000, 3, 100);
    MemoryRecords lz4 = TestRecords.batch(Compression.lz4().build(), 3_000, 4, 100);
    MemoryRecords all = TestRecords.concat(plain, gzip, lz4);

    List<BatchHeader> headers =
        BatchValidator.validateAll(all.buffer(), MAX, BatchValidator.Mode.PRODUCER);

    assertThat(headers).hasSize(3);
    assertThat(headers.get(0).recordCount()).isEqualTo(5);
    assertThat(headers.get(0).lastOffsetDelta()).isEqualTo(4);
    assertThat(headers.get(0).compressionType()).isEqualTo(CompressionType.NONE);
    assertThat(headers.get(0).maxTimestamp()).isEqualTo(1_004);
    assertThat(headers.get(0).timestampType()).isEqualTo(TimestampType.CREATE_TIME);
    assertThat(headers.get(0).sizeInBytes()).isEqualTo(plain.sizeInBytes());
    assertThat(headers.get(1).compressionType()).isEqualTo(CompressionType.GZIP);
    assertThat(headers.get(2).compressionType()).isEqualTo(CompressionType.LZ4);
    assertThat(headers.get(2).isTransactional()).isFalse();
    assertThat(headers.get(2).isControl()).isFalse();
  }

  @Test
  void rejectsAnEmptyAppend() {
    assertThatThrownBy(() -> BatchValidator.validateAll(ByteBuffer.allocate(0), MAX,
        BatchValidator.Mode.PRODUCER))
        .isInstanceOf(InvalidRecordException.class).hasMessageContaining("no record batch");
  }

  @Test
  void rejectsATruncatedHeader() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.simple(1, 1));
    bytes.limit(10);
    assertThatThrownBy(() -> validate(bytes))
        .isInstanceOf(CorruptRecordException.class).hasMessageContaining("too few");
  }

  @Test
  void rejectsABatchLongerThanTheBytesPresent() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.simple(1, 3));
    bytes.limit(bytes.limit() - 1);
    assertThatThrownBy(() -> validate(bytes))
        .isInstanceOf(CorruptRecordException.class).hasMessageContaining("only");
  }

  @Test
  void rejectsABatchLengthBelowTheHeaderSize() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.simple(1, 1));
    bytes.putInt(8, 20);
    assertThatThrownBy(() -> validate(bytes))
        .isInstanceOf(CorruptRecordException.class).hasMessageContaining("below the v2 minimum");
  }

  @Test
  void rejectsLegacyMessageFormats() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.simple(1, 1));
    bytes.put(16, (byte) 1);
    assertThatThrownBy(() -> validate(bytes))
        .isInstanceOf(UnsupportedForMessageFormatException.class).hasMessageContaining("v1");
  }

  @Test
  void rejectsAnUnknownMagic() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.simple(1, 1));
    bytes.put(16, (byte) 7);
    assertThatThrownBy(() -> validate(bytes))
        .isInstanceOf(CorruptRecordException.class).hasMessageContaining("magic byte 7");
  }

  @Test
  void rejectsABatchOverMaxMessageBytes() {
    MemoryRecords records = TestRecords.batch(Compression.NONE, 1, 10, 200);
    assertThatThrownBy(() -> BatchValidator.validateAll(records.buffer(), 1000,
        BatchValidator.Mode.PRODUCER))
        .isInstanceOf(RecordTooLargeException.class)
        .hasMessageContaining("max.message.bytes (1000)");
  }

  @Test
  void rejectsAFlippedPayloadBitAsACrcMismatch() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.batch(Compression.NONE, 1, 3, 50));
    int last = bytes.limit() - 1;
    bytes.put(last, (byte) (bytes.get(last) ^ 0x01));
    assertThatThrownBy(() -> validate(bytes))
        .isInstanceOf(CorruptRecordException.class).hasMessageContaining("CRC32C mismatch");
  }

  @Test
  void rejectsALastOffsetDeltaThatDisagreesWithTheRecordCount() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.simple(1, 3));
    bytes.putInt(BatchHeader.LAST_OFFSET_DELTA_OFFSET, 5);
    TestRecords.fixCrc(bytes, 0);
    assertThatThrownBy(() -> validate(bytes))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("lastOffsetDelta 5 but 3 records");
  }

  @Test
  void replicaModeAcceptsCompactedOffsetDeltasButNotImpossibleOnes() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.simple(1, 3));
    bytes.putInt(BatchHeader.LAST_OFFSET_DELTA_OFFSET, 5);
    TestRecords.fixCrc(bytes, 0);
    assertThat(BatchValidator.validateAll(bytes, MAX, BatchValidator.Mode.REPLICA)).hasSize(1);

    bytes.putInt(BatchHeader.LAST_OFFSET_DELTA_OFFSET, 1);
    TestRecords.fixCrc(bytes, 0);
    assertThatThrownBy(() -> BatchValidator.validateAll(bytes, MAX, BatchValidator.Mode.REPLICA))
        .isInstanceOf(InvalidRecordException.class).hasMessageContaining("inconsistent");
  }

  @Test
  void rejectsAProducedBatchWithoutRecords() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.simple(1, 1));
    bytes.putInt(BatchHeader.RECORD_COUNT_OFFSET, 0);
    bytes.putInt(BatchHeader.LAST_OFFSET_DELTA_OFFSET, -1);
    TestRecords.fixCrc(bytes, 0);
    assertThatThrownBy(() -> validate(bytes))
        .isInstanceOf(InvalidRecordException.class).hasMessageContaining("record count 0");
  }

  @Test
  void rejectsAnUnknownCompressionCodec() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.simple(1, 1));
    bytes.putShort(BatchHeader.ATTRIBUTES_OFFSET, (short) 7);
    TestRecords.fixCrc(bytes, 0);
    assertThatThrownBy(() -> validate(bytes))
        .isInstanceOf(CorruptRecordException.class).hasMessageContaining("codec id 7");
  }

  @Test
  void rejectsUncompressedRecordsWhoseLengthsDoNotFillTheBatch() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.simple(1, 2));
    // The record count says 1 while 2 records follow: one record's bytes are left over.
    bytes.putInt(BatchHeader.RECORD_COUNT_OFFSET, 1);
    bytes.putInt(BatchHeader.LAST_OFFSET_DELTA_OFFSET, 0);
    TestRecords.fixCrc(bytes, 0);
    assertThatThrownBy(() -> validate(bytes))
        .isInstanceOf(CorruptRecordException.class).hasMessageContaining("follow the last of 1");

    ByteBuffer overlong = TestRecords.copy(TestRecords.simple(1, 1));
    overlong.put(BatchHeader.HEADER_SIZE, (byte) 0x7e); // zigzag 63: longer than the batch
    TestRecords.fixCrc(overlong, 0);
    assertThatThrownBy(() -> validate(overlong))
        .isInstanceOf(CorruptRecordException.class).hasMessageContaining("record 0 declares 63");
  }

  @Test
  void namesThePositionOfTheBadBatchInAMultiBatchAppend() {
    MemoryRecords first = TestRecords.simple(1, 2);
    ByteBuffer bytes = TestRecords.copy(TestRecords.concat(first, TestRecords.simple(2, 2)));
    int second = first.sizeInBytes();
    bytes.put(second + 16, (byte) 9);
    assertThatThrownBy(() -> validate(bytes))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("at byte " + second);
  }

  @Test
  void leavesTheBufferUntouched() {
    ByteBuffer bytes = TestRecords.copy(TestRecords.simple(1, 2));
    ByteBuffer before = bytes.duplicate();
    validate(bytes);
    assertThat(bytes).isEqualTo(before);
    assertThat(bytes.position()).isZero();
  }

  private static List<BatchHeader> validate(ByteBuffer bytes) {
    return BatchValidator.validateAll(bytes, MAX, BatchValidator.Mode.PRODUCER);
  }
}
