package io.tideway.broker.internal.producer;

import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The transactions of one partition that hold its last stable offset back, by first offset (as
 * Kafka's {@code ProducerStateManager} keeps them): ongoing ones (no marker yet) and completed
 * ones whose marker is not yet below the high watermark, so not yet durable under
 * {@code group-commit}. The first offset of the oldest of either is the first unstable offset.
 *
 * <p>Thread contract: owned by the partition's context with its {@link ProducerStateManager};
 * not thread-safe. Invariants: a first offset is in at most one of the two maps; a producer has at
 * most one ongoing transaction.
 */
final class UnstableTransactions {

  private final TreeMap<Long, Long> ongoing = new TreeMap<>(); // first offset -> producer id
  private final TreeMap<Long, Long> unreplicated = new TreeMap<>(); // first offset -> marker

  /** A transaction of {@code producerId} began at {@code firstOffset}. */
  void started(long producerId, long firstOffset) {
    ongoing.put(firstOffset, producerId);
  }

  /** The transaction that began at {@code firstOffset} got its marker at {@code markerOffset}. */
  void completed(long firstOffset, long markerOffset) {
    ongoing.remove(firstOffset);
    unreplicated.put(firstOffset, markerOffset);
  }

  /** Forgets the completed transactions whose marker is now below {@code highWatermark}. */
  void onHighWatermark(long highWatermark) {
    unreplicated.values().removeIf(marker -> marker < highWatermark);
  }

  /** The first offset of the oldest ongoing or not yet replicated transaction. */
  OptionalLong firstUnstableOffset() {
    Long undecided = ongoing.isEmpty() ? null : ongoing.firstKey();
    Long decided = unreplicated.isEmpty() ? null : unreplicated.firstKey();
    if (undecided == null && decided == null) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.min(undecided == null ? Long.MAX_VALUE : undecided,
        decided == null ? Long.MAX_VALUE : decided));
  }

  /** The first offset of the oldest ongoing transaction. */
  OptionalLong firstUndecidedOffset() {
    return ongoing.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ongoing.firstKey());
  }

  /** How many transactions are ongoing. */
  int ongoingCount() {
    return ongoing.size();
  }

  void clear() {
    ongoing.clear();
    unreplicated.clear();
  }
}
