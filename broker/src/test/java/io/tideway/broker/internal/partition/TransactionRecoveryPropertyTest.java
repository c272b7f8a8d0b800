package io.tideway.broker.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.internal.producer.ProducerAppend;
import io.tideway.broker.internal.producer.ProducerBatches;
import io.tideway.broker.internal.producer.ProducerEntry;
import io.tideway.broker.internal.producer.ProducerSnapshotFile;
import io.tideway.broker.internal.producer.ProducerStateLoader;
import io.tideway.broker.internal.producer.ProducerStateManager;
import io.tideway.broker.log.AbortedTransaction;
import io.tideway.broker.log.LogAppendResult;
import io.tideway.broker.log.LogConfig;
import io.tideway.broker.log.LogDirFlusher;
import io.tideway.broker.log.PartitionLog;
import io.tideway.broker.log.SegmentInfo;
import io.tideway.broker.log.SegmentListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Random interleavings of transactional appends, commits, aborts (some bumping the epoch, as
 * KIP-890 coordinators do) and non-transactional appends, over small segments with producer
 * snapshots at every roll; then a crash at a random point (the directory as the process left it,
 * the active segment cut at a random byte, sometimes a sealed {@code .txnindex} damaged) and a
 * reopen through the production loader. The ongoing transactions, the last stable offset and the
 * aborted-transaction index (last stable offsets included) must equal those of a simple model
 * of the operations that survived; and the rebuilt state must accept the producers' next markers.
 */
class TransactionRecoveryPropertyTest {

  private static final TopicPartition TP = new TopicPartition("t", 0);
  private static final long NOW = 1_700_000_000_000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

  /** kind 0-1: transactional data, 2: commit, 3: abort, 4: non-transactional data. */
  record Step(int producer, int kind, int records, boolean bumpEpoch) {
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    return Combinators.combine(Arbitraries.integers().between(1, 4),
        Arbitraries.integers().between(0, 4), Arbitraries.integers().between(1, 3),
        Arbitraries.of(true, false, false)).as(Step::new).list().ofMinSize(1).ofMaxSize(60);
  }

  /** A model change that can be replayed on any model. */
  private interface ModelOp {
    void applyTo(Model model);
  }

  /** One operation that reached the log: its offsets and its change to the model. */
  private record Op(long firstOffset, long lastOffset, ModelOp change) {
  }

  /** The model: per producer its epoch, next sequence and open transaction; the aborts. */
  private static final class Model {
    final Map<Long, Short> epochs = new HashMap<>();
    final Map<Long, Integer> sequences = new HashMap<>();
    final TreeMap<Long, Long> openByProducer = new TreeMap<>();
    final List<AbortedTransaction> aborted = new ArrayList<>();

    long lastStableOffset(long logEnd) {
      return openByProducer.values().stream().min(Long::compare).orElse(logEnd);
    }
  }

  @Property(tries = 100)
  void recoveryRebuildsTheTransactionsOfWhatSurvived(@ForAll("steps") List<Step> steps,
      @ForAll boolean groupCommit, @ForAll @DoubleRange(min = 0, max = 1) double cutAt,
      @ForAll boolean damageASealedIndex) throws IOException {
    Path root = Files.createTempDirectory("txn-recovery");
    try {
      Path dir = root.resolve("t-0");
      LogConfig config = LogConfig.from(Map.of("segment.bytes", 400, "file.delete.delay.ms", 0L,
          "log.flush.policy", groupCommit ? "group-commit" : "none"));
      List<Op> ops = new ArrayList<>();
      Model live = new Model();
      try (LogDirFlusher flusher = new LogDirFlusher(root)) {
        SnapshotAtRoll snapshots = new SnapshotAtRoll(dir);
        PartitionLog log = PartitionLog.open(dir, config, flusher, snapshots, CLOCK);
        ProducerStateManager producers =
            ProducerStateLoader.load(log, TP, Long.MAX_VALUE / 2, NOW);
        snapshots.producers = producers;
        TxnMarkerAppender markers = new TxnMarkerAppender(TP, log, producers, 0, CLOCK);
        for (Step step : steps) {
          apply(step, log, producers, markers, live, ops);
        }
        log.flush().join(); // and with it every flush and checkpoint queued before
        crashImage(dir, root.resolve("crash"), cutAt, damageASealedIndex);
        log.close();
      }
      try (LogDirFlusher flusher = new LogDirFlusher(root.resolve("crash"))) {
        PartitionLog log = PartitionLog.open(root.resolve("crash").resolve("t-0"), config,
            flusher, SegmentListener.NONE, CLOCK);
        try {
          ProducerStateManager producers =
              ProducerStateLoader.load(log, TP, Long.MAX_VALUE / 2, NOW);
          Model expected = expectedFrom(ops, log.logEndOffset());
          assertState(log, producers, expected);
          endOpenTransactions(log, producers, expected);
        } finally {
          log.close();
        }
      }
    } finally {
      deleteRecursively(root);
    }
  }

