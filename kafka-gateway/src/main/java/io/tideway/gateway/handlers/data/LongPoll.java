package io.tideway.gateway.handlers.data;

import io.tideway.broker.Partition;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Fetch that may wait for data (Kafka's {@code DelayedFetch}). It answers at once when {@code
 * max_wait_ms <= 0}, when there is nothing to read, when {@code min_bytes} are already readable,
 * when a partition has an error or a diverging epoch. Otherwise it listens for high watermark
 * advances on every partition it reads ({@link Partition#onHighWatermarkAdvance}) and reads again
 * after each, until {@code min_bytes} are readable or a partition fails (answering with that read),
 * or until {@code max_wait_ms} pass (answering with a last read, whatever it finds).
 *
 * <p>Under {@code READ_COMMITTED} reads stop at the last stable offset, so only records such a
 * consumer may see count towards {@code min_bytes}; a commit or abort marker moves the high
 * watermark too, which wakes the re-read that finds the newly stable records.
 *
 * <p>Re-reads are coalesced: at most one runs at a time, and advances during one cause a single
 * follow-up. An advance between the first read and the registration is caught by comparing the
 * high watermarks after registering. On completion the timer is cancelled and every listener
 * registration closed.
 *
 * <p>Thread contract: one instance per request, confined to the request's event-loop context:
 * listeners and the timer hop there before touching any state. Never blocks.
 */
final class LongPoll {

    private static final Logger log = LoggerFactory.getLogger(LongPoll.class);

    private final Vertx vertx;
    private final Context context;
    private final FetchReader reader;
    private final List<ReadTarget> targets;
    private final FetchParams params;
    private final Promise<List<PartitionRead>> answer = Promise.promise();
    private final List<Partition.Registration> registrations = new ArrayList<>();
    private long timerId = -1L;
    private boolean done;
    private boolean expiring;
    private boolean reading;
    private boolean advancedWhileReading;

    LongPoll(Vertx vertx, Context context, FetchReader reader, List<ReadTarget> targets,
            FetchParams params) {
        this.vertx = vertx;
        this.context = context;
        this.reader = reader;
        this.targets = targets;
        this.params = params;
    }

    /** Reads, waiting if the request allows it; completes on the request context. */
    Future<List<PartitionRead>> run() {
        return reader.read(context, targets, params).compose(first -> {
            if (params.maxWaitMs() <= 0 || targets.isEmpty() || enough(first)) {
                return Future.succeededFuture(first);
            }
            await(first);
            return answer.future();
        });
    }

    /** Whether a read is worth answering with before the wait is over. */
    private boolean enough(List<PartitionRead> reads) {
        long bytes = 0;
        for (PartitionRead read : reads) {
            if (read.error() != Errors.NONE || read.divergingEpoch() != null) {
                return true;
            }
            bytes += read.bytes();
        }
        return bytes >= params.minBytes();
    }

    private void await(List<PartitionRead> first) {
        timerId = vertx.setTimer(params.maxWaitMs(), id -> expire());
        Set<Partition> watched = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            for (ReadTarget target : targets) {
                if (target.partition() != null && watched.add(target.partition())) {
                    registrations.add(target.partition().onHighWatermarkAdvance(
                            () -> context.runOnContext(v -> advanced())));
                }
            }
        } catch (RuntimeException e) {
            log.atWarn().setMessage("Cannot watch a partition for a fetch long-poll; answering now")
                    .setCause(e).log();
            finish(Future.succeededFuture(first));
            return;
        }
        for (PartitionRead read : first) {
            Partition partition = read.target().partition();
            if (partition.highWatermark() != read.highWatermark()
                    || (params.isolation() == IsolationLevel.READ_COMMITTED
                            && partition.lastStableOffset() != read.lastStableOffset())) {
                advanced();
                return;
            }
        }
    }

    private void advanced() {
        if (done || expiring) {
            return;
        }
        if (reading) {
            advancedWhileReading = true;
            return;
        }
        reading = true;
        reader.read(context, targets, params).onComplete(result -> {
            reading = false;
            if (done || expiring) {
                return;
            }
            if (result.failed() || enough(result.result())) {
                finish(result);
            } else if (advancedWhileReading) {
                advancedWhileReading = false;
                advanced();
            }
        });
    }

    private void expire() {
        if (done || expiring) {
            return;
        }
        expiring = true;
        reader.read(context, targets, params).onComplete(this::finish);
    }

    private void finish(AsyncResult<List<PartitionRead>> result) {
        if (done) {
            return;
        }
        done = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        for (Partition.Registration registration : registrations) {
            try {
                registration.close();
            } catch (RuntimeException e) {
                log.atWarn().setMessage("Closing a high watermark listener failed").setCause(e)
                        .log();
            }
        }
        registrations.clear();
        answer.handle(result);
    }
}
