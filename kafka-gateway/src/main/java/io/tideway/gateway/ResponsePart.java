package io.tideway.gateway;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One piece of a pre-encoded response body (see {@link Reply#ofParts}): bytes in memory, or a
 * region of a file sent without copying it through the JVM heap.
 *
 * <p>Thread contract: immutable values; the buffer and the file behind them must not change until
 * the reply is released.
 */
public sealed interface ResponsePart
        permits ResponsePart.Bytes, ResponsePart.ChannelRegion, ResponsePart.PathRegion {

    /** The number of bytes this part puts on the wire. */
    long length();

    /** The remaining bytes of {@code buffer} (its position and limit are left untouched). */
    static ResponsePart bytes(ByteBuffer buffer) {
        return new Bytes(buffer.asReadOnlyBuffer());
    }

    /**
     * A region of an open file channel, sent with {@code sendfile} through a Netty file region.
     * The channel stays owned by the caller (the gateway never closes it). Needs a plaintext
     * connection: see {@link RequestContext#zeroCopySupported()}.
     */
    static ResponsePart fileRegion(FileChannel channel, long position, long length) {
        return new ChannelRegion(channel, position, length);
    }

    /** A region of a file by path, sent with Vert.x {@code NetSocket.sendFile} (TLS-capable). */
    static ResponsePart file(Path path, long position, long length) {
        return new PathRegion(path, position, length);
    }

    /**
     * In-memory bytes.
     *
     * @param buffer read-only view; the bytes from its position to its limit are sent
     */
    record Bytes(ByteBuffer buffer) implements ResponsePart {
        /** Validates the buffer. */
        public Bytes {
            Objects.requireNonNull(buffer, "buffer");
        }

        @Override
        public long length() {
            return buffer.remaining();
        }
    }

    /**
     * A file-channel region.
     *
     * @param channel open channel, owned by the caller
     * @param position first byte
     * @param length number of bytes
     */
    record ChannelRegion(FileChannel channel, long position, long length) implements ResponsePart {
        /** Validates the region bounds. */
        public ChannelRegion {
            Objects.requireNonNull(channel, "channel");
            checkRegion(position, length);
        }
    }

    /**
     * A file region by path.
     *
     * @param path the file
     * @param position first byte
     * @param length number of bytes
     */
    record PathRegion(Path path, long position, long length) implements ResponsePart {
        /** Validates the region bounds. */
        public PathRegion {
            Objects.requireNonNull(path, "path");
            checkRegion(position, length);
        }
    }

    private static void checkRegion(long position, long length) {
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException("File region needs position >= 0 and length >= 0, got"
                    + " position " + position + " and length " + length);
        }
    }
}