  /** The model of the operations wholly below {@code logEnd}, replayed in order. */
  private static Model expectedFrom(List<Op> ops, long logEnd) {
    Model model = new Model();
    for (Op op : ops) {
      if (op.lastOffset() < logEnd) {
        op.change().applyTo(model);
      }
    }
    return model;
  }

  private static void apply(Step step, PartitionLog log, ProducerStateManager producers,
      TxnMarkerAppender markers, Model live, List<Op> ops) {
    long producerId = step.producer();
    short epoch = live.epochs.getOrDefault(producerId, (short) 0);
    boolean open = live.openByProducer.containsKey(producerId);
    if (step.kind() <= 1) {
      int sequence = live.sequences.getOrDefault(producerId, 0);
      long first = appendData(log, producers, MemoryRecords.withTransactionalRecords(
          Compression.NONE, producerId, epoch, sequence, records(step.records())));
      long last = first + step.records() - 1;
      ModelOp change = model -> {
        model.sequences.put(producerId, sequence + step.records());
        model.openByProducer.putIfAbsent(producerId, first);
      };
      change.applyTo(live);
      ops.add(new Op(first, last, change));
    } else if (step.kind() == 4) {
      long first = appendData(log, producers,
          MemoryRecords.withRecords(Compression.NONE, records(step.records())));
      ops.add(new Op(first, first + step.records() - 1, model -> { }));
    } else if (open) {
      boolean commit = step.kind() == 2;
      short markerEpoch = (short) (epoch + (step.bumpEpoch() ? 1 : 0));
      long offset = markers.append(producerId, markerEpoch, 0, commit).offset();
      ModelOp change = model -> endTransaction(model, producerId, markerEpoch, commit, offset);
      change.applyTo(live);
      ops.add(new Op(offset, offset, change));
    }
  }

  private static void endTransaction(Model model, long producerId, short markerEpoch,
      boolean commit, long offset) {
    long first = model.openByProducer.remove(producerId);
    if (!commit) {
      model.aborted.add(new AbortedTransaction(producerId, first, offset,
          model.lastStableOffset(offset + 1)));
    }
    if (markerEpoch != model.epochs.getOrDefault(producerId, (short) 0)) {
      model.epochs.put(producerId, markerEpoch);
      model.sequences.put(producerId, 0);
    }
  }

  /** The produce path as {@code ProduceHandler} runs it: check, append, commit. */
  private static long appendData(PartitionLog log, ProducerStateManager producers,
      MemoryRecords records) {
    ProducerAppend check = producers.check(
        ProducerBatches.headers(records.buffer()).orElseThrow(), log.logEndOffset());
    LogAppendResult result = log.append(records, 0);
    producers.commit(check, result.logAppendTime(), NOW);
    return result.firstOffset();
  }

