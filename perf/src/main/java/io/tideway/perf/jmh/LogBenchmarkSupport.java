package io.tideway.perf.jmh;

import io.tideway.broker.log.LogConfig;
import io.tideway.broker.log.LogDirFlusher;
import io.tideway.broker.log.PartitionLog;
import io.tideway.broker.log.SegmentListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;

/**
 * Shared set-up of the log benchmarks: a partition log in a fresh temporary log directory with
 * {@code log.flush.policy=none}, and producer batches built with kafka-clients.
 *
 * <p>Thread contract: not thread-safe; each benchmark state owns one instance.
 */
final class LogBenchmarkSupport implements AutoCloseable {

  private final Path root;
  private final LogDirFlusher flusher;
  private final PartitionLog log;

  /** Opens a log rolling at {@code segmentBytes}, retaining about {@code retainBytes} (-1: all). */
  LogBenchmarkSupport(int segmentBytes, long retainBytes) {
    try {
      root = Files.createTempDirectory("tideway-jmh");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    flusher = new LogDirFlusher(root);
    LogConfig config = LogConfig.from(Map.of(
        LogConfig.SEGMENT_BYTES, segmentBytes,
        LogConfig.RETENTION_BYTES, retainBytes,
        LogConfig.RETENTION_MS, -1L,
        LogConfig.FILE_DELETE_DELAY_MS, 0L,
        LogConfig.FLUSH_POLICY, LogConfig.FlushPolicy.NONE.configValue()));
    log = PartitionLog.open(root.resolve("bench-0"), config, flusher, SegmentListener.NONE,
        Clock.systemUTC());
  }

  PartitionLog log() {
    return log;
  }

  /** One uncompressed producer batch of {@code records} records of {@code recordBytes} each. */
  static MemoryRecords batch(int records, int recordBytes) {
    byte[] value = new byte[recordBytes];
    Arrays.fill(value, (byte) 'x');
    ByteBuffer buffer = ByteBuffer.allocate(records * (recordBytes + 64) + 128);
    MemoryRecordsBuilder builder =
        MemoryRecords.builder(buffer, Compression.NONE, TimestampType.CREATE_TIME, 0L);
    long now = System.currentTimeMillis();
    for (int i = 0; i < records; i++) {
      builder.append(now, null, value);
    }
    return builder.build();
  }

  @Override
  public void close() {
    try {
      log.close();
    } finally {
      flusher.close();
      try (Stream<Path> files = Files.walk(root)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
