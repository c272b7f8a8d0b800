package io.tideway.gateway.internal.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.util.ResourceLeakDetector;
import io.tideway.gateway.GatewayOptions;
import io.tideway.gateway.internal.KafkaConnection;
import io.tideway.gateway.internal.RequestRouter;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the whole path of a client connection: arbitrary bytes arrive on a real {@link
 * KafkaConnection} (frame decoding, header and body parsing, routing, in-order responses, error
 * responses, closing) whose handlers are every handler the broker serves, over the real engine in
 * a temporary directory ({@link FuzzEngine}). Only the socket is in memory ({@link
 * LoopbackSocket}).
 *
 * <p>Invariants, checked per input by {@link Exchange}: no exception escapes the connection; every
 * request is answered, in order, with a response kafka-clients parses at the request's version
 * and correlation id, unless the connection closes by design (an invalid frame, an unparsable
 * request, a failed {@code acks=0} produce); nothing is logged at ERROR (a handler failing with a
 * non-Kafka exception, a response that cannot be encoded, a Netty buffer leak, with leak detection
 * at PARANOID); and no request hangs: all are answered within {@link #HANG_LIMIT}, except those
 * that may legitimately wait ({@link #MAY_PARK}: a long-poll Fetch, a JoinGroup or SyncGroup
 * waiting for its group, a topic creation with thousands of partitions), which the client
 * abandons after {@link #PARK_PATIENCE} by disconnecting.
 *
 * <p>State builds up in the engine across inputs (topics, groups, producers), as it does in a
 * running broker; the engine is replaced every {@link #INPUTS_PER_ENGINE} inputs, and when it
 * holds more than {@link #MAX_ENGINE_PARTITIONS} partitions, so a long run stays fast and within
 * the machine's file descriptors; inputs creating more than {@link #PARTITIONS_PER_INPUT}
 * partitions are skipped for the same reason. An input whose partitions exhausted the descriptors
 * anyway is not a finding: the engine reports the exhausted environment at ERROR and takes the
 * partitions offline, which is its job.
 *
 * <p>Regression mode runs {@code ConnectionFuzzTestInputs/}: one valid request per API key and
 * version ({@link SeedRequests}) plus past findings; {@code JAZZER_FUZZ=1} fuzzes
 * (docs/reliability.md).
 */
class ConnectionFuzzTest {

    private static final int MAX_REQUEST_BYTES = 1 << 20;
    /** Small, so inputs with several frames exercise the in-flight backpressure. */
    private static final int MAX_IN_FLIGHT = 4;
    private static final Duration HANG_LIMIT = Duration.ofSeconds(20);
    private static final Duration PARK_PATIENCE = Duration.ofMillis(150);
    /**
     * Requests that may legitimately take long: waiting for data or for a group, or creating up
     * to 10,000 partitions (a directory and files each).
     */
    private static final Set<ApiKeys> MAY_PARK = EnumSet.of(ApiKeys.FETCH, ApiKeys.JOIN_GROUP,
            ApiKeys.SYNC_GROUP, ApiKeys.CREATE_TOPICS, ApiKeys.CREATE_PARTITIONS);
    private static final int INPUTS_PER_ENGINE = 50_000;
    /** More partitions than this and the engine is replaced (each holds a few open files). */
    private static final int MAX_ENGINE_PARTITIONS = 2_000;
    /**
     * Inputs creating more partitions than this (up to Kafka's cap of 10,000 per request, which
     * the handlers accept) are skipped: thousands of partitions exhaust the machine's 20,000 file
     * descriptors, which says nothing about the gateway.
     */
    private static final int PARTITIONS_PER_INPUT = 200;

    private static final Signal changes = new Signal();
    private static final GatewayOptions OPTIONS = GatewayOptions.defaults("127.0.0.1", 9092)
            .withMaxRequestBytes(MAX_REQUEST_BYTES).withMaxInFlightRequests(MAX_IN_FLIGHT);

    private static ErrorLogCapture errors;
    private static FuzzEngine engine;
    private static RequestRouter router;
    private static Context context;
    private static int inputs;

    @BeforeAll
    static void start() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        errors = ErrorLogCapture.install();
        startEngine();
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        errors.close();
    }

    private static void startEngine() {
        engine = FuzzEngine.start(changes);
        router = new RequestRouter(engine.registry());
        context = engine.vertx().getOrCreateContext();
    }

    @FuzzTest(maxDuration = "10m")
    void everyRequestIsAnsweredOrRefusedByClosing(byte[] input) throws Exception {
        if (++inputs % INPUTS_PER_ENGINE == 0) {
            restartEngine();
        }
        Exchange exchange = Exchange.plan(input, MAX_REQUEST_BYTES, router);
        long partitions = exchange.partitionsToCreate();
        if (partitions > PARTITIONS_PER_INPUT && partitions <= 10_000) {
            return; // beyond this machine's descriptors; Kafka's 10,000 cap is refused cheaply
        }
        int port = 1024 + inputs % 60_000;
        String connectionId = "fuzz-" + inputs;
        LoopbackSocket socket = new LoopbackSocket(context, port, changes);
        onContext(() -> {
            new KafkaConnection(socket.socket(), router, OPTIONS, connectionId).start();
            socket.receive(input);
        });
        try {
            awaitQuiet(exchange, socket, connectionId);
        } finally {
            onContext(socket::disconnect);
            engine.calls().forget(connectionId);
        }
        ErrorLogCapture.Drained logged = errors.drain();
        if (logged.outOfFileDescriptors() || engine.partitionCount() > MAX_ENGINE_PARTITIONS) {
            // Thousands of partitions (a few files each) exhaust this machine's file descriptors;
            // the engine then takes partitions offline and reports it, as it should. Start over
            // from a fresh engine instead of fuzzing an exhausted process.
            restartEngine();
            if (logged.outOfFileDescriptors()) {
                return;
            }
        }
        check(logged.lines().isEmpty(), "errors were logged:\n"
                + String.join("\n", logged.lines()));
        exchange.verifyWritten(socket.written());
        check(!socket.isClosedByServer() || exchange.mayClose(),
                "the connection closed although every request expected a response: "
                        + logged.connectionWarnings());
    }

    private static void restartEngine() {
        FuzzEngine old = engine;
        engine = null;
        old.close();
        errors.drain(); // what the closing engine reported about partitions it was creating
        startEngine();
    }

    /**
     * Waits until the connection closes, or has written every expected response, or is left with
     * only requests that may park and have waited {@link #PARK_PATIENCE}.
     */
    private static void awaitQuiet(Exchange exchange, LoopbackSocket socket, String connectionId)
            throws InterruptedException {
        int expected = exchange.responses().size();
        long start = System.nanoTime();
        while (true) {
            long seen = changes.version();
            if (socket.isClosed()) {
                return;
            }
            List<CallTracker.Call> running = engine.calls().running(connectionId);
            if (running.isEmpty() && Exchange.countResponses(socket.written()) >= expected
                    && !exchange.mustClose()) {
                return;
            }
            long now = System.nanoTime();
            if (!running.isEmpty() && running.stream().allMatch(call ->
                    MAY_PARK.contains(call.apiKey())
                            && now - call.startedNanos() >= PARK_PATIENCE.toNanos())) {
                return;
            }
            if (now - start > HANG_LIMIT.toNanos()) {
                throw new AssertionError("no progress within " + HANG_LIMIT + ": "
                        + Exchange.countResponses(socket.written()) + " of " + expected
                        + " responses written, calls running: " + running);
            }
            changes.awaitChange(seen, PARK_PATIENCE.toNanos() / 3);
        }
    }

    private static void onContext(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(HANG_LIMIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void check(boolean condition, String violation) {
        if (!condition) {
            throw new AssertionError(violation);
        }
    }
}
