package io.tideway.server;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The undo steps of a start-up, run in reverse order of registration: what started last stops
 * first. Each step is waited for up to a timeout; a failing or slow step is logged and the next
 * one still runs, so a broken component never keeps the data directories locked.
 *
 * <p>Thread contract: confined to the thread that starts or closes the server (never an event
 * loop: steps block). {@link #run()} runs the steps once; later calls do nothing.
 */
final class ShutdownSequence {

    private static final Logger log = LoggerFactory.getLogger(ShutdownSequence.class);

    /** A step that completes asynchronously (a Vert.x future). */
    @FunctionalInterface
    interface AsyncStep {
        Future<?> start() throws Exception;
    }

    /** A step that completes when it returns (it may block). */
    @FunctionalInterface
    interface BlockingStep {
        void run() throws Exception;
    }

    private record Step(String name, AsyncStep action) {
    }

    private final Duration stepTimeout;
    private final Deque<Step> steps = new ArrayDeque<>();

    ShutdownSequence(Duration stepTimeout) {
        this.stepTimeout = stepTimeout;
    }

    /** Registers a step that returns a future; it runs before every step registered earlier. */
    void pushAsync(String name, AsyncStep step) {
        steps.push(new Step(name, step));
    }

    /** Registers a blocking step; it runs before every step registered earlier. */
    void pushBlocking(String name, BlockingStep step) {
        steps.push(new Step(name, () -> {
            step.run();
            return Future.succeededFuture();
        }));
    }

    /** Runs every registered step, last registered first, and forgets them. */
    void run() {
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.action().start().toCompletionStage().toCompletableFuture()
                        .get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.atWarn().setMessage("Interrupted while stopping; continuing")
                        .addKeyValue("step", step.name()).log();
            } catch (ExecutionException e) {
                log.atWarn().setMessage("Shutdown step failed").addKeyValue("step", step.name())
                        .setCause(e.getCause()).log();
            } catch (TimeoutException e) {
                log.atWarn().setMessage("Shutdown step timed out")
                        .addKeyValue("step", step.name())
                        .addKeyValue("timeoutMs", stepTimeout.toMillis()).log();
            } catch (Exception e) {
                log.atWarn().setMessage("Shutdown step failed").addKeyValue("step", step.name())
                        .setCause(e).log();
            }
        }
    }
}
