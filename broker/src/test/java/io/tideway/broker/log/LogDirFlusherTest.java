package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDirFlusherTest {

  @TempDir
  Path dir;

  private final List<FileChannel> channels = new ArrayList<>();

  @AfterEach
  void closeChannels() throws IOException {
    for (FileChannel channel : channels) {
      channel.close();
    }
  }

  /** A flush target over one file, fsynced through the hook. */
  private FlushTarget target(String name) throws IOException {
    Path file = dir.resolve(name);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    channels.add(channel);
    return fsync -> fsync.force(channel, file);
  }

  @Test
  void requestsQueuedDuringAnFsyncShareTheNextRoundAndOneFsyncPerFile() throws Exception {
    CountingFsync fsync = new CountingFsync();
    try (LogDirFlusher flusher = new LogDirFlusher(dir, fsync)) {
      FlushTarget a = target("a.log");
      FlushTarget b = target("b.log");
      fsync.holdNextLogFsync();
      CompletableFuture<Void> first = flusher.flush(a);
      fsync.awaitHeld(); // round 1 is inside its fsync; everything below waits for round 2
      List<CompletableFuture<Void>> waiting = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        waiting.add(flusher.flush(a));
        waiting.add(flusher.flush(b));
      }
      assertThat(waiting).noneMatch(CompletableFuture::isDone);
      fsync.release();

      CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThat(first).isCompleted();
      assertThat(fsync.count(dir.resolve("a.log"))).isEqualTo(2);
      assertThat(fsync.count(dir.resolve("b.log"))).isEqualTo(1);
      assertThat(flusher.rounds()).isEqualTo(2);
      assertThat(flusher.syncedTargets()).isEqualTo(3);
    }
  }

  @Test
  void tasksRunOnTheFlusherThreadAfterTheRoundsFsyncsInOrder() throws Exception {
    CountingFsync fsync = new CountingFsync();
    try (LogDirFlusher flusher = new LogDirFlusher(dir, fsync)) {
      FlushTarget a = target("a.log");
      List<String> events = Collections.synchronizedList(new ArrayList<>());
      fsync.holdNextLogFsync();
      flusher.flush(a);
      fsync.awaitHeld();
      CompletableFuture<Void> flushed = flusher.flush(a).thenRun(() -> events.add("flushed"));
      CompletableFuture<Void> t1 = flusher.execute(() -> events.add("task1:"
          + Thread.currentThread().getName()));
      CompletableFuture<Void> t2 = flusher.execute(() -> events.add("task2"));
      fsync.release();
      CompletableFuture.allOf(flushed, t1, t2).get(10, TimeUnit.SECONDS);
      assertThat(events).containsExactly("flushed",
          "task1:tideway-log-flusher-" + dir.getFileName(), "task2");
    }
  }

  @Test
  void aFailedFsyncFailsItsFuturesWithAStorageError() throws Exception {
    Fsync failing = (channel, path) -> {
      throw new IOException("disk on fire");
    };
    try (LogDirFlusher flusher = new LogDirFlusher(dir, failing)) {
      CompletableFuture<Void> future = flusher.flush(target("a.log"));
      assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(KafkaStorageException.class).hasMessageContaining("disk on fire");
      CompletableFuture<Void> task = flusher.execute(() -> {
        throw new IllegalStateException("boom");
      });
      assertThatThrownBy(task::join).isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void closeDrainsQueuedWorkAndLaterRequestsFail() throws Exception {
    LogDirFlusher flusher = new LogDirFlusher(dir, new CountingFsync());
    CompletableFuture<Void> queued = flusher.flush(target("a.log"));
    flusher.close();
    assertThat(queued).isCompleted();
    assertThat(flusher.flush(target("b.log"))).isCompletedExceptionally();
    flusher.close(); // idempotent
    assertThat(Files.exists(dir.resolve("a.log"))).isTrue();
  }
}
