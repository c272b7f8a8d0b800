package io.tideway.broker.internal.producer;

import io.tideway.broker.ProducerIdService;
import io.tideway.metadata.store.ProducerIdBlock;
import io.tideway.metadata.store.ProducerIdStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out producer ids from blocks of {@value #BLOCK_SIZE} taken from the metadata store. Ids
 * from the current block are served from memory; when it runs out, one block fetch is started and
 * every caller arriving meanwhile waits for that same fetch (callers beyond the new block's size
 * trigger the next one).
 *
 * <p>Thread contract: thread-safe (a small lock guards the block and the waiters; no I/O under
 * it). Futures complete at once when an id is in memory, else on a metadata store thread.
 * Invariants: an id is handed out at most once; ids never repeat across restarts, because a block
 * is never reused. A failed fetch fails its waiters with the retriable
 * {@code CoordinatorLoadInProgressException} (InitProducerId clients retry it).
 */
public final class ProducerIdBlocks implements ProducerIdService {

  /** Ids taken from the store per fetch. */
  public static final int BLOCK_SIZE = 1000;

  private static final Logger log = LoggerFactory.getLogger(ProducerIdBlocks.class);

  private final ProducerIdStore store;
  private final Object lock = new Object();
  private final Queue<Promise<Long>> waiters = new ArrayDeque<>();
  private long next; // guarded by lock
  private long end; // exclusive; guarded by lock
  private boolean fetching; // guarded by lock

  public ProducerIdBlocks(ProducerIdStore store) {
    this.store = store;
  }

  @Override
  public Future<Long> nextProducerId() {
    Promise<Long> promise = Promise.promise();
    boolean startFetch;
    synchronized (lock) {
      if (next < end) {
        return Future.succeededFuture(next++);
      }
      waiters.add(promise);
      startFetch = !fetching;
      fetching = true;
    }
    if (startFetch) {
      fetch();
    }
    return promise.future();
  }

  private void fetch() {
    CompletableFuture<ProducerIdBlock> allocation;
    try {
      allocation = store.allocate(BLOCK_SIZE);
    } catch (RuntimeException e) {
      allocation = CompletableFuture.failedFuture(e);
    }
    allocation.whenComplete((block, error) -> {
      if (error != null) {
        failWaiters(error);
      } else {
        serveWaiters(block);
      }
    });
  }

  private void serveWaiters(ProducerIdBlock block) {
    log.atDebug().setMessage("Allocated producer id block").addKeyValue("firstId", block.firstId())
        .addKeyValue("size", block.size()).log();
    ArrayDeque<Promise<Long>> served = new ArrayDeque<>();
    ArrayDeque<Long> ids = new ArrayDeque<>();
    boolean fetchAgain;
    synchronized (lock) {
      next = block.firstId();
      end = block.lastId() + 1;
      while (!waiters.isEmpty() && next < end) {
        served.add(waiters.poll());
        ids.add(next++);
      }
      fetchAgain = !waiters.isEmpty();
      fetching = fetchAgain;
    }
    while (!served.isEmpty()) {
      served.poll().complete(ids.poll());
    }
    if (fetchAgain) {
      fetch();
    }
  }

  private void failWaiters(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    log.atWarn().setMessage("Producer id block allocation failed")
        .addKeyValue("reason", cause.toString()).log();
    ArrayDeque<Promise<Long>> failed;
    synchronized (lock) {
      failed = new ArrayDeque<>(waiters);
      waiters.clear();
      fetching = false;
    }
    // Retriable for InitProducerId: the client backs off and asks again.
    CoordinatorLoadInProgressException wrapped = new CoordinatorLoadInProgressException(
        "Could not allocate producer ids from the metadata store: " + cause.getMessage(), cause);
    failed.forEach(waiter -> waiter.fail(wrapped));
  }
}
