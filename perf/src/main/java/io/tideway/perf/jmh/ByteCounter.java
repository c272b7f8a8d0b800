package io.tideway.perf.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A JMH auxiliary counter: JMH reports the public field {@code bytes} as a rate next to the
 * operation rate, i.e. bytes per second (divide by 10^6 for MB/s).
 *
 * <p>Thread contract: one instance per benchmark thread (Scope.Thread), reset every iteration.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteCounter {

  /** Bytes appended or read during the current iteration. */
  public long bytes;

  @Setup(Level.Iteration)
  public void reset() {
    bytes = 0;
  }
}
