package io.tideway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.List;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/**
 * Produce with {@code acks=0}: the client reads no response, so success sends nothing and later
 * responses flow; a failure cannot be answered and closes the connection, as in Apache Kafka.
 */
class AcksZeroProduceIT {

    private static ProduceRequest acksZero() {
        return new ProduceRequest.Builder((short) 3, (short) 13, new ProduceRequestData()
                .setAcks((short) 0).setTimeoutMs(1000)).build((short) 9);
    }

    @Test
    void successfulAcksZeroProduceSendsNothing() throws Exception {
        TestHandler produce = TestHandler.advertising(ApiKeys.PRODUCE, 0, 3, 13,
                (ctx, request) -> Future.succeededFuture(Reply.none()));
        try (GatewayHarness harness = GatewayHarness.start(List.of(produce));
                WireClient client = harness.connect()) {
            client.send(acksZero(), 1);
            client.send(acksZero(), 2);
            RequestHeader next = client.send(new ApiVersionsRequest.Builder().build((short) 3), 3);
            ApiVersionsResponse response = (ApiVersionsResponse) client.receive(next);
            assertThat(response.data().apiKeys().find(ApiKeys.PRODUCE.id).minVersion())
                    .as("Produce advertised from v0, as librdkafka needs").isZero();
        }
    }

    @Test
    void failedAcksZeroProduceClosesTheConnection() throws Exception {
        TestHandler produce = TestHandler.of(ApiKeys.PRODUCE, 3, 13,
                (ctx, request) -> Future.failedFuture(new IllegalStateException("disk on fire")));
        try (GatewayHarness harness = GatewayHarness.start(List.of(produce));
                WireClient client = harness.connect()) {
            client.send(acksZero(), 1);
            assertThat(client.awaitClosedByPeer()).isTrue();
        }
    }

    @Test
    void acksZeroProduceWithoutHandlerClosesTheConnection() throws Exception {
        try (GatewayHarness harness = GatewayHarness.start(List.of());
                WireClient client = harness.connect()) {
            client.send(acksZero(), 1);
            assertThat(client.awaitClosedByPeer()).isTrue();
        }
    }
}
