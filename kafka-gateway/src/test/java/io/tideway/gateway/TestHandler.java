package io.tideway.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;

/** A handler whose behaviour a test supplies; thread-safe as long as the function is. */
final class TestHandler implements ApiHandler {

    private final ApiKeys apiKey;
    private final short advertisedMin;
    private final short min;
    private final short max;
    private final short advertisedMax;
    private final BiFunction<RequestContext, AbstractRequest, Future<Reply>> behaviour;

    private TestHandler(ApiKeys apiKey, int advertisedMin, int min, int max, int advertisedMax,
            BiFunction<RequestContext, AbstractRequest, Future<Reply>> behaviour) {
        this.apiKey = apiKey;
        this.advertisedMin = (short) advertisedMin;
        this.min = (short) min;
        this.max = (short) max;
        this.advertisedMax = (short) advertisedMax;
        this.behaviour = behaviour;
    }

    static TestHandler of(ApiKeys apiKey, int min, int max,
            BiFunction<RequestContext, AbstractRequest, Future<Reply>> behaviour) {
        return new TestHandler(apiKey, min, min, max, max, behaviour);
    }

    static TestHandler advertising(ApiKeys apiKey, int advertisedMin, int min, int max,
            BiFunction<RequestContext, AbstractRequest, Future<Reply>> behaviour) {
        return new TestHandler(apiKey, advertisedMin, min, max, max, behaviour);
    }

    /** This handler, advertising up to {@code version} only. */
    TestHandler advertisingUpTo(int version) {
        return new TestHandler(apiKey, advertisedMin, min, max, version, behaviour);
    }

    @Override
    public ApiKeys apiKey() {
        return apiKey;
    }

    @Override
    public short advertisedMinVersion() {
        return advertisedMin;
    }

    @Override
    public short minVersion() {
        return min;
    }

    @Override
    public short maxVersion() {
        return max;
    }

    @Override
    public short advertisedMaxVersion() {
        return advertisedMax;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        return behaviour.apply(context, request);
    }

    /** Parks every request until the test completes it; counts what is pending. */
    static final class Parking {
        record Parked(RequestContext context, AbstractRequest request, Promise<Reply> promise) {
        }

        final ConcurrentLinkedQueue<Parked> parked = new ConcurrentLinkedQueue<>();
        final AtomicInteger received = new AtomicInteger();

        TestHandler handler(ApiKeys apiKey) {
            return of(apiKey, apiKey.oldestVersion(), apiKey.latestVersion(), (ctx, request) -> {
                Promise<Reply> promise = Promise.promise();
                parked.add(new Parked(ctx, request, promise));
                received.incrementAndGet();
                return promise.future();
            });
        }
    }
}
