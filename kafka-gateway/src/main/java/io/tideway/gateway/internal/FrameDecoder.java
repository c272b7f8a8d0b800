package io.tideway.gateway.internal;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream into Kafka request frames: a 4-byte big-endian size, then that many bytes.
 *
 * <p>Each frame is copied once, from the socket's buffers into its own heap array, so the {@link
 * ByteBuffer} handed out stays valid for as long as the request needs it (record batches in a
 * Produce request are slices of it). A size below zero or above the limit is reported once through
 * {@link Listener#onInvalidFrame} and the decoder then ignores all further input; nothing of the
 * announced size is allocated.
 *
 * <p>Memory follows the bytes received, not the size announced: a frame's array of the announced
 * size is allocated only once at least half of the frame has arrived, so a frame never holds more
 * than twice the bytes received. Until then the pieces received are kept as copies (never
 * references to the chunks: the caller releases them after {@link #feed}) and moved into the frame
 * array when it is allocated; every later piece is copied straight into it. A peer announcing a
 * 100 MiB frame and sending ten bytes makes the broker hold ten bytes, not 100 MiB. (Assembling
 * every multi-chunk frame from its pieces at the end copied and zeroed each byte twice; at high
 * produce rates that was about 8 % of the broker's CPU.)
 *
 * <p>While {@linkplain #pause() paused} no frame is emitted; input that still arrives is queued
 * and decoded on {@link #resume()}. A listener may pause from inside {@link Listener#onFrame}.
 *
 * <p>The decoder never holds on to a chunk after {@link #feed} returns: bytes it must keep (queued
 * while paused) are copied, so a chunk may be a view of a pooled socket buffer that the caller
 * releases right after the call.
 *
 * <p>Thread contract: confined to the owning connection's event loop; not thread-safe.
 */
public final class FrameDecoder {

    /** Receives decoded frames and framing errors. */
    public interface Listener {
        /** One complete frame (the bytes after the size prefix), positioned at 0. */
        void onFrame(ByteBuffer frame);

        /** The size prefix is unusable; no further frames follow. */
        void onInvalidFrame(String reason, int size);
    }

    private static final int SIZE_BYTES = 4;

    private final int maxFrameBytes;
    private final Listener listener;
    private final byte[] sizeBytes = new byte[SIZE_BYTES];
    private final ArrayDeque<Buffer> backlog = new ArrayDeque<>();
    private int backlogOffset;
    private int sizeFill;
    /** The announced size of the frame being received, or -1 while reading a size prefix. */
    private int expected = -1;
    /** Copies of the pieces received before {@link #frame} is allocated. */
    private final List<byte[]> parts = new ArrayList<>();
    /** The frame being received, once at least half of it has arrived; null before. */
    private byte[] frame;
    private int received;
    private boolean paused;
    private boolean failed;
    private boolean draining;

    /**
     * @param maxFrameBytes largest accepted frame size ({@code socket.request.max.bytes})
     * @param listener receives frames and errors
     */
    public FrameDecoder(int maxFrameBytes, Listener listener) {
        this.maxFrameBytes = maxFrameBytes;
        this.listener = listener;
    }

    /**
     * Adds input and emits every complete frame unless paused. Whatever of {@code chunk} is not
     * consumed by the time this returns is copied, so the caller may release the chunk's memory.
     */
    public void feed(Buffer chunk) {
        if (failed || chunk.length() == 0) {
            return;
        }
        if (paused || draining || !backlog.isEmpty()) {
            backlog.add(copy(chunk, 0)); // decoded later, after the caller has released it
            drain(); // does nothing while paused or already draining
            return;
        }
        backlog.add(chunk);
        drain();
        if (backlog.peekFirst() == chunk) { // paused before the end of the chunk
            backlog.pollFirst();
            backlog.addFirst(copy(chunk, backlogOffset));
            backlogOffset = 0;
        }
    }

    /** A heap copy of {@code chunk} from {@code from} to its end. */
    private static Buffer copy(Buffer chunk, int from) {
        return Buffer.buffer(chunk.getBytes(from, chunk.length()));
    }

    /** Stops emitting frames; input keeps being queued. */
    public void pause() {
        paused = true;
    }

    /** Emits queued frames again. */
    public void resume() {
        paused = false;
        drain();
    }

    /** Drops queued input and ignores everything fed from now on (the connection is closing). */
    public void stop() {
        failed = true;
        backlog.clear();
        parts.clear();
        frame = null;
    }

    /** Whether the decoder is paused. */
    public boolean isPaused() {
        return paused;
    }

    /** Bytes of a partially received frame (size prefix included), for diagnostics. */
    public int partialBytes() {
        return expected < 0 ? sizeFill : SIZE_BYTES + received;
    }

    private void drain() {
        if (draining) {
            return; // re-entered from a listener callback; the outer loop continues
        }
        draining = true;
        try {
            while (!paused && !failed && !backlog.isEmpty()) {
                Buffer chunk = backlog.peek();
                backlogOffset = consume(chunk, backlogOffset);
                if (backlogOffset >= chunk.length()) {
                    backlog.poll();
                    backlogOffset = 0;
                }
            }
        } finally {
            draining = false;
        }
    }

    /** Consumes bytes until one frame is emitted or the chunk is exhausted; returns the position. */
    private int consume(Buffer chunk, int start) {
        int pos = start;
        int end = chunk.length();
        while (pos < end) {
            if (expected < 0) {
                int n = Math.min(SIZE_BYTES - sizeFill, end - pos);
                chunk.getBytes(pos, pos + n, sizeBytes, sizeFill);
                sizeFill += n;
                pos += n;
                if (sizeFill < SIZE_BYTES) {
                    return pos;
                }
                sizeFill = 0;
                if (!startFrame(ByteBuffer.wrap(sizeBytes).getInt())) {
                    return end;
                }
                if (expected == 0) {
                    emit(new byte[0]); // nothing to wait for; the header check rejects it later
                    return pos;
                }
            }
            int n = Math.min(expected - received, end - pos);
            if (frame == null && 2L * (received + n) >= expected) {
                frame = assemble(); // at least half is here: the announced size is now earned
            }
            if (frame != null) {
                chunk.getBytes(pos, pos + n, frame, received);
            } else {
                parts.add(chunk.getBytes(pos, pos + n));
            }
            received += n;
            pos += n;
            if (received == expected) {
                byte[] complete = frame;
                frame = null;
                emit(complete);
                return pos;
            }
        }
        return pos;
    }

    private boolean startFrame(int size) {
        if (size < 0) {
            fail("negative frame size", size);
            return false;
        }
        if (size > maxFrameBytes) {
            fail("frame size exceeds socket.request.max.bytes", size);
            return false;
        }
        expected = size;
        received = 0;
        return true;
    }

    /** A new array of the announced size holding the pieces received so far. */
    private byte[] assemble() {
        byte[] whole = new byte[expected];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, whole, at, part.length);
            at += part.length;
        }
        parts.clear();
        return whole;
    }

    private void emit(byte[] frame) {
        expected = -1;
        received = 0;
        listener.onFrame(ByteBuffer.wrap(frame));
    }

    private void fail(String reason, int size) {
        failed = true;
        backlog.clear();
        parts.clear();
        frame = null;
        listener.onInvalidFrame(reason, size);
    }
}
