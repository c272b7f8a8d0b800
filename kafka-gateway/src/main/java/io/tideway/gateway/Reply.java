package io.tideway.gateway;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * What a handler answers: a response message, nothing at all, or a pre-encoded body made of
 * {@link ResponsePart}s (the zero-copy hook: byte buffers and file regions sent in order after the
 * size prefix and response header).
 *
 * <p>The gateway owns the response header (correlation id, header version) and the size prefix;
 * the handler owns the body. Response messages are encoded at {@link
 * RequestContext#responseVersion()}; a parts body must already be encoded at that version.
 *
 * <p>Thread contract: immutable apart from the one-shot {@link #release()}, which is idempotent and
 * thread-safe. The gateway calls it exactly when the reply's bytes have been handed to the socket
 * and written (or the connection closed), so a handler can keep a segment file open until then.
 */
public final class Reply {

    private static final Reply NONE = new Reply(true, null, List.of(), () -> { });

    private final boolean none;
    private final AbstractResponse response;
    private final List<ResponsePart> parts;
    private final Runnable onRelease;
    private final AtomicBoolean released = new AtomicBoolean();

    private Reply(boolean none, AbstractResponse response, List<ResponsePart> parts,
            Runnable onRelease) {
        this.none = none;
        this.response = response;
        this.parts = parts;
        this.onRelease = onRelease;
    }

    /** A response message, encoded by the gateway at the context's response version. */
    public static Reply of(AbstractResponse response) {
        return new Reply(false, Objects.requireNonNull(response, "response"), List.of(), () -> { });
    }

    /**
     * No response at all (Produce with {@code acks=0}): nothing is written and later responses on
     * the connection are not held back by this request once the handler's future completes.
     */
    public static Reply none() {
        return NONE;
    }

    /**
     * A body the handler encoded itself, written part by part after the gateway's size prefix and
     * response header; file regions go out zero-copy when the connection allows it (see {@link
     * RequestContext#zeroCopySupported()}).
     *
     * @param bodyParts the response body, in order; their lengths sum to the body size
     * @param onRelease run once when the parts are no longer needed (written or dropped)
     */
    public static Reply ofParts(List<ResponsePart> bodyParts, Runnable onRelease) {
        List<ResponsePart> copy = List.copyOf(bodyParts);
        long total = 0;
        for (ResponsePart part : copy) {
            total += part.length();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Response body of " + total
                    + " bytes exceeds the protocol's 2 GiB frame limit");
        }
        return new Reply(false, null, copy, Objects.requireNonNull(onRelease, "onRelease"));
    }

    /** Whether nothing is to be sent. */
    public boolean isNone() {
        return none;
    }

    /** The response message, when this reply carries one. */
    public Optional<AbstractResponse> response() {
        return Optional.ofNullable(response);
    }

    /** The pre-encoded body parts, empty unless built with {@link #ofParts}. */
    public List<ResponsePart> parts() {
        return parts;
    }

    /** Runs the release callback once; later calls do nothing. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }
}
