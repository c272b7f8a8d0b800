package io.tideway.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/** Asks a broker for its ApiVersions over a raw socket, encoding with kafka-clients. */
final class ApiVersionsProbe {

    private ApiVersionsProbe() {
    }

    static ApiVersionsResponse ask(String host, int port) throws IOException {
        ApiVersionsRequest request = new ApiVersionsRequest.Builder().build((short) 4);
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "probe", 1);
        ByteBuffer payload = request.serializeWithHeader(header);
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            byte[] frame = new byte[4 + payload.remaining()];
            ByteBuffer.wrap(frame).putInt(payload.remaining()).put(payload);
            out.write(frame);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            AbstractResponse parsed = AbstractResponse.parseResponse(ByteBuffer.wrap(response),
                    header);
            return (ApiVersionsResponse) parsed;
        }
    }
}
