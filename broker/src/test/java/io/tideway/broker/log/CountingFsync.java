package io.tideway.broker.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link Fsync} that counts calls per file and, once armed with {@link #holdNextLogFsync()},
 * holds the next fsync of a {@code .log} file until the test releases it, so that later requests
 * pile up deterministically for the flusher's next round.
 */
final class CountingFsync implements Fsync {

  /** The latches of one hold: entered when the held fsync starts, released by the test. */
  private record Hold(CountDownLatch entered, CountDownLatch release) {
  }

  private final Map<Path, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final AtomicReference<Hold> armed = new AtomicReference<>();
  private volatile Hold current;

  @Override
  public void force(FileChannel channel, Path path) throws IOException {
    counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    total.incrementAndGet();
    if (path.toString().endsWith(LogFileNames.LOG_SUFFIX)) {
      Hold hold = armed.getAndSet(null);
      if (hold != null) {
        hold.entered().countDown();
        try {
          hold.release().await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }
    channel.force(false);
  }

  /** Arms the hold: the next {@code .log} fsync blocks until {@link #release()}. */
  CountingFsync holdNextLogFsync() {
    Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1));
    current = hold;
    armed.set(hold);
    return this;
  }

  /** Waits until the held fsync is in progress (the flusher is stuck inside a round). */
  void awaitHeld() throws InterruptedException {
    current.entered().await();
  }

  void release() {
    current.release().countDown();
  }

  int count(Path path) {
    AtomicInteger count = counts.get(path);
    return count == null ? 0 : count.get();
  }

  /** Fsyncs of files whose name ends with {@code suffix}. */
  int countEndingWith(String suffix) {
    int sum = 0;
    for (Map.Entry<Path, AtomicInteger> entry : counts.entrySet()) {
      if (entry.getKey().toString().endsWith(suffix)) {
        sum += entry.getValue().get();
      }
    }
    return sum;
  }

  int total() {
    return total.get();
  }
}
