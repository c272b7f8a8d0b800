package io.tideway.broker;

import io.vertx.core.Future;

/**
 * Allocates producer ids for idempotent producers (InitProducerId without a transactional id).
 * Ids come from the metadata store in blocks, so allocation is usually in memory and ids are never
 * reused across restarts or nodes.
 *
 * <p>Thread-safe; the future completes on a metadata store thread when a new block was needed.
 */
public interface ProducerIdService {

  /** A fresh producer id, with epoch 0. */
  Future<Long> nextProducerId();
}
