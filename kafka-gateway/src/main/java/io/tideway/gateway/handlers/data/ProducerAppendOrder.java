package io.tideway.gateway.handlers.data;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Starts the appends of one producer's transactional Produce requests in the order the requests
 * arrived.
 *
 * <p>Why: a transactional Produce is verified with the transaction coordinator before it appends,
 * and verifications finish in any order. A later request whose partitions are already in the
 * transaction can be verified at once, on the connection's event loop, while the answer to an
 * earlier request of the same producer is still queued for that event loop; appending the later
 * batches first breaks the producer's sequence numbers, which the partition refuses with {@code
 * OUT_OF_ORDER_SEQUENCE_NUMBER} (the client then aborts the transaction). Kafka never meets this
 * because its network layer handles one request per connection at a time. Here requests stay
 * pipelined: only the start of the append phase waits for the producer's previous request.
 *
 * <p>Thread contract: thread-safe. Invariant: the map holds, per producer id, the future of its
 * latest request's append start until that request has started its appends, so idle producers
 * cost nothing.
 */
final class ProducerAppendOrder {

    private final ConcurrentHashMap<Long, Future<Void>> started = new ConcurrentHashMap<>();

    /**
     * Runs {@code appends} on {@code eventLoop} once {@code verified} has completed and the same
     * producer's previous request has started its appends.
     *
     * @param producerId the producer of the request's transactional batches
     * @param verified the request's verification; when it failed, the result fails with its
     *     cause and nothing is appended
     * @param eventLoop the connection's event loop, which owns the request's state
     * @param appends submits the request's appends (synchronously, in partition order) and
     *     returns its reply
     */
    <T> Future<T> inArrivalOrder(long producerId, Future<Void> verified, Context eventLoop,
            Supplier<Future<T>> appends) {
        Promise<Void> mine = Promise.promise();
        Future<Void> previous = started.put(producerId, mine.future());
        Future<?> turn = previous == null ? verified : Future.join(previous, verified);
        return Async.on(eventLoop, turn).transform(ignored -> {
            try {
                return verified.failed() ? Future.failedFuture(verified.cause()) : appends.get();
            } finally {
                started.remove(producerId, mine.future());
                mine.complete();
            }
        });
    }
}
