package io.tideway.gateway;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * A blocking raw-socket peer for wire tests: request bytes come from kafka-clients' own request
 * classes (or are hand-made to be malformed), responses are parsed with kafka-clients.
 * Not thread-safe; one per test connection.
 */
final class WireClient implements AutoCloseable {

    static final String CLIENT_ID = "wire-test";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    WireClient(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    /** Connects to 127.0.0.1 from {@code localAddress} (any 127.x.y.z on Linux). */
    WireClient(int port, String localAddress) throws IOException {
        socket = new Socket("127.0.0.1", port, java.net.InetAddress.getByName(localAddress), 0);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A request frame (size prefix included) built by kafka-clients. */
    static ByteBuffer frame(AbstractRequest request, int correlationId) {
        RequestHeader header = header(request, correlationId);
        return sizePrefixed(request.serializeWithHeader(header));
    }

    static RequestHeader header(AbstractRequest request, int correlationId) {
        return new RequestHeader(request.apiKey(), request.version(), CLIENT_ID, correlationId);
    }

    static ByteBuffer sizePrefixed(ByteBuffer payload) {
        ByteBuffer framed = ByteBuffer.allocate(4 + payload.remaining());
        framed.putInt(payload.remaining()).put(payload.duplicate()).flip();
        return framed;
    }

    /** Sends a kafka-clients request; returns its header for parsing the response. */
    RequestHeader send(AbstractRequest request, int correlationId) throws IOException {
        sendRaw(frame(request, correlationId));
        return header(request, correlationId);
    }

    void sendRaw(ByteBuffer bytes) throws IOException {
        ByteBuffer copy = bytes.duplicate();
        byte[] array = new byte[copy.remaining()];
        copy.get(array);
        sendRaw(array);
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads one response frame (without its size prefix). */
    ByteBuffer receiveFrame() throws IOException {
        int size = in.readInt();
        byte[] frame = new byte[size];
        in.readFully(frame);
        return ByteBuffer.wrap(frame);
    }

    /** Reads and parses the response to {@code header}, checking the correlation id. */
    AbstractResponse receive(RequestHeader header) throws IOException {
        return AbstractResponse.parseResponse(receiveFrame(), header);
    }

    /** Reads a v0 ApiVersions response (KIP-511 fallback); returns it with its header. */
    VersionZero receiveApiVersionsV0() throws IOException {
        ByteBuffer frame = receiveFrame();
        ResponseHeader header = ResponseHeader.parse(frame, ApiKeys.API_VERSIONS
                .responseHeaderVersion((short) 0));
        return new VersionZero(header.correlationId(),
                ApiVersionsResponse.parse(new ByteBufferAccessor(frame), (short) 0));
    }

    /** Whether the server closes the connection within the read timeout (no bytes expected). */
    boolean awaitClosedByPeer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (EOFException | SocketException e) {
            return true; // reset by peer counts as closed
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Whether nothing arrives within {@code millis} and the connection stays open. */
    boolean silentFor(int millis) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return in.read() == -2; // never true: any byte or EOF means not silent
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record VersionZero(int correlationId, ApiVersionsResponse response) {
    }
}
