package io.tideway.gateway.internal.fuzz;

import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Delegates to a real handler and records each call in a {@link CallTracker} until its future
 * completes, so the fuzz harness can tell a request that is legitimately parked (a long-poll
 * Fetch, a JoinGroup waiting for the rebalance) from one that hangs.
 *
 * <p>Thread-safe when the delegate is.
 */
final class TrackedHandler implements ApiHandler {

    private final ApiHandler delegate;
    private final CallTracker calls;

    TrackedHandler(ApiHandler delegate, CallTracker calls) {
        this.delegate = delegate;
        this.calls = calls;
    }

    @Override
    public ApiKeys apiKey() {
        return delegate.apiKey();
    }

    @Override
    public short minVersion() {
        return delegate.minVersion();
    }

    @Override
    public short maxVersion() {
        return delegate.maxVersion();
    }

    @Override
    public short advertisedMinVersion() {
        return delegate.advertisedMinVersion();
    }

    @Override
    public short advertisedMaxVersion() {
        return delegate.advertisedMaxVersion();
    }

    @Override
    public boolean accepts(short version) {
        return delegate.accepts(version);
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        CallTracker.Call call = new CallTracker.Call(apiKey(), System.nanoTime());
        calls.started(context.connectionId(), call);
        Future<Reply> reply;
        try {
            reply = delegate.handle(context, request);
        } catch (RuntimeException e) {
            calls.finished(context.connectionId(), call);
            throw e;
        }
        if (reply == null) {
            calls.finished(context.connectionId(), call);
            return null;
        }
        return reply.andThen(done -> calls.finished(context.connectionId(), call));
    }
}
