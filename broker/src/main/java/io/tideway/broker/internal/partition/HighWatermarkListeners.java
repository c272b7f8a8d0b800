package io.tideway.broker.internal.partition;

import io.tideway.broker.Partition;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners a partition calls after its high watermark moves (fetch long-polls wait on them).
 * A listener that throws is logged and the others still run.
 *
 * <p>Thread contract: registration and closing are thread-safe (copy-on-write list, rare
 * changes); {@link #fire} runs on the partition's owning context.
 */
final class HighWatermarkListeners {

  private static final Logger log = LoggerFactory.getLogger(HighWatermarkListeners.class);

  private final TopicPartition partition;
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

  HighWatermarkListeners(TopicPartition partition) {
    this.partition = partition;
  }

  /** Adds {@code listener} until the returned registration is closed. */
  Partition.Registration add(Runnable listener) {
    Listener registered = new Listener(listener);
    listeners.add(registered);
    return () -> listeners.remove(registered);
  }

  /** Calls every listener. */
  void fire() {
    for (Listener listener : listeners) {
      try {
        listener.action.run();
      } catch (RuntimeException e) {
        log.atWarn().setMessage("High watermark listener failed")
            .addKeyValue("partition", partition).setCause(e).log();
      }
    }
  }

  /** A registration's identity (the same runnable may be registered twice). */
  private static final class Listener {
    final Runnable action;

    Listener(Runnable action) {
      this.action = action;
    }
  }
}
