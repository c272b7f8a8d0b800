package io.tideway.gateway.internal.fuzz;

import io.tideway.gateway.internal.RequestRouter;
import io.tideway.gateway.internal.Routing;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * The fuzz oracle for one connection: what a byte stream from a client must lead to, worked out
 * frame by frame as Apache Kafka's broker behaves, and the check of what the connection wrote.
 *
 * <p>Each complete frame either expects one response (at the version the router chose), expects
 * none (a Produce with {@code acks=0}, which may instead close the connection when it fails), or
 * ends the connection (an invalid size prefix, an unparsable header or body, an unanswerable
 * request). Frames after the first ending one are never read.
 *
 * <p>Thread contract: confined to the fuzz test's thread; immutable after {@link #plan}.
 */
final class Exchange {

    /** What one frame leads to. */
    enum Outcome {
        /** One response, in order. */
        RESPONSE,
        /** No response ({@code acks=0}); a failure closes the connection instead. */
        NO_RESPONSE,
        /** The connection closes here. */
        CLOSE
    }

    /**
     * One frame's expectation.
     *
     * @param outcome what it leads to
     * @param header its request header (null when it cannot be parsed)
     * @param responseVersion the version of its response body
     */
    record Expected(Outcome outcome, RequestHeader header, short responseVersion) {
    }

    private final List<Expected> frames;
    private final long partitionsToCreate;

    private Exchange(List<Expected> frames, long partitionsToCreate) {
        this.frames = frames;
        this.partitionsToCreate = partitionsToCreate;
    }

    /** Plans the stream's expectations with the connection's frame limit and router. */
    static Exchange plan(byte[] stream, int maxFrameBytes, RequestRouter router) {
        List<Expected> frames = new ArrayList<>();
        long partitions = 0;
        ByteBuffer in = ByteBuffer.wrap(stream);
        while (in.remaining() >= 4) {
            int size = in.getInt();
            if (size < 0 || size > maxFrameBytes) {
                frames.add(new Expected(Outcome.CLOSE, null, (short) -1));
                break;
            }
            if (in.remaining() < size) {
                break; // the connection waits for the rest
            }
            byte[] frame = new byte[size];
            in.get(frame);
            Routing routing = router.route(ByteBuffer.wrap(frame));
            partitions += partitionsToCreate(routing);
            Expected expected = expect(routing);
            frames.add(expected);
            if (expected.outcome() == Outcome.CLOSE) {
                break;
            }
        }
        return new Exchange(List.copyOf(frames), partitions);
    }

    /** At most how many partitions a dispatched CreateTopics or CreatePartitions asks for. */
    private static long partitionsToCreate(Routing routing) {
        if (!(routing instanceof Routing.Dispatch dispatch)) {
            return 0;
        }
        long total = 0;
        if (dispatch.request() instanceof CreateTopicsRequest create) {
            for (var topic : create.data().topics()) {
                total += Math.max(topic.numPartitions(), topic.assignments().size());
            }
        } else if (dispatch.request() instanceof CreatePartitionsRequest grow) {
            for (var topic : grow.data().topics()) {
                total += Math.max(0, topic.count());
            }
        }
        return total;
    }

    private static Expected expect(Routing routing) {
        if (routing instanceof Routing.Reject) {
            return new Expected(Outcome.CLOSE, null, (short) -1);
        }
        if (routing instanceof Routing.Refuse refuse) {
            return new Expected(Outcome.RESPONSE, refuse.header(), refuse.header().apiVersion());
        }
        Routing.Dispatch dispatch = (Routing.Dispatch) routing;
        return new Expected(expectsNoResponse(dispatch.request()) ? Outcome.NO_RESPONSE
                : Outcome.RESPONSE, dispatch.header(), dispatch.responseVersion());
    }

    private static boolean expectsNoResponse(AbstractRequest request) {
        return request instanceof ProduceRequest produce && produce.acks() == 0;
    }

    /** At most how many partitions the stream's requests ask the engine to create. */
    long partitionsToCreate() {
        return partitionsToCreate;
    }

    /** The responses expected, in order. */
    List<Expected> responses() {
        return frames.stream().filter(f -> f.outcome() == Outcome.RESPONSE).toList();
    }

    /** Whether the connection may close by design: a frame ends it or an acks=0 produce fails. */
    boolean mayClose() {
        return frames.stream().anyMatch(f -> f.outcome() != Outcome.RESPONSE);
    }

    /** Whether the connection must close: a frame ends it. */
    boolean mustClose() {
        return frames.stream().anyMatch(f -> f.outcome() == Outcome.CLOSE);
    }

    /** How many whole response frames {@code written} holds. */
    static int countResponses(byte[] written) {
        ByteBuffer out = ByteBuffer.wrap(written);
        int count = 0;
        while (out.remaining() >= 4) {
            int size = out.getInt(out.position());
            if (size < 0 || out.remaining() - 4 < size) {
                break;
            }
            out.position(out.position() + 4 + size);
            count++;
        }
        return count;
    }

    /**
     * Checks what the connection wrote: whole size-prefixed frames only, each the next expected
     * response (its correlation id, a body that kafka-clients parses and that fills the frame
     * exactly), and no more responses than expected.
     *
     * @throws AssertionError describing the first violation
     */
    void verifyWritten(byte[] written) {
        List<Expected> responses = responses();
        ByteBuffer out = ByteBuffer.wrap(written);
        int index = 0;
        while (out.hasRemaining()) {
            check(out.remaining() >= 4, "a response frame is cut inside its size prefix");
            int size = out.getInt();
            check(size >= 0 && size <= out.remaining(), "response " + index + " announces "
                    + size + " bytes but " + out.remaining() + " follow");
            check(index < responses.size(), "response " + index + " was written but only "
                    + responses.size() + " were expected");
            ByteBuffer frame = out.slice(out.position(), size);
            out.position(out.position() + size);
            verifyResponse(index, responses.get(index), frame);
            index++;
        }
    }

    private static void verifyResponse(int index, Expected expected, ByteBuffer frame) {
        ApiKeys key = expected.header().apiKey();
        short version = expected.responseVersion();
        ResponseHeader header = ResponseHeader.parse(frame, key.responseHeaderVersion(version));
        check(header.correlationId() == expected.header().correlationId(), "response " + index
                + " carries correlation id " + header.correlationId() + ", expected "
                + expected.header().correlationId());
        try {
            AbstractResponse.parseResponse(key, new ByteBufferAccessor(frame), version);
        } catch (RuntimeException e) {
            throw new AssertionError("response " + index + " (" + key + " v" + version
                    + ") does not parse: " + e, e);
        }
        check(!frame.hasRemaining(), "response " + index + " (" + key + " v" + version + ") has "
                + frame.remaining() + " bytes after its body");
    }

    private static void check(boolean condition, String violation) {
        if (!condition) {
            throw new AssertionError(violation);
        }
    }
}
