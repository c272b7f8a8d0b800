package io.tideway.gateway.internal;

import io.netty.buffer.Unpooled;
import io.tideway.gateway.ResponsePart;
import io.vertx.core.Future;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.StreamChannelInternal;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Puts one encoded response on a socket as an ordered sequence of write actions: heap buffers
 * (wrapped, not copied) and file regions (zero-copy through Netty, or Vert.x {@code sendFile} for
 * paths). All actions are issued synchronously on the connection's event loop, so Vert.x keeps
 * them in order and no other response can interleave.
 *
 * <p>Thread contract: confined to the owning connection's event loop.
 */
final class ResponseWriter {

    private final NetSocket socket;

    ResponseWriter(NetSocket socket) {
        this.socket = socket;
    }

    /**
     * Writes a prefix (size, header and possibly the whole body) then the body parts.
     *
     * @return completes when the last action is written; fails if any action cannot be issued
     */
    Future<Void> write(ByteBuffer prefix, List<ResponsePart> parts) {
        Future<Void> last = writeBytes(prefix);
        for (ResponsePart part : parts) {
            if (part.length() == 0) {
                continue;
            }
            try {
                last = writePart(part);
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        return last;
    }

    private Future<Void> writePart(ResponsePart part) {
        if (part instanceof ResponsePart.Bytes bytes) {
            return writeBytes(bytes.buffer().duplicate());
        }
        if (part instanceof ResponsePart.ChannelRegion region) {
            if (socket.isSsl()) {
                throw new IllegalStateException(
                        "Zero-copy file regions cannot be sent over TLS; send bytes instead");
            }
            return ((StreamChannelInternal) socket).writeMessage(
                    new SharedFileRegion(region.channel(), region.position(), region.length()));
        }
        ResponsePart.PathRegion path = (ResponsePart.PathRegion) part;
        // Vert.x silently sends fewer bytes when the file is short, which would corrupt the
        // framing; the size was already announced, so refuse instead.
        long fileSize = path.path().toFile().length();
        if (fileSize < path.position() + path.length()) {
            throw new IllegalStateException("File " + path.path() + " holds " + fileSize
                    + " bytes, fewer than the region's end " + (path.position() + path.length()));
        }
        return socket.sendFile(path.path().toString(), path.position(), path.length());
    }

    private Future<Void> writeBytes(ByteBuffer bytes) {
        return socket.write(BufferInternal.buffer(Unpooled.wrappedBuffer(bytes)));
    }
}
