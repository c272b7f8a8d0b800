package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {

  private static final LogConfig GROUP_COMMIT =
      LogConfig.from(Map.of("log.flush.policy", "group-commit"));

  @TempDir
  Path root;

  @Test
  void concurrentAppendsFromManyPartitionsShareOneFsyncPerFilePerRound() throws Exception {
    CountingFsync fsync = new CountingFsync();
    ExecutorService owners = Executors.newFixedThreadPool(2);
    try (LogDirFlusher flusher = new LogDirFlusher(root, fsync)) {
      PartitionLog p0 = PartitionLog.open(root.resolve("t-0"), GROUP_COMMIT, flusher,
          SegmentListener.NONE, new ManualClock(0));
      PartitionLog p1 = PartitionLog.open(root.resolve("t-1"), GROUP_COMMIT, flusher,
          SegmentListener.NONE, new ManualClock(0));
      fsync.holdNextLogFsync();
      CompletableFuture<Void> first = p0.append(TestRecords.simple(1, 1)).durable();
      fsync.awaitHeld(); // the flusher is stuck in round 1; the next appends queue up

      int perPartition = 50;
      Future<List<CompletableFuture<Void>>> a = owners.submit(() -> appendMany(p0, perPartition));
      Future<List<CompletableFuture<Void>>> b = owners.submit(() -> appendMany(p1, perPartition));
      List<CompletableFuture<Void>> durable = new ArrayList<>(a.get(10, TimeUnit.SECONDS));
      durable.addAll(b.get(10, TimeUnit.SECONDS));
      assertThat(durable).hasSize(2 * perPartition).noneMatch(CompletableFuture::isDone);
      assertThat(first).isNotDone();

      assertThat(p0.durableEndOffset()).isZero();
      assertThat(p0.logEndOffset()).isEqualTo(perPartition + 1);

      fsync.release();
      CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThat(p0.durableEndOffset()).isEqualTo(perPartition + 1);
      assertThat(p1.durableEndOffset()).isEqualTo(perPartition);

      // 101 appends: p0's log fsynced in round 1 and once in round 2, p1's once in round 2.
      assertThat(fsync.countEndingWith(".log")).isEqualTo(3);
      assertThat(fsync.count(LogFileNames.logFile(root.resolve("t-0"), 0))).isEqualTo(2);
      assertThat(fsync.count(LogFileNames.logFile(root.resolve("t-1"), 0))).isEqualTo(1);
      p0.close();
      p1.close();
    } finally {
      owners.shutdownNow();
    }
  }

  @Test
  void truncationLowersTheDurableOffsetAndIgnoresLateCompletions() throws Exception {
    CountingFsync fsync = new CountingFsync();
    try (LogDirFlusher flusher = new LogDirFlusher(root, fsync)) {
      PartitionLog log = PartitionLog.open(root.resolve("t-0"), GROUP_COMMIT, flusher,
          SegmentListener.NONE, new ManualClock(0));
      fsync.holdNextLogFsync();
      log.append(TestRecords.simple(1, 2)); // round 1: its fsync is held
      fsync.awaitHeld();
      CompletableFuture<Void> pending = log.append(TestRecords.simple(1, 3)).durable();
      CompletableFuture<Long> truncated =
          CompletableFuture.supplyAsync(() -> log.truncateTo(2)); // waits behind the flusher
      fsync.release();
      assertThat(truncated.get(10, TimeUnit.SECONDS)).isEqualTo(2);
      pending.get(10, TimeUnit.SECONDS);
      assertThat(log.durableEndOffset()).isEqualTo(2);
      log.close();
    }
  }

  @Test
  void underPolicyNoneTheLogEndIsDurable() {
    try (LogDirFlusher flusher = new LogDirFlusher(root, new CountingFsync())) {
      PartitionLog log = PartitionLog.open(root.resolve("t-0"), LogConfig.defaults(), flusher,
          SegmentListener.NONE, new ManualClock(0));
      LogAppendResult result = log.append(TestRecords.simple(1, 3));
      assertThat(result.durable()).isCompleted();
      assertThat(log.durableEndOffset()).isEqualTo(3);
      log.close();
    }
  }

  private static List<CompletableFuture<Void>> appendMany(PartitionLog log, int count) {
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      futures.add(log.append(TestRecords.simple(i, 1)).durable());
    }
    return futures;
  }

  @Test
  void aFailedFsyncFailsTheDurabilityFutureTakesTheLogOfflineAndStopsAppendsToTheDirectory() {
    Fsync failing = (channel, path) -> {
      throw new IOException("EIO");
    };
    try (LogDirFlusher flusher = new LogDirFlusher(root, failing)) {
      PartitionLog log = PartitionLog.open(root.resolve("t-0"), GROUP_COMMIT, flusher,
          SegmentListener.NONE, new ManualClock(0));
      PartitionLog neighbour = PartitionLog.open(root.resolve("t-1"), LogConfig.from(Map.of()),
          flusher, SegmentListener.NONE, new ManualClock(0));
      CompletableFuture<Void> durable = log.append(TestRecords.simple(1, 1)).durable();
      assertThatThrownBy(durable::join).hasCauseInstanceOf(KafkaStorageException.class)
          .hasMessageContaining("EIO");
      flusher.execute(() -> { }).join(); // the failure callbacks have run by now

      assertThatThrownBy(() -> log.read(0, 1 << 20, true))
          .isInstanceOf(KafkaStorageException.class).hasMessageContaining("offline");
      assertThatThrownBy(() -> neighbour.append(TestRecords.simple(1, 1)))
          .isInstanceOf(KafkaStorageException.class).hasMessageContaining("fsync failure");
      assertThat(flusher.guard().refusal()).hasValueSatisfying(
          reason -> assertThat(reason).contains("EIO"));
      log.close();
      assertThatThrownBy(neighbour::close).isInstanceOf(KafkaStorageException.class)
          .hasRootCauseMessage("EIO"); // its final flush fails too
      assertThat(root.resolve("t-0").resolve(".clean-shutdown")).doesNotExist();
      assertThat(root.resolve("t-1").resolve(".clean-shutdown")).doesNotExist();
    }
  }

  @Test
  void aFailedFsyncOfASealedSegmentTakesTheLogOffline() {
    AtomicBoolean fail = new AtomicBoolean();
    Fsync failing = (channel, path) -> {
      if (fail.get()) {
        throw new IOException("EIO");
      }
    };
    try (LogDirFlusher flusher = new LogDirFlusher(root, failing)) {
      PartitionLog log = PartitionLog.open(root.resolve("t-0"), LogConfig.from(Map.of()),
          flusher, SegmentListener.NONE, new ManualClock(0));
      log.append(TestRecords.simple(1, 1));
      fail.set(true);
      log.roll();
      flusher.execute(() -> { }).join(); // the sealed segment's flush has failed by now
      assertThatThrownBy(() -> log.append(TestRecords.simple(1, 1)))
          .isInstanceOf(KafkaStorageException.class).hasMessageContaining("offline");
      log.close();
      assertThat(root.resolve("t-0").resolve(".clean-shutdown")).doesNotExist();
    }
  }
}
