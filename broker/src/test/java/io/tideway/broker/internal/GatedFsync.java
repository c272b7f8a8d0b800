package io.tideway.broker.internal;

import io.tideway.broker.log.Fsync;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * An fsync whose segment-data fsyncs ({@code .log} files) wait while the gate is closed, so a test
 * can observe what happens before and after durability without timing.
 */
public final class GatedFsync implements Fsync {

  private volatile CountDownLatch gate = new CountDownLatch(0);

  /** From now on, {@code .log} fsyncs wait for {@link #open()}. */
  public void close() {
    gate = new CountDownLatch(1);
  }

  public void open() {
    gate.countDown();
  }

  @Override
  public void force(FileChannel channel, Path path) throws IOException {
    if (path.getFileName().toString().endsWith(".log")) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    channel.force(false);
  }
}
