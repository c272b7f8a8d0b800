package io.tideway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken input: each bad connection is closed (or answered) on its own while a
 * bystander connection opened before it keeps being served.
 */
class MalformedInputIT {

    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private GatewayHarness harness;
    private WireClient bystander;
    private int bystanderCorrelation;

    @BeforeEach
    void start() throws Exception {
        TestHandler listGroups = TestHandler.of(ApiKeys.LIST_GROUPS, 0, 5, (ctx, request) ->
                Future.succeededFuture(Reply.of(new ListGroupsResponse(new ListGroupsResponseData()))));
        harness = GatewayHarness.start(GatewayOptions.defaults("127.0.0.1", 0)
                .withMaxRequestBytes(MAX_REQUEST_BYTES), List.of(listGroups));
        bystander = harness.connect();
        assertBystanderServed();
    }

    @AfterEach
    void stop() throws Exception {
        assertBystanderServed();
        bystander.close();
        harness.close();
    }

    @Test
    void oversizeFrameClosesOnlyThatConnection() throws Exception {
        assertClosedAfter(ByteBuffer.allocate(8).putInt(MAX_REQUEST_BYTES + 1).putInt(0).array());
    }

    @Test
    void negativeFrameSizeClosesTheConnection() throws Exception {
        assertClosedAfter(ByteBuffer.allocate(8).putInt(-5).putInt(0).array());
    }

    @Test
    void httpRequestIsGarbageAndClosesTheConnection() throws Exception {
        assertClosedAfter("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void zeroSizeFrameClosesTheConnection() throws Exception {
        assertClosedAfter(new byte[4]);
    }

    @Test
    void truncatedFrameFollowedByEndOfStreamClosesTheConnection() throws Exception {
        try (WireClient client = harness.connect()) {
            byte[] frame = apiVersionsFrame(1);
            byte[] truncated = new byte[frame.length - 5];
            System.arraycopy(frame, 0, truncated, 0, truncated.length);
            client.sendRaw(truncated);
            assertBystanderServed(); // a half-received frame blocks nobody else
            client.shutdownOutput();
            assertThat(client.awaitClosedByPeer()).isTrue();
        }
    }

    @Test
    void sizeSmallerThanTheHeaderClosesTheConnection() throws Exception {
        byte[] frame = apiVersionsFrame(1);
        ByteBuffer.wrap(frame).putInt(0, 6); // cuts the header inside the correlation id
        assertClosedAfter(frame);
    }

    @Test
    void sizeLargerThanTheRequestIsAnsweredOrClosedButNeverCrashes() throws Exception {
        byte[] first = apiVersionsFrame(1);
        ByteBuffer.wrap(first).putInt(0, first.length - 4 + 9); // swallows part of the next one
        byte[] second = apiVersionsFrame(2);
        try (WireClient client = harness.connect()) {
            client.sendRaw(first);
            client.sendRaw(second);
            client.shutdownOutput();
            assertThat(client.awaitClosedByPeer()).isTrue();
        }
    }

    @Test
    void unknownApiKeyClosesTheConnection() throws Exception {
        assertClosedAfter(frame(header((short) 999, (short) 0, 1), new byte[0]));
    }

    @Test
    void versionTheCodecCannotParseClosesTheConnection() throws Exception {
        assertClosedAfter(frame(header(ApiKeys.LIST_GROUPS.id, (short) 99, 1), new byte[8]));
    }

    @Test
    void hugeArrayLengthInAnUnhandledApiClosesTheConnection() throws Exception {
        // DescribeGroups v0: groups is an INT32-length array; claim two billion entries.
        byte[] body = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();
        assertClosedAfter(frame(header(ApiKeys.DESCRIBE_GROUPS.id, (short) 0, 1), body));
    }

    @Test
    void hugeCompactArrayLengthInAHandledApiClosesTheConnection() throws Exception {
        // ListGroups v4 (flexible): statesFilter is a compact array; claim 2^31 - 2 entries.
        ByteBuffer body = ByteBuffer.allocate(8);
        new ByteBufferAccessor(body).writeUnsignedVarint(Integer.MAX_VALUE);
        body.flip();
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        assertClosedAfter(frame(header(ApiKeys.LIST_GROUPS.id, (short) 4, 1), bytes));
    }

    @Test
    void randomGarbageNeverTakesTheListenerDown() throws Exception {
        Random random = new Random(20261121L);
        for (int round = 0; round < 40; round++) {
            byte[] garbage = new byte[1 + random.nextInt(200)];
            random.nextBytes(garbage);
            if (round % 2 == 0) { // plausible size prefix, random content
                ByteBuffer.wrap(garbage).putInt(0, Math.max(0, garbage.length - 4));
            }
            try (WireClient client = harness.connect()) {
                client.sendRaw(garbage);
                client.shutdownOutput();
                assertThat(client.awaitClosedByPeer()).as("round %d", round).isTrue();
            }
        }
    }

    private void assertClosedAfter(byte[] bytes) throws IOException {
        try (WireClient client = harness.connect()) {
            client.sendRaw(bytes);
            assertThat(client.awaitClosedByPeer()).isTrue();
        }
    }

    private void assertBystanderServed() throws IOException {
        RequestHeader header = bystander.send(new ApiVersionsRequest.Builder().build((short) 3),
                ++bystanderCorrelation);
        assertThat(bystander.receive(header)).isInstanceOf(ApiVersionsResponse.class);
    }

    private static byte[] apiVersionsFrame(int correlationId) {
        return WireClient.frame(new ApiVersionsRequest.Builder().build((short) 3), correlationId)
                .array();
    }

    private static ByteBuffer header(short apiKey, short version, int correlationId) {
        RequestHeaderData data = new RequestHeaderData().setRequestApiKey(apiKey)
                .setRequestApiVersion(version).setCorrelationId(correlationId).setClientId("bad");
        short headerVersion = ApiKeys.hasId(apiKey)
                ? ApiKeys.forId(apiKey).requestHeaderVersion(version) : 1;
        return MessageUtil.toByteBufferAccessor(data, headerVersion).buffer();
    }

    private static byte[] frame(ByteBuffer header, byte[] body) {
        ByteBuffer frame = ByteBuffer.allocate(4 + header.remaining() + body.length);
        frame.putInt(header.remaining() + body.length).put(header).put(body);
        return frame.array();
    }
}
