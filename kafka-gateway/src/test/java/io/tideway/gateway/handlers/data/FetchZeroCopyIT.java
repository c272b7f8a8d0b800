package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.TopicInfo;
import io.tideway.gateway.ApiRegistry;
import io.tideway.gateway.GatewayOptions;
import io.tideway.gateway.KafkaGateway;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;

/**
 * The Fetch handler behind a real listener: records sent as file regions after the gateway's
 * size prefix and response header arrive as one well-formed response, pipelined requests in
 * order.
 */
class FetchZeroCopyIT extends EngineTestBase {

    @Test
    void fetchedSegmentBytesReachTheSocketInOneFrame() throws Exception {
        TopicInfo orders = broker.createTopic("orders", 1);
        for (int i = 0; i < 20; i++) {
            broker.partition("orders", 0).appendDirect(Batches.batch(5, 200));
        }
        KafkaGateway gateway = HandlerCalls.await(KafkaGateway.start(vertx,
                GatewayOptions.defaults("127.0.0.1", 0),
                ApiRegistry.create(DataHandlers.create(broker, vertx))));
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            short version = 13;
            for (int correlationId = 1; correlationId <= 3; correlationId++) {
                send(socket, new FetchFixture.Request(version)
                        .partition(orders, 0, 25L * (correlationId - 1), 1 << 20).build(),
                        correlationId);
            }
            for (int correlationId = 1; correlationId <= 3; correlationId++) {
                FetchResponse response = receive(socket, version, correlationId);
                PartitionData data = FetchFixture.partitions(response).get(0);
                assertThat(FetchFixture.values(data)).hasSize(100 - 25 * (correlationId - 1));
                assertThat(data.highWatermark()).isEqualTo(100);
            }
        } finally {
            HandlerCalls.await(gateway.close());
        }
    }

    private static void send(Socket socket, AbstractRequest request, int correlationId)
            throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "it",
                correlationId);
        ByteBuffer frame = RequestUtils.serialize(header.data(), header.headerVersion(),
                request.data(), request.version());
        ByteBuffer sized = ByteBuffer.allocate(4 + frame.remaining());
        sized.putInt(frame.remaining()).put(frame).flip();
        socket.getOutputStream().write(sized.array(), 0, sized.limit());
        socket.getOutputStream().flush();
    }

    private static FetchResponse receive(Socket socket, short version, int correlationId)
            throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        ResponseHeader header = ResponseHeader.parse(buffer,
                ApiKeys.FETCH.responseHeaderVersion(version));
        assertThat(header.data().correlationId()).isEqualTo(correlationId);
        FetchResponse response = FetchResponse.parse(new ByteBufferAccessor(buffer), version);
        assertThat(buffer.hasRemaining()).isFalse();
        return response;
    }
}
