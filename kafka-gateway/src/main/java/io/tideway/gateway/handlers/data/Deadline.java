package io.tideway.gateway.handlers.data;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * A request's timeout ({@code timeout_ms} of Produce with {@code acks=-1}, DeleteRecords): work
 * bound to it completes with a substitute answer, {@code REQUEST_TIMED_OUT} for its partition, once
 * the deadline passes, as Kafka's delayed operations answer when they expire. The work itself is
 * not cancelled (an append that was already made stays in the log, as with Kafka).
 *
 * <p>Thread contract: thread-safe. The timer is a Vert.x timer; {@link #bound} may be called from
 * any thread and its future completes on whichever thread finished first (the work's or the
 * timer's).
 */
final class Deadline {

    private static final Deadline NONE = new Deadline(null);

    private final Vertx vertx;
    private final Promise<Void> expired = Promise.promise();
    private volatile long timerId = -1L;

    private Deadline(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * A deadline {@code timeoutMs} from now; {@code timeoutMs <= 0} means none (a zero timeout
     * would fail every durable append, while Kafka answers those at once because its local append
     * is synchronous).
     */
    static Deadline after(Vertx vertx, long timeoutMs) {
        if (timeoutMs <= 0) {
            return NONE;
        }
        Deadline deadline = new Deadline(vertx);
        deadline.timerId = vertx.setTimer(timeoutMs, timer -> deadline.expired.tryComplete());
        return deadline;
    }

    /** {@code work}'s outcome, or {@code onExpiry}'s value if the deadline passes first. */
    <T> Future<T> bound(Future<T> work, Supplier<T> onExpiry) {
        if (this == NONE) {
            return work;
        }
        Promise<T> result = Promise.promise();
        work.onComplete(outcome -> {
            if (outcome.succeeded()) {
                result.tryComplete(outcome.result());
            } else {
                result.tryFail(outcome.cause());
            }
        });
        expired.future().onSuccess(v -> result.tryComplete(onExpiry.get()));
        return result.future();
    }

    /** Cancels the timer once every bound piece of work has completed. */
    void cancel() {
        if (this != NONE) {
            vertx.cancelTimer(timerId);
        }
    }
}
