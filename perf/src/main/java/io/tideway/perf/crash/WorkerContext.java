package io.tideway.perf.crash;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every client worker of a run shares: where to connect, the topic, the settings, the
 * ledger, and the flag that tells them to stop.
 *
 * <p>Immutable references to thread-safe objects; thread-safe.
 *
 * @param bootstrap {@code 127.0.0.1:<port>}
 * @param topic the test topic
 * @param settings the run's settings
 * @param ledger where the workers record what they were told
 * @param running cleared to stop every worker
 */
record WorkerContext(String bootstrap, String topic, CrashSettings settings, Ledger ledger,
        AtomicBoolean running) {

    /** A random source for one worker, derived from the run's seed. */
    SplittableRandom random(int worker) {
        return new SplittableRandom(settings.seed() * 31 + worker * 7919L + 1);
    }

    boolean active() {
        return running.get();
    }
}
