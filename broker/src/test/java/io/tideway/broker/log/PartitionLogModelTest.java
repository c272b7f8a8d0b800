package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Random sequences of appends, rolls, reads, timestamp lookups, retention, delete-records,
 * truncation and (clean or crash) reopens, checked against a model: a sorted map of records with
 * a start and an end offset.
 */
class PartitionLogModelTest {

  private static final Compression[] CODECS =
      {Compression.NONE, Compression.gzip().build(), Compression.lz4().build()};

  sealed interface Action permits Append, Roll, Read, Lookup, Retain, DeleteRecords, Truncate,
      Reopen {
  }

  record Append(int records, int codec, int valueSize, int timestampStep) implements Action {
  }

  record Roll() implements Action {
  }

  record Read(double at, int maxBytes, boolean minOneBatch) implements Action {
  }

  record Lookup(double at) implements Action {
  }

  record Retain(int keepBytes) implements Action {
  }

  record DeleteRecords(double at) implements Action {
  }

  record Truncate(double at) implements Action {
  }

  record Reopen(boolean clean) implements Action {
  }

  @Provide
  Arbitrary<List<Action>> actions() {
    Arbitrary<Action> append = Combinators.combine(Arbitraries.integers().between(1, 5),
        Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 120),
        Arbitraries.integers().between(-50, 200)).as(Append::new);
    Arbitrary<Double> fraction = Arbitraries.doubles().between(0, 1);
    Arbitrary<Action> read = Combinators.combine(fraction, Arbitraries.integers().between(0, 2000),
        Arbitraries.of(true, false)).as(Read::new);
    return Arbitraries.frequencyOf(
        Tuple.of(12, append),
        Tuple.of(2, Arbitraries.just(new Roll())),
        Tuple.of(4, read),
        Tuple.of(3, fraction.map(Lookup::new)),
        Tuple.of(1, Arbitraries.integers().between(0, 3000).map(Retain::new)),
        Tuple.of(1, fraction.map(DeleteRecords::new)),
        Tuple.of(1, fraction.map(Truncate::new)),
        Tuple.of(1, Arbitraries.of(true, false).map(Reopen::new)))
        .list().ofMinSize(5).ofMaxSize(40);
  }

  @Property(tries = 150)
  void theLogBehavesLikeItsModel(@ForAll("actions") List<Action> actions) {
    Path dir = TempDirs.create("model");
    try (LogDirFlusher flusher = new LogDirFlusher(dir, (channel, path) -> { })) {
      new Run(dir.resolve("t-0"), flusher).execute(actions);
    } finally {
      TempDirs.deleteRecursively(dir);
    }
  }

  /** One try: the log under test and its model. */
  private static final class Run {
    private final Path dir;
    private final LogDirFlusher flusher;
    private final ManualClock clock = new ManualClock(1_000_000);
    private final LogConfig config = LogConfig.from(Map.of("segment.bytes", 1024,
        "index.interval.bytes", 128, "segment.index.bytes", 240, "retention.ms", -1,
        "file.delete.delay.ms", 0L));
    private final TreeMap<Long, TestRecords.Rec> model = new TreeMap<>();
    private final TreeSet<Long> batchStarts = new TreeSet<>();
    private long start;
    private long end;
    private int step;
    private PartitionLog log;

    Run(Path dir, LogDirFlusher flusher) {
      this.dir = dir;
      this.flusher = flusher;
    }

    void execute(List<Action> actions) {
      log = PartitionLog.open(dir, config, flusher, SegmentListener.NONE, clock);
      try {
        for (Action action : actions) {
          apply(action);
          checkInvariants();
        }
        assertThat(readAll()).containsExactlyElementsOf(model.values());
      } finally {
        log.close();
      }
    }

    private void apply(Action action) {
      step++;
      if (action instanceof Append a) {
        append(a);
      } else if (action instanceof Roll) {
        log.roll();
      } else if (action instanceof Read r) {
        read(r);
      } else if (action instanceof Lookup l) {
        lookup(l);
      } else if (action instanceof Retain r) {
        retain(r.keepBytes());
      } else if (action instanceof DeleteRecords d) {
        long target = start + (long) (d.at() * (end - start));
        assertThat(log.deleteRecordsBefore(target)).isEqualTo(Math.max(start, target));
        moveStart(Math.max(start, target));
      } else if (action instanceof Truncate t) {
        truncate(start + (long) (t.at() * (end - start)));
      } else if (action instanceof Reopen r) {
        reopen(r.clean());
      }
    }

    private void append(Append a) {
      clock.advance(a.timestampStep());
      MemoryRecords batch = TestRecords.batch(CODECS[a.codec()], clock.millis(), a.records(),
          a.valueSize(), "s" + step + "-");
      List<TestRecords.Rec> appended = TestRecords.records(batch);
      LogAppendResult result = log.append(batch);
      assertThat(result.firstOffset()).isEqualTo(end);
      batchStarts.add(end);
      for (TestRecords.Rec rec : appended) {
        model.put(end + rec.offset(),
            new TestRecords.Rec(end + rec.offset(), rec.timestamp(), rec.key(), rec.value()));
      }
      end += appended.size();
    }

    private void read(Read r) {
      long offset = start + (long) (r.at() * (end - start));
      FetchSlice slice = log.read(offset, r.maxBytes(), r.minOneBatch());
      if (offset == end) {
        assertThat(slice.isEmpty()).isTrue();
        return;
      }
      if (r.minOneBatch()) {
        assertThat(slice.isEmpty()).isFalse();
      }
      List<TestRecords.Rec> records = TestRecords.records(slice.toMemoryRecords());
      assertThat(slice.sizeInBytes()).isLessThanOrEqualTo(
          r.minOneBatch() ? Math.max(r.maxBytes(), firstBatchSize(slice)) : r.maxBytes());
      long expected = offset;
      for (TestRecords.Rec rec : records) {
        if (rec.offset() >= offset) {
          assertThat(rec).isEqualTo(model.get(expected));
          expected++;
        }
      }
      if (!slice.isEmpty()) {
        assertThat(slice.firstOffset()).isLessThanOrEqualTo(offset);
        assertThat(expected).isEqualTo(slice.lastOffset() + 1);
      }
    }

    private void lookup(Lookup l) {
      if (model.isEmpty()) {
        assertThat(log.offsetForTimestamp(0)).isEmpty();
        return;
      }
      long min = model.values().stream().mapToLong(TestRecords.Rec::timestamp).min().orElseThrow();
      long max = model.values().stream().mapToLong(TestRecords.Rec::timestamp).max().orElseThrow();
      long timestamp = min - 1 + (long) (l.at() * (max - min + 2));
      Optional<TimestampAndOffset> expected = model.values().stream()
          .filter(rec -> rec.timestamp() >= timestamp).findFirst()
          .map(rec -> new TimestampAndOffset(rec.timestamp(), rec.offset()));
      assertThat(log.offsetForTimestamp(timestamp)).isEqualTo(expected);
    }

    private void retain(int keepBytes) {
      log.updateConfig(config.with(Map.of("retention.bytes", (long) keepBytes)));
      log.deleteOldSegments();
      log.updateConfig(config);
      List<SegmentInfo> segments = log.segments();
      assertThat(segments.size() == 1
          || log.sizeInBytes() - segments.get(0).sizeInBytes() < keepBytes).isTrue();
      assertThat(log.logStartOffset()).isGreaterThanOrEqualTo(start);
      moveStart(log.logStartOffset());
    }

    private void truncate(long target) {
      long newEnd = log.truncateTo(target);
      long expected = target >= end ? end : batchStarts.floor(target);
      assertThat(newEnd).isEqualTo(expected);
      model.tailMap(newEnd, true).clear();
      batchStarts.tailSet(newEnd, true).clear();
      end = newEnd;
      start = Math.min(start, end);
    }

    private void reopen(boolean clean) {
      if (clean) {
        log.close();
      } else {
        flusher.execute(() -> { }).join();
        log.abandon();
      }
      log = PartitionLog.open(dir, config, flusher, SegmentListener.NONE, clock);
    }

    private void moveStart(long newStart) {
      start = newStart;
      model.headMap(newStart, false).clear();
    }

    private void checkInvariants() {
      assertThat(log.logEndOffset()).isEqualTo(end);
      assertThat(log.logStartOffset()).isEqualTo(start);
      List<SegmentInfo> segments = log.segments();
      for (int i = 1; i < segments.size(); i++) {
        assertThat(segments.get(i).baseOffset()).isEqualTo(segments.get(i - 1).nextOffset());
        assertThat(segments.get(i - 1).sealed()).isTrue();
      }
      assertThat(segments.get(segments.size() - 1).sealed()).isFalse();
      assertThat(segments.get(segments.size() - 1).nextOffset()).isEqualTo(end);
    }

    private int firstBatchSize(FetchSlice slice) {
      return slice.isEmpty() ? 0 : slice.read().getInt(BatchHeader.LENGTH_OFFSET)
          + BatchHeader.LOG_OVERHEAD;
    }

    private List<TestRecords.Rec> readAll() {
      List<TestRecords.Rec> out = new ArrayList<>();
      long offset = log.logStartOffset();
      while (offset < log.logEndOffset()) {
        FetchSlice slice = log.read(offset, 1 << 20, true);
        for (TestRecords.Rec rec : TestRecords.records(slice.toMemoryRecords())) {
          if (rec.offset() >= offset) {
            out.add(rec);
          }
        }
        offset = slice.lastOffset() + 1;
      }
      return out;
    }
  }
}
