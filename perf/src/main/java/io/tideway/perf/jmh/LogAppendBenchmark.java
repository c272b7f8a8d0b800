package io.tideway.perf.jmh;

import io.tideway.broker.log.PartitionLog;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Append throughput of {@link PartitionLog#append}: each operation validates one producer batch
 * (CRC32C, header, record framing), assigns its offsets in place and writes it to the page cache
 * ({@code log.flush.policy=none}). The same batch is appended again and again, which is what a
 * broker sees (one fresh buffer per produce request, never re-encoded). Retention keeps the
 * directory at about 1 GiB.
 *
 * <p>Thread contract: the state is confined to its JMH thread, which plays the partition owner.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LogAppendBenchmark {

  /** Bytes of each record's value (1 KB records). */
  @Param("1024")
  int recordBytes;

  /** Records per batch (16 x 1 KB = 16 KB batches). */
  @Param("16")
  int recordsPerBatch;

  private LogBenchmarkSupport support;
  private PartitionLog log;
  private MemoryRecords batch;
  private int appends;

  @Setup(Level.Trial)
  public void open() {
    support = new LogBenchmarkSupport(256 << 20, 1L << 30);
    log = support.log();
    batch = LogBenchmarkSupport.batch(recordsPerBatch, recordBytes);
  }

  @TearDown(Level.Trial)
  public void close() {
    support.close();
  }

  @Benchmark
  public long append(ByteCounter counter) {
    long lastOffset = log.append(batch).lastOffset();
    counter.bytes += batch.sizeInBytes();
    if ((++appends & 4095) == 0) {
      log.deleteOldSegments(); // every 64 MiB: keep the benchmark's disk footprint bounded
    }
    return lastOffset;
  }
}
