package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Random histories of appends on a disk that keeps running out of space (a write may stop at any
 * byte, in the log or in an index page), interleaved with freed space, rolls, crashes and clean
 * reopens: the log always reads back exactly the acknowledged appends, in order, and a refused
 * append leaves no trace, before and after every reopen.
 */
class DiskFullPropertyTest {

  /** One step: {@code kind} 0-5 append, 6 free space, 7 roll, 8 crash, 9 clean reopen. */
  record Step(int kind, int budget, int records) {
  }

  @Provide
  Arbitrary<List<Step>> histories() {
    return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 9),
        Arbitraries.integers().between(0, 600), Arbitraries.integers().between(1, 4))
        .as(Step::new).list().ofMinSize(5).ofMaxSize(40);
  }

  @Property(tries = 200)
  void onlyAcknowledgedAppendsAreEverRead(@ForAll("histories") List<Step> steps) {
    Path root = TempDirs.create("diskfull");
    FakeDisk disk = new FakeDisk(1L << 30);
    LogConfig config = LogConfig.from(Map.of("segment.bytes", 1200, "index.interval.bytes", 100,
        "file.delete.delay.ms", 0L));
    ManualClock clock = new ManualClock(1_000);
    List<TestRecords.Rec> acknowledged = new ArrayList<>();
    try (LogDirFlusher flusher = new LogDirFlusher(root, (channel, path) -> { }, disk,
        new LogDirWriteGuard(root, disk, 0))) {
      Path dir = root.resolve("t-0");
      PartitionLog log = PartitionLog.open(dir, config, flusher, SegmentListener.NONE, clock);
      int batch = 0;
      for (Step step : steps) {
        switch (step.kind()) {
          case 6 -> disk.setFree(1L << 30);
          case 7 -> {
            try {
              log.roll();
            } catch (KafkaStorageException refused) {
              // an undone roll changes nothing
            }
          }
          case 8 -> {
            flusher.execute(() -> { }).join();
            log.abandon();
            disk.setFree(1L << 30); // recovery itself needs room to rebuild indexes
            log = PartitionLog.open(dir, config, flusher, SegmentListener.NONE, clock);
          }
          case 9 -> {
            log.close();
            disk.setFree(1L << 30);
            log = PartitionLog.open(dir, config, flusher, SegmentListener.NONE, clock);
          }
          default -> {
            disk.setFree(Math.min(disk.usableBytes(), step.budget()));
            clock.advance(3);
            MemoryRecords records = TestRecords.batch(Compression.NONE, clock.millis(),
                step.records(), 40, "b" + batch++ + "-");
            List<TestRecords.Rec> written = TestRecords.records(records);
            try {
              long first = log.append(records).firstOffset();
              written.forEach(rec -> acknowledged.add(new TestRecords.Rec(first + rec.offset(),
                  rec.timestamp(), rec.key(), rec.value())));
            } catch (KafkaStorageException refused) {
              assertThat(log.logEndOffset()).isEqualTo(acknowledged.size());
            }
          }
        }
        assertThat(readAll(log)).isEqualTo(acknowledged);
      }
      log.close();
      disk.setFree(1L << 30);
      log = PartitionLog.open(dir, config, flusher, SegmentListener.NONE, clock);
      assertThat(readAll(log)).isEqualTo(acknowledged);
      log.close();
    } finally {
      TempDirs.deleteRecursively(root);
    }
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
