package io.tideway.gateway.internal;

import io.netty.channel.ChannelConfig;

/**
 * Pauses and resumes a connection's reading for independent reasons: reading flows only while no
 * reason holds. Pausing stops both the channel's reads (so TCP pushes back on the client) and the
 * frame decoder (so frames already buffered are not dispatched either).
 *
 * <p>Reads are stopped with Netty's {@code autoRead}, not {@code NetSocket.pause()}: the
 * connection takes Netty's pooled buffers directly, and a paused Vert.x socket would queue them
 * where nothing releases them if the connection then closes. Bytes still arriving after the pause
 * (the rest of the current read burst) go to the paused decoder, which copies them.
 *
 * <p>Thread contract: confined to the owning connection's event loop; not thread-safe.
 */
final class ReadGate {

    /** The connection has as many requests in flight as its budget allows. */
    static final int IN_FLIGHT_BUDGET = 1;
    /** The socket's write queue is full: the client is not reading its responses. */
    static final int WRITE_QUEUE_FULL = 2;

    private final ChannelConfig channel;
    private final FrameDecoder decoder;
    private int reasons;
    private boolean closed;

    ReadGate(ChannelConfig channel, FrameDecoder decoder) {
        this.channel = channel;
        this.decoder = decoder;
    }

    /** Adds a reason to stay paused. */
    void pause(int reason) {
        if (closed) {
            return;
        }
        if (reasons == 0) {
            decoder.pause();
            channel.setAutoRead(false);
        }
        reasons |= reason;
    }

    /** Removes a reason; reading resumes when none is left. */
    void resume(int reason) {
        if (closed || (reasons & reason) == 0) {
            return;
        }
        reasons &= ~reason;
        if (reasons == 0) {
            decoder.resume(); // may pause again while dispatching frames it had queued
            if (reasons == 0 && !closed) {
                channel.setAutoRead(true); // reads at once
            }
        }
    }

    /** Whether {@code reason} currently holds. */
    boolean isPausedFor(int reason) {
        return (reasons & reason) != 0;
    }

    /** Ignores every later call: the connection is gone. */
    void close() {
        closed = true;
    }
}
