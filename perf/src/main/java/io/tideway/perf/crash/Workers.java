package io.tideway.perf.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client threads of a run: the idempotent producers, the transactional producers and the
 * group consumer, each on its own daemon thread ({@code crash-i0}, {@code crash-t0},
 * {@code crash-group}).
 *
 * <p>Thread contract: started and stopped by the harness's main thread. {@link #stop()} clears
 * the shared running flag and joins every thread for a bounded time; producers close their
 * clients on the way out, so every answered send is in the ledger when it returns.
 */
final class Workers {

    private static final Logger log = LoggerFactory.getLogger(Workers.class);
    /** Longer than the producers' close timeout, which waits for their deliveries. */
    private static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(90);

    private final WorkerContext context;
    private final List<Thread> threads = new ArrayList<>();

    private Workers(WorkerContext context) {
        this.context = context;
    }

    /** Starts every worker the settings ask for. */
    static Workers start(WorkerContext context, String runId, String groupId) {
        Workers w = new Workers(context);
        for (int i = 0; i < context.settings().producers(); i++) {
            w.spawn("crash-i" + i, new IdempotentProducerWorker(context, i));
        }
        for (int i = 0; i < context.settings().txnProducers(); i++) {
            w.spawn("crash-t" + i, new TransactionalProducerWorker(context, i, runId));
        }
        w.spawn("crash-group", new GroupConsumerWorker(context, groupId));
        return w;
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                log.atError().setMessage("Crash worker died").addKeyValue("worker", name)
                        .setCause(e).log();
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Stops every worker and waits for it (bounded); returns the names still running. */
    List<String> stop() {
        context.running().set(false);
        List<String> stuck = new ArrayList<>();
        long deadline = System.currentTimeMillis() + JOIN_MILLIS;
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                stuck.add(t.getName());
            }
        }
        return stuck;
    }
}
