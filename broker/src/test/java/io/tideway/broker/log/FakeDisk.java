package io.tideway.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A disk with a byte budget, for the log's writes: as {@link FileWrites} it writes what still fits
 * and then fails with "No space left on device", as {@code pwrite} does on a full file system; as
 * {@link DiskSpace} it reports the budget left. Files matching {@link #failWrites} fail at once
 * with an I/O error, whatever the budget. Every written byte counts (rewrites and truncations give
 * nothing back), which is all the tests need. Thread-safe.
 */
final class FakeDisk implements FileWrites, DiskSpace {

  private final AtomicLong free;
  private volatile Predicate<Path> failing = path -> false;
  private volatile String failure = "Input/output error";

  FakeDisk(long freeBytes) {
    this.free = new AtomicLong(freeBytes);
  }

  /** Sets the bytes left. */
  FakeDisk setFree(long bytes) {
    free.set(bytes);
    return this;
  }

  /** Makes writes to the files matching {@code paths} fail with {@code message}. */
  FakeDisk failWrites(Predicate<Path> paths, String message) {
    this.failure = message;
    this.failing = paths;
    return this;
  }

  /** Lets every file be written again (within the budget). */
  FakeDisk healed() {
    this.failing = path -> false;
    return this;
  }

  @Override
  public int write(FileChannel channel, Path path, ByteBuffer source, long position)
      throws IOException {
    if (failing.test(path)) {
      throw new IOException(failure);
    }
    long available = free.get();
    if (available <= 0) {
      throw new IOException("No space left on device");
    }
    ByteBuffer part = source.duplicate();
    part.limit(part.position() + (int) Math.min(available, source.remaining()));
    int written = channel.write(part, position);
    source.position(source.position() + written);
    free.addAndGet(-written);
    return written;
  }

  @Override
  public long usableBytes() {
    return Math.max(0, free.get());
  }
}
