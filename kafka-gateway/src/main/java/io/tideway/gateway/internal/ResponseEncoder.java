package io.tideway.gateway.internal;

import io.tideway.gateway.Reply;
import io.tideway.gateway.ResponsePart;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Encodes responses with kafka-clients' generated message classes: size prefix, response header
 * (its version derived from the request's API key and version, always v0 for ApiVersions), then
 * the body, into one exactly-sized heap buffer.
 *
 * <p>Thread-safe: stateless.
 */
public final class ResponseEncoder {

    private static final int SIZE_BYTES = 4;

    private ResponseEncoder() {
    }

    /**
     * Size prefix, header and body in one buffer, positioned at 0.
     *
     * @throws RuntimeException from kafka-clients when the body cannot be written at {@code
     *     version} (a field the version lacks is set); a bug in the handler
     */
    public static ByteBuffer encode(RequestHeader requestHeader, short version, ApiMessage body) {
        ResponseHeaderData header = new ResponseHeaderData()
                .setCorrelationId(requestHeader.correlationId());
        short headerVersion = headerVersion(requestHeader);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int headerSize = header.size(cache, headerVersion);
        int bodySize = body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(SIZE_BYTES + headerSize + bodySize);
        buffer.putInt(headerSize + bodySize);
        ByteBufferAccessor out = new ByteBufferAccessor(buffer);
        header.write(out, cache, headerVersion);
        body.write(out, cache, version);
        if (buffer.hasRemaining()) {
            throw new IllegalStateException("Encoded " + buffer.position() + " bytes of "
                    + buffer.capacity() + " for " + requestHeader.apiKey());
        }
        return buffer.flip();
    }

    /**
     * Size prefix and header for a body of {@code bodyLength} bytes written separately.
     *
     * @throws IllegalArgumentException when the frame would exceed {@link Integer#MAX_VALUE}
     */
    public static ByteBuffer encodePrefix(RequestHeader requestHeader, long bodyLength) {
        ResponseHeaderData header = new ResponseHeaderData()
                .setCorrelationId(requestHeader.correlationId());
        short headerVersion = headerVersion(requestHeader);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int headerSize = header.size(cache, headerVersion);
        long frameSize = headerSize + bodyLength;
        if (frameSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Response frame of " + frameSize
                    + " bytes exceeds the protocol's 2 GiB limit");
        }
        ByteBuffer buffer = ByteBuffer.allocate(SIZE_BYTES + headerSize);
        buffer.putInt((int) frameSize);
        header.write(new ByteBufferAccessor(buffer), cache, headerVersion);
        return buffer.flip();
    }

    /**
     * What goes on the wire before a reply's body parts: the whole response for a message reply,
     * or size prefix and header for a parts reply.
     */
    public static ByteBuffer encodePrefix(RequestHeader requestHeader, short version, Reply reply) {
        if (reply.response().isPresent()) {
            return encode(requestHeader, version, reply.response().get().data());
        }
        long bodyLength = 0;
        for (ResponsePart part : reply.parts()) {
            bodyLength += part.length();
        }
        return encodePrefix(requestHeader, bodyLength);
    }

    private static short headerVersion(RequestHeader requestHeader) {
        return requestHeader.apiKey().responseHeaderVersion(requestHeader.apiVersion());
    }
}
