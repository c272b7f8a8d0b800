package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Damaged files on open: a log of several segments (with aborted transactions and a moved log
 * start) is closed cleanly or abandoned as by a crash; then bytes are flipped, a file is cut or
 * deleted, and the log is opened again. The outcome must be one of: recovered (every record up to
 * the damage intact; later records dropped only from the active segment's damaged tail), or the
 * damage reported with the file's path ({@link CorruptSegmentException} and the like). Never
 * silently wrong data: a read returns exactly what was written (a batch whose CRC32C fails counts
 * as a failed read, as a client checks it), or fails.
 */
class LogCorruptionPropertyTest {

  private static final Compression[] CODECS =
      {Compression.NONE, Compression.gzip().build(), Compression.lz4().build()};

  /** Which file is damaged. */
  enum Target {
    ACTIVE_LOG, SEALED_LOG, OFFSET_INDEX, TIME_INDEX, TXN_INDEX, LOG_START_CHECKPOINT,
    RECOVERY_POINT_CHECKPOINT
  }

  /** How: a few bytes flipped, the file cut short, or the file deleted. */
  enum Damage {
    FLIP, CUT, DELETE
  }

  record BatchSpec(int records, int codec, int valueSize) {
  }

  /** What one append wrote: its offsets, its bytes in the segment, its records. */
  private record Appended(long first, long last, int size, List<Rec> records) {
  }

  private record Rec(long offset, long timestamp, String value) {
  }

  /** The file that was damaged, and the first offset whose batch the damage touched (or -1). */
  private record Damaged(Path file, long segmentBase, long firstDamagedOffset) {
  }

  @Provide
  Arbitrary<List<BatchSpec>> batches() {
    return Combinators.combine(Arbitraries.integers().between(1, 5),
        Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 120))
        .as(BatchSpec::new).list().ofMinSize(8).ofMaxSize(24);
  }

  @Property(tries = 200)
  void aDamagedFileIsRecoveredOrReportedAndNeverServedWrong(
      @ForAll("batches") List<BatchSpec> specs, @ForAll Target target, @ForAll Damage damage,
      @ForAll boolean cleanShutdown, @ForAll long seed) throws Exception {
    Random random = new Random(seed);
    Path root = TempDirs.create("corrupt");
    Path dir = root.resolve("t-0");
    LogConfig config = LogConfig.from(Map.of("segment.bytes", 1500, "index.interval.bytes", 150,
        "file.delete.delay.ms", 0L));
    ManualClock clock = new ManualClock(1_000);
    try (LogDirFlusher flusher = new LogDirFlusher(root, (channel, path) -> { })) {
      PartitionLog log = PartitionLog.open(dir, config, flusher, SegmentListener.NONE, clock);
      List<Appended> appended = new ArrayList<>();
      List<AbortedTransaction> aborts = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        clock.advance(5);
        appended.add(append(log, specs.get(i), i, clock.millis()));
        if (i % 4 == 3) {
          Appended batch = appended.get(i);
          AbortedTransaction abort = new AbortedTransaction(i, appended.get(i - 2).first(),
              batch.last(), batch.last() + 1);
          log.appendAbortedTransaction(abort);
          aborts.add(abort);
        }
      }
      long logStart = appended.get(1).first() + 1;
      log.deleteRecordsBefore(logStart);
      List<SegmentInfo> segments = log.segments();
      long logEnd = log.logEndOffset();
      if (cleanShutdown) {
        log.close();
      } else {
        flusher.execute(() -> { }).join();
        log.abandon();
      }

      Optional<Damaged> damaged = damage(dir, target, damage, segments, appended, random);
      if (damaged.isEmpty()) {
        Statistics.collect(target, "no such file");
        return; // e.g. no sealed segment, or no file of that kind
      }
      PartitionLog reopened;
      try {
        reopened = PartitionLog.open(dir, config, flusher, SegmentListener.NONE, clock);
      } catch (KafkaStorageException e) {
        assertReported(e, target, damaged.get(), dir);
        Statistics.collect(target, "reported on open");
        return;
      }
      try {
        check(reopened, target, damage, damaged.get(), appended, aborts, logStart, logEnd);
      } finally {
        reopened.close();
      }
    } finally {
      TempDirs.deleteRecursively(root);
    }
  }

  private static Appended append(PartitionLog log, BatchSpec spec, int i, long timestamp) {
    MemoryRecords batch = TestRecords.batch(CODECS[spec.codec()], timestamp, spec.records(),
        spec.valueSize(), "b" + i + "-");
    List<TestRecords.Rec> records = TestRecords.records(batch);
    LogAppendResult result = log.append(batch);
    List<Rec> shifted = new ArrayList<>();
    for (TestRecords.Rec rec : records) {
      shifted.add(new Rec(result.firstOffset() + rec.offset(), rec.timestamp(), rec.value()));
    }
    return new Appended(result.firstOffset(), result.lastOffset(), result.sizeInBytes(), shifted);
  }

  /** Damages one file of the target's kind; empty when the log has none. */
  private static Optional<Damaged> damage(Path dir, Target target, Damage damage,
      List<SegmentInfo> segments, List<Appended> appended, Random random) throws Exception {
    SegmentInfo active = segments.get(segments.size() - 1);
    List<SegmentInfo> sealed = segments.subList(0, segments.size() - 1);
    List<SegmentInfo> candidates = new ArrayList<>(switch (target) {
      case ACTIVE_LOG -> List.of(active);
      case SEALED_LOG, OFFSET_INDEX, TIME_INDEX, TXN_INDEX -> sealed;
      default -> List.<SegmentInfo>of();
    });
    java.util.Collections.shuffle(candidates, random);
    SegmentInfo segment = null;
    Path file = switch (target) {
      case LOG_START_CHECKPOINT -> dir.resolve(LogFileNames.LOG_START_OFFSET_CHECKPOINT);
      case RECOVERY_POINT_CHECKPOINT -> dir.resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT);
      default -> null;
    };
    for (SegmentInfo candidate : candidates) {
      Path path = segmentFile(dir, target, candidate.baseOffset());
      if (Files.exists(path) && Files.size(path) > 0) {
        segment = candidate;
        file = path;
        break;
      }
    }
    boolean logFile = target == Target.ACTIVE_LOG || target == Target.SEALED_LOG;
    if (file == null || !Files.exists(file) || Files.size(file) == 0
        || (logFile && damage == Damage.DELETE)) {
      return Optional.empty(); // deleting a whole segment is not damage a scan can see
    }
    long size = Files.size(file);
    long firstPosition;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      switch (damage) {
        case FLIP -> {
          firstPosition = Long.MAX_VALUE;
          for (int i = 0, flips = 1 + random.nextInt(3); i < flips; i++) {
            long position = (long) (random.nextDouble() * size);
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ (1 + random.nextInt(255)))).rewind();
            channel.write(one, position);
            firstPosition = Math.min(firstPosition, position);
          }
        }
        case CUT -> {
          firstPosition = (long) (random.nextDouble() * size);
          channel.truncate(firstPosition);
        }
        default -> firstPosition = 0;
      }
    }
    if (damage == Damage.DELETE) {
      Files.delete(file);
    }
    long base = segment == null ? -1 : segment.baseOffset();
    return Optional.of(new Damaged(file, base,
        logFile ? batchAt(appended, base, firstPosition) : -1));
  }

  private static Path segmentFile(Path dir, Target target, long base) {
    return switch (target) {
      case OFFSET_INDEX -> LogFileNames.indexFile(dir, base);
      case TIME_INDEX -> LogFileNames.timeIndexFile(dir, base);
      case TXN_INDEX -> LogFileNames.txnIndexFile(dir, base);
      default -> LogFileNames.logFile(dir, base);
    };
  }

  /** The first offset of the batch holding byte {@code position} of the segment at {@code base}. */
  private static long batchAt(List<Appended> appended, long base, long position) {
    long at = 0;
    for (Appended batch : appended) {
      if (batch.first() < base) {
        continue;
      }
      if (position < at + batch.size()) {
        return batch.first();
      }
      at += batch.size();
    }
    return appended.get(appended.size() - 1).last() + 1; // the damage is past the last batch
  }

  private static void assertReported(KafkaStorageException e, Target target, Damaged damaged,
      Path dir) {
    assertThat(target).as("only damage to data or to the log start may stop the open: " + e)
        .isIn(Target.SEALED_LOG, Target.LOG_START_CHECKPOINT);
    assertThat(e.getMessage()).contains(dir.toString());
    if (target == Target.SEALED_LOG) {
      assertThat(e).isInstanceOf(CorruptSegmentException.class);
      assertThat(((CorruptSegmentException) e).segmentFile()).isEqualTo(damaged.file());
    } else {
      assertThat(e.getMessage()).contains(damaged.file().toString());
    }
  }

  private static void check(PartitionLog log, Target target, Damage damage, Damaged damaged,
      List<Appended> appended, List<AbortedTransaction> aborts, long logStart, long logEnd) {
    Map<Long, Rec> written = new HashMap<>();
    appended.forEach(batch -> batch.records().forEach(rec -> written.put(rec.offset(), rec)));
    Set<Long> failed = new HashSet<>();
    Map<Long, Rec> read = readEverything(log, failed);
    Statistics.collect(target, !failed.isEmpty() ? "opened, damaged reads fail"
        : log.logEndOffset() < logEnd ? "opened, torn tail cut" : "opened, all records intact");
    read.forEach((offset, rec) -> assertThat(rec).as("offset " + offset).isEqualTo(written.get(offset)));

    boolean dataIntact = target != Target.ACTIVE_LOG && target != Target.SEALED_LOG;
    if (target == Target.LOG_START_CHECKPOINT && damage == Damage.DELETE) {
      assertThat(log.logStartOffset()).isLessThanOrEqualTo(logStart); // documented fallback
    } else if (target == Target.ACTIVE_LOG) { // a cut below the log start lowers it to the end
      assertThat(log.logStartOffset()).isEqualTo(Math.min(logStart, log.logEndOffset()));
    } else {
      assertThat(log.logStartOffset()).isEqualTo(logStart);
    }
    if (target == Target.ACTIVE_LOG) {
      assertThat(log.logEndOffset())
          .isBetween(Math.min(damaged.firstDamagedOffset(), logEnd), logEnd);
    } else {
      assertThat(log.logEndOffset()).isEqualTo(logEnd);
    }
    for (long offset = log.logStartOffset(); offset < log.logEndOffset(); offset++) {
      boolean mustBeReadable = dataIntact || offset < damaged.firstDamagedOffset()
          || (target == Target.SEALED_LOG && !inSegment(log, damaged.segmentBase(), offset));
      if (mustBeReadable) {
        assertThat(read).as("offset %d must be readable", offset).containsKey(offset);
      } else {
        assertThat(read.containsKey(offset) || failed.contains(offset))
            .as("offset %d is either read or fails", offset).isTrue();
      }
    }
    if (dataIntact) {
      assertTimestampLookups(log, appended);
      // Indexes from the rebuild offset on are empty until the opener refills them from the log
      // (unclean open, damaged transaction index); those before it must be exact.
      long rebuildFrom = log.transactionIndexRebuildOffset().orElse(Long.MAX_VALUE);
      if (target == Target.TXN_INDEX) {
        assertThat(rebuildFrom).isLessThanOrEqualTo(damaged.segmentBase());
      }
      assertThat(log.abortedTransactions(log.logStartOffset(), log.logEndOffset()))
          .containsExactlyElementsOf(aborts.stream().filter(a -> a.lastOffset()
              >= log.logStartOffset() && a.lastOffset() < rebuildFrom).toList());
    }
    long end = log.logEndOffset();
    assertThat(log.append(TestRecords.simple(1, 1)).firstOffset()).isEqualTo(end);
  }

  private static boolean inSegment(PartitionLog log, long base, long offset) {
    TreeMap<Long, LogSegment> map = log.segmentMap();
    return map.floorKey(offset) != null && map.floorKey(offset) == base;
  }

  /** Reads from the log start to the end, skipping past failures one offset at a time. */
  private static Map<Long, Rec> readEverything(PartitionLog log, Set<Long> failed) {
    Map<Long, Rec> out = new HashMap<>();
    long offset = log.logStartOffset();
    while (offset < log.logEndOffset()) {
      FetchSlice slice;
      try {
        slice = log.read(offset, 1 << 20, true);
      } catch (KafkaStorageException e) {
        failed.add(offset++);
        continue;
      }
      assertThat(slice.isEmpty()).as("a read at %d below the end returns data", offset).isFalse();
      for (RecordBatch batch : slice.toMemoryRecords().batches()) {
        if (!batch.isValid()) { // what a client's CRC check rejects
          for (long o = batch.baseOffset(); o <= batch.lastOffset(); o++) {
            failed.add(o);
          }
          continue;
        }
        for (Record record : batch) {
          out.put(record.offset(), new Rec(record.offset(), record.timestamp(),
              TestRecords.string(record.value())));
        }
      }
      offset = Math.max(offset + 1, slice.lastOffset() + 1);
    }
    return out;
  }

  /** ListOffsets by time must give the model's answer when only indexes were damaged. */
  private static void assertTimestampLookups(PartitionLog log, List<Appended> appended) {
    List<Rec> all = new ArrayList<>();
    appended.forEach(batch -> all.addAll(batch.records()));
    long first = all.get(0).timestamp();
    long last = all.get(all.size() - 1).timestamp();
    for (long ts = first - 1; ts <= last + 1; ts += 3) {
      long target = ts;
      Optional<Rec> expected = all.stream()
          .filter(rec -> rec.offset() >= log.logStartOffset() && rec.timestamp() >= target)
          .findFirst();
      assertThat(log.offsetForTimestamp(ts).map(TimestampAndOffset::offset))
          .as("offset for timestamp %d", ts).isEqualTo(expected.map(Rec::offset));
    }
  }
}
