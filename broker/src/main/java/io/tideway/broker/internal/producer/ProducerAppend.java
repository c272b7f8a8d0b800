package io.tideway.broker.internal.producer;

import java.util.List;

/**
 * The outcome of checking an append against the producer state
 * ({@link ProducerStateManager#check}): either a duplicate (a retried batch already in the log,
 * answered with its original offsets, nothing appended) or the state changes to commit once the
 * log has accepted the batches, transactions they open included.
 *
 * <p>Thread contract: an immutable value, thread-safe. Invariants: a duplicate has no updates.
 *
 * @param duplicate the retained batch that the request repeats, or null
 * @param updates the batches to record after a successful append, in append order
 */
public record ProducerAppend(BatchMetadata duplicate, List<Update> updates) {

  /** Nothing to check or record: no batch carries a producer id. */
  public static final ProducerAppend NONE = new ProducerAppend(null, List.of());

  public ProducerAppend {
    updates = List.copyOf(updates);
    if (duplicate != null && !updates.isEmpty()) {
      throw new IllegalArgumentException("A duplicate append records nothing");
    }
  }

  /** Whether the request repeats a batch already in the log. */
  public boolean isDuplicate() {
    return duplicate != null;
  }

  /**
   * One idempotent or transactional batch to record.
   *
   * @param producerId its producer id
   * @param epoch its producer epoch
   * @param batch its sequences, offsets and timestamp (the producer's max timestamp; the append
   *     time replaces it under LogAppendTime, see {@link ProducerStateManager#commit})
   * @param transactional whether the batch belongs to a transaction (the producer's first one
   *     opens it)
   */
  public record Update(long producerId, short epoch, BatchMetadata batch, boolean transactional) {
  }
}
