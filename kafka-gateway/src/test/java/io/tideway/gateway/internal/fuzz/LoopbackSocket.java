package io.tideway.gateway.internal.fuzz;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An in-memory {@link NetSocket} for driving a real {@code KafkaConnection} without the network:
 * the test feeds bytes as if the peer sent them and reads back everything the connection wrote
 * (byte buffers, zero-copy file regions, files), in order. It behaves as Vert.x does where the
 * connection can tell: handlers are called on the socket's context, {@link NetSocket#close()}
 * fires the close handler asynchronously, writes after close fail, file regions are released once
 * written.
 *
 * <p>A {@link Proxy} implements the interface, so a socket method the connection starts to use
 * and this class does not know fails loudly ({@link UnsupportedOperationException}) instead of
 * answering a silent default.
 *
 * <p>Thread contract: confined to the socket's Vert.x context, like a real socket; {@link
 * #written()} and {@link #isClosed()} may be read from any thread.
 */
public final class LoopbackSocket {

    private static final SocketAddress LOCAL = SocketAddress.inetSocketAddress(9092, "127.0.0.1");

    private final Context context;
    private final Signal changes;
    private final SocketAddress remote;
    private final NetSocket proxy;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private Handler<Buffer> dataHandler;
    private Handler<Object> messageHandler;
    // The connection pauses reading through the channel's autoRead flag (ReadGate): a real,
    // unregistered Netty channel gives it one to flip.
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final ChannelHandlerContext channelContext = channel.pipeline().firstContext();
    private Handler<Void> closeHandler;
    private volatile boolean closed;
    private volatile boolean closedByServer;
    private int pauses;

    /**
     * @param context the context the connection lives on
     * @param remotePort the peer's port (identifies the connection in logs)
     * @param changes fired on every write and close
     */
    LoopbackSocket(Context context, int remotePort, Signal changes) {
        this.context = context;
        this.changes = changes;
        this.remote = SocketAddress.inetSocketAddress(remotePort, "127.0.0.1");
        this.proxy = (NetSocket) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {NetSocketInternal.class}, this::invoke);
    }

    /** The socket to hand to the connection. */
    public NetSocket socket() {
        return proxy;
    }

    /** Delivers bytes as received from the peer; call on the socket's context. */
    public void receive(byte[] bytes) {
        if (closed || bytes.length == 0) {
            return;
        }
        if (messageHandler != null) {
            messageHandler.handle(Unpooled.wrappedBuffer(bytes)); // the handler releases it
        } else if (dataHandler != null) {
            dataHandler.handle(Buffer.buffer(bytes));
        }
    }

    /** The peer disconnects; call on the socket's context. */
    public void disconnect() {
        if (!closed) {
            closed = true;
            fireClose();
        }
    }

    /** Everything written so far, in order. */
    public synchronized byte[] written() {
        return written.toByteArray();
    }

    /** Whether the socket is closed (by either side). */
    public boolean isClosed() {
        return closed;
    }

    /** Whether the connection closed the socket. */
    public boolean isClosedByServer() {
        return closedByServer;
    }

    /** Whether reading is paused right now. */
    public boolean isPaused() {
        return pauses > 0 || !channel.config().isAutoRead();
    }

    @SuppressWarnings("unchecked")
    private Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "handler":
                dataHandler = (Handler<Buffer>) args[0];
                return self;
            case "messageHandler":
                messageHandler = (Handler<Object>) args[0];
                return self;
            case "channelHandlerContext":
                return channelContext;
            case "closeHandler":
                closeHandler = (Handler<Void>) args[0];
                return self;
            case "drainHandler", "exceptionHandler", "endHandler":
                return self; // never full, never failing: nothing to call back
            case "pause":
                pauses = 1;
                return self;
            case "resume":
                pauses = 0;
                return self;
            case "writeQueueFull":
                return false;
            case "isSsl":
                return false;
            case "remoteAddress":
                return remote;
            case "localAddress":
                return LOCAL;
            case "write":
                return write(toBytes((Buffer) args[0]));
            case "writeMessage":
                return write(readRegion((FileRegion) args[0]));
            case "sendFile":
                return write(readFile((String) args[0], (Long) args[1], (Long) args[2]));
            case "close", "end":
                if (!closed) {
                    closed = true;
                    closedByServer = true;
                    changes.fire();
                    context.runOnContext(v -> fireClose());
                }
                return Future.succeededFuture();
            case "hashCode":
                return System.identityHashCode(self);
            case "equals":
                return self == args[0];
            case "toString":
                return "LoopbackSocket[" + remote + "]";
            default:
                throw new UnsupportedOperationException("LoopbackSocket does not implement "
                        + method);
        }
    }

    private Future<Void> write(byte[] bytes) {
        if (closed) {
            return Future.failedFuture(new IOException("Socket closed"));
        }
        synchronized (this) {
            written.writeBytes(bytes);
        }
        changes.fire();
        return Future.succeededFuture();
    }

    private void fireClose() {
        if (closeHandler != null) {
            closeHandler.handle(null);
        }
        changes.fire();
    }

    private static byte[] toBytes(Buffer buffer) {
        return buffer.getBytes();
    }

    /** Sends the region as Netty would, then releases it as Netty does after writing. */
    private static byte[] readRegion(FileRegion region) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WritableByteChannel sink = Channels.newChannel(out)) {
            long done = 0;
            while (done < region.count()) {
                long n = region.transferTo(sink, done);
                if (n <= 0) {
                    throw new IOException("File region ended after " + done + " of "
                            + region.count() + " bytes");
                }
                done += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            region.release();
        }
        return out.toByteArray();
    }

    private static byte[] readFile(String path, long position, long length) {
        try (FileChannel file = FileChannel.open(Path.of(path), StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(length));
            while (bytes.hasRemaining()) {
                if (file.read(bytes, position + bytes.position()) < 0) {
                    throw new IOException("File " + path + " is shorter than the region");
                }
            }
            return bytes.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
