package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A crash at any byte recovers to a prefix of what was appended that holds every fsynced batch:
 * batches are appended under group commit, some awaited as durable; then the process "dies", the
 * active segment is cut at a random byte after the last durable batch and random bytes after that
 * point are overwritten; the reopened log must read back a whole-batch prefix of the appends that
 * contains every durable batch.
 */
class CrashRecoveryTest {

  private static final Compression[] CODECS =
      {Compression.NONE, Compression.gzip().build(), Compression.lz4().build()};

  record BatchSpec(int records, int codec, int valueSize, boolean awaitDurable) {
  }

  /** What one append wrote. */
  private record Appended(long firstOffset, int sizeInBytes, List<TestRecords.Rec> records) {
  }

  @Provide
  Arbitrary<List<BatchSpec>> batches() {
    return Combinators.combine(Arbitraries.integers().between(1, 6),
        Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 150),
        Arbitraries.of(true, false, false)).as(BatchSpec::new).list().ofMinSize(1).ofMaxSize(25);
  }

  @Property(tries = 200)
  void aCrashAtAnyByteRecoversToAPrefixHoldingEveryFsyncedBatch(
      @ForAll("batches") List<BatchSpec> specs,
      @ForAll @DoubleRange(min = 0, max = 1) double cutAt,
      @ForAll @IntRange(min = 0, max = 4) int garbageBytes,
      @ForAll long seed) throws Exception {
    Path root = TempDirs.create("crash");
    Path dir = root.resolve("t-0");
    LogConfig config = LogConfig.from(Map.of("log.flush.policy", "group-commit",
        "segment.bytes", 2048, "index.interval.bytes", 200));
    ManualClock clock = new ManualClock(1_000);
    try (LogDirFlusher flusher = new LogDirFlusher(root, (channel, path) -> { })) {
      PartitionLog log = PartitionLog.open(dir, config, flusher, SegmentListener.NONE, clock);
      List<Appended> appended = new ArrayList<>();
      int lastDurable = -1;
      for (int i = 0; i < specs.size(); i++) {
        BatchSpec spec = specs.get(i);
        clock.advance(7);
        MemoryRecords batch = TestRecords.batch(CODECS[spec.codec()], clock.millis(),
            spec.records(), spec.valueSize(), "b" + i + "-");
        List<TestRecords.Rec> records = TestRecords.records(batch);
        LogAppendResult result = log.append(batch);
        appended.add(new Appended(result.firstOffset(), result.sizeInBytes(),
            shift(records, result.firstOffset())));
        if (spec.awaitDurable()) {
          result.durable().join();
          lastDurable = i;
        }
      }
      long activeBase = log.segments().get(log.segments().size() - 1).baseOffset();
      flusher.execute(() -> { }).join();
      log.abandon();

      Path active = LogFileNames.logFile(dir, activeBase);
      long durableEnd = 0;
      for (int i = 0; i <= lastDurable; i++) {
        if (appended.get(i).firstOffset() >= activeBase) {
          durableEnd += appended.get(i).sizeInBytes();
        }
      }
      damage(active, durableEnd, cutAt, garbageBytes, new Random(seed));

      log = PartitionLog.open(dir, config, flusher, SegmentListener.NONE, clock);
      try {
        List<TestRecords.Rec> recovered = readAll(log);
        List<TestRecords.Rec> expected = new ArrayList<>();
        int durableRecords = 0;
        boolean batchAligned = recovered.isEmpty();
        for (int i = 0; i < appended.size(); i++) {
          expected.addAll(appended.get(i).records());
          if (i <= lastDurable) {
            durableRecords = expected.size();
          }
          batchAligned |= expected.size() == recovered.size();
        }
        assertThat(recovered.size()).isGreaterThanOrEqualTo(durableRecords);
        assertThat(batchAligned).as("recovered a whole-batch prefix").isTrue();
        assertThat(recovered).containsExactlyElementsOf(expected.subList(0, recovered.size()));
        assertThat(log.logEndOffset()).isEqualTo(recovered.size());
        assertThat(log.append(TestRecords.simple(1, 1)).firstOffset())
            .isEqualTo(recovered.size());
      } finally {
        log.close();
      }
    } finally {
      TempDirs.deleteRecursively(root);
    }
  }

  /** Cuts the file somewhere after {@code durableEnd} and scribbles over bytes past that point. */
  private static void damage(Path file, long durableEnd, double cutAt, int garbageBytes,
      Random random) throws Exception {
    long size = Files.size(file);
    long cut = durableEnd + (long) (cutAt * (size - durableEnd));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(cut);
      for (int i = 0; i < garbageBytes && cut > durableEnd; i++) {
        long position = durableEnd + (long) (random.nextDouble() * (cut - durableEnd));
        channel.write(ByteBuffer.wrap(new byte[] {(byte) random.nextInt()}), position);
      }
    }
  }

  private static List<TestRecords.Rec> shift(List<TestRecords.Rec> records, long base) {
    List<TestRecords.Rec> out = new ArrayList<>();
    for (TestRecords.Rec rec : records) {
      out.add(new TestRecords.Rec(base + rec.offset(), rec.timestamp(), rec.key(), rec.value()));
    }
    return out;
  }

  private static List<TestRecords.Rec> readAll(PartitionLog log) {
    List<TestRecords.Rec> out = new ArrayList<>();
    long offset = log.logStartOffset();
    while (offset < log.logEndOffset()) {
      FetchSlice slice = log.read(offset, 1 << 20, true);
      out.addAll(TestRecords.records(slice.toMemoryRecords()));
      offset = slice.lastOffset() + 1;
    }
    return out;
  }
}
