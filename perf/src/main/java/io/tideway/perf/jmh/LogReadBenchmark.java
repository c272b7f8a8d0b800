package io.tideway.perf.jmh;

import io.tideway.broker.log.FetchSlice;
import io.tideway.broker.log.PartitionLog;
import java.nio.ByteBuffer;
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
 * Read throughput of {@link PartitionLog#read}: consecutive fetches of {@code fetchBytes} walk a
 * pre-filled log (256 MiB of 16 KB batches of 1 KB records, in 64 MiB segments, page cache warm)
 * from start to end and around again.
 *
 * <ul>
 *   <li>{@code readCopy}: locate the slice and copy it into a direct buffer (the TLS path).
 *   <li>{@code readSlice}: only locate the slice (sparse index lookup plus header walk), which is
 *       all the broker does before handing the file region to {@code sendfile}.
 * </ul>
 *
 * <p>Thread contract: the state is confined to its JMH thread, which plays the partition owner.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LogReadBenchmark {

  private static final long FILL_BYTES = 256L << 20;

  /** Bytes asked for per fetch (a consumer's max.partition.fetch.bytes default). */
  @Param("1048576")
  int fetchBytes;

  private LogBenchmarkSupport support;
  private PartitionLog log;
  private ByteBuffer target;
  private long offset;

  @Setup(Level.Trial)
  public void fill() {
    support = new LogBenchmarkSupport(64 << 20, -1);
    log = support.log();
    MemoryRecords batch = LogBenchmarkSupport.batch(16, 1024);
    for (long written = 0; written < FILL_BYTES; written += batch.sizeInBytes()) {
      log.append(batch);
    }
    target = ByteBuffer.allocateDirect(fetchBytes + batch.sizeInBytes());
    offset = log.logStartOffset();
  }

  @TearDown(Level.Trial)
  public void close() {
    support.close();
  }

  @Benchmark
  public int readCopy(ByteCounter counter) {
    FetchSlice slice = next();
    target.clear();
    slice.readInto(target);
    counter.bytes += slice.sizeInBytes();
    return target.position();
  }

  @Benchmark
  public long readSlice(ByteCounter counter) {
    FetchSlice slice = next();
    counter.bytes += slice.sizeInBytes();
    return slice.position();
  }

  private FetchSlice next() {
    FetchSlice slice = log.read(offset, fetchBytes, true);
    offset = slice.lastOffset() + 1;
    if (offset >= log.logEndOffset()) {
      offset = log.logStartOffset();
    }
    return slice;
  }
}