  private static SimpleRecord[] records(int count) {
    SimpleRecord[] records = new SimpleRecord[count];
    for (int i = 0; i < count; i++) {
      records[i] = new SimpleRecord(NOW, null, ("value-" + i).getBytes(StandardCharsets.UTF_8));
    }
    return records;
  }

  private static void assertState(PartitionLog log, ProducerStateManager producers,
      Model expected) {
    long logEnd = log.logEndOffset();
    Map<Long, Long> ongoing = producers.entries().stream()
        .filter(ProducerEntry::hasOngoingTxn)
        .collect(Collectors.toMap(ProducerEntry::producerId,
            ProducerEntry::currentTxnFirstOffset));
    assertThat(ongoing).isEqualTo(expected.openByProducer);
    assertThat(producers.firstUnstableOffset().orElse(logEnd))
        .isEqualTo(expected.lastStableOffset(logEnd));
    assertThat(log.abortedTransactions(log.logStartOffset(), logEnd))
        .containsExactlyElementsOf(expected.aborted);
  }

  /** The rebuilt epochs accept each open transaction's abort, which is indexed as the model's. */
  private static void endOpenTransactions(PartitionLog log, ProducerStateManager producers,
      Model expected) {
    TxnMarkerAppender markers = new TxnMarkerAppender(TP, log, producers, 0, CLOCK);
    for (long producerId : List.copyOf(expected.openByProducer.keySet())) {
      short epoch = expected.epochs.getOrDefault(producerId, (short) 0);
      long offset = markers.append(producerId, epoch, 0, false).offset();
      endTransaction(expected, producerId, epoch, false, offset);
    }
    producers.onHighWatermarkUpdated(log.logEndOffset());
    assertThat(producers.firstUnstableOffset()).isEmpty();
    assertThat(log.abortedTransactions(log.logStartOffset(), log.logEndOffset()))
        .containsExactlyElementsOf(expected.aborted);
  }

  /**
   * Copies the partition directory as a crashed process leaves it (no clean-shutdown marker),
   * cuts the copy's active segment at {@code cutAt} of its length and, if asked, appends a stray
   * byte to the {@code .txnindex} of a sealed segment.
   */
  private static void crashImage(Path dir, Path crashRoot, double cutAt, boolean damage)
      throws IOException {
    Path copy = crashRoot.resolve(dir.getFileName());
    Files.createDirectories(copy);
    List<Path> logs = new ArrayList<>();
    List<Path> txnIndexes = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        Path target = copy.resolve(file.getFileName());
        Files.copy(file, target);
        String name = file.getFileName().toString();
        if (name.endsWith(".log")) {
          logs.add(target);
        } else if (name.endsWith(".txnindex")) {
          txnIndexes.add(target);
        }
      }
    }
    Path active = logs.get(logs.size() - 1);
    try (FileChannel channel = FileChannel.open(active, StandardOpenOption.WRITE)) {
      channel.truncate((long) (channel.size() * cutAt));
    }
    String activeBase = active.getFileName().toString().replace(".log", "");
    List<Path> sealedIndexes = txnIndexes.stream()
        .filter(file -> !file.getFileName().toString().startsWith(activeBase)).toList();
    if (damage && !sealedIndexes.isEmpty()) {
      Files.write(sealedIndexes.get(0), new byte[] {7}, StandardOpenOption.APPEND);
    }
  }

  /** Writes a producer snapshot at each roll and keeps the newest two, as the partition does. */
  private static final class SnapshotAtRoll implements SegmentListener {
    private final Path dir;
    ProducerStateManager producers;

    SnapshotAtRoll(Path dir) {
      this.dir = dir;
    }

    @Override
    public void segmentSealed(SegmentInfo segment) {
      try {
        ProducerSnapshotFile.write(dir, segment.nextOffset(), producers.entries());
        List<Long> offsets = ProducerSnapshotFile.offsets(dir);
        long keepFrom = offsets.get(Math.max(0, offsets.size() - 2));
        ProducerSnapshotFile.deleteIf(dir, offset -> offset < keepFrom);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
