package io.tideway.gateway.internal.fuzz;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The handler calls still running, per connection id: which API each serves and since when.
 *
 * <p>Thread-safe: handlers start calls on event loops and their futures complete on any thread.
 */
public final class CallTracker {

    /**
     * One handler call.
     *
     * @param apiKey the API it serves
     * @param startedNanos when it started ({@link System#nanoTime()})
     */
    public record Call(ApiKeys apiKey, long startedNanos) {
    }

    private final Map<String, ConcurrentLinkedQueue<Call>> running = new ConcurrentHashMap<>();
    private final Signal changes;

    CallTracker(Signal changes) {
        this.changes = changes;
    }

    void started(String connectionId, Call call) {
        running.computeIfAbsent(connectionId, id -> new ConcurrentLinkedQueue<>()).add(call);
    }

    void finished(String connectionId, Call call) {
        ConcurrentLinkedQueue<Call> calls = running.get(connectionId);
        if (calls != null) {
            calls.remove(call);
        }
        changes.fire();
    }

    /** The calls of {@code connectionId} that have not completed. */
    public List<Call> running(String connectionId) {
        ConcurrentLinkedQueue<Call> calls = running.get(connectionId);
        return calls == null ? List.of() : List.copyOf(calls);
    }

    /** Stops tracking a connection (its later completions are ignored). */
    public void forget(String connectionId) {
        running.remove(connectionId);
    }
}
