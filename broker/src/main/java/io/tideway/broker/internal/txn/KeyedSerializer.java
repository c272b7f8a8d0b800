package io.tideway.broker.internal.txn;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous operations one at a time per key, in submission order; different keys run
 * concurrently. The coordinator uses it so that the read-modify-write of one transactional id's
 * state (and the marker writes of its decision) never interleaves with another request or
 * background task for the same id.
 *
 * <p>Thread-safe. Invariant: the map holds, per key, the tail of its chain until that tail is
 * done, so idle keys cost nothing. An operation that throws fails its own future only.
 */
final class KeyedSerializer {

  private final ConcurrentHashMap<String, Future<?>> tails = new ConcurrentHashMap<>();

  /**
   * Runs an operation once every earlier operation of its key is finished.
   *
   * @param key the key to serialise on
   * @param operation started once every earlier operation of {@code key} is finished
   * @return the operation's result
   */
  <T> Future<T> submit(String key, Supplier<Future<T>> operation) {
    Promise<T> result = Promise.promise();
    Future<T> tail = result.future();
    Future<?> previous = tails.put(key, tail);
    Future<?> start = previous == null ? Future.succeededFuture() : previous;
    start.onComplete(ignored -> {
      Future<T> running;
      try {
        running = operation.get();
      } catch (RuntimeException e) {
        running = Future.failedFuture(e);
      }
      running.onComplete(outcome -> {
        tails.remove(key, tail);
        result.handle(outcome);
      });
    });
    return tail;
  }
}
