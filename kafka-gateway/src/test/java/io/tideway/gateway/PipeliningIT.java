package io.tideway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/** Ordering, no-response requests, backpressure and handler failures over a real socket. */
class PipeliningIT {

    static ListGroupsRequest listGroups() {
        return new ListGroupsRequest.Builder(new ListGroupsRequestData()).build((short) 3);
    }

    static Reply groups(String groupId) {
        return Reply.of(new ListGroupsResponse(new ListGroupsResponseData().setGroups(
                List.of(new ListedGroup().setGroupId(groupId).setProtocolType("consumer")))));
    }

    static String groupOf(ListGroupsResponse response) {
        return response.data().groups().get(0).groupId();
    }

    @Test
    void responsesLeaveInRequestOrderWhenHandlersFinishOutOfOrder() throws Exception {
        TestHandler.Parking parking = new TestHandler.Parking();
        try (GatewayHarness harness = GatewayHarness.start(
                List.of(parking.handler(ApiKeys.LIST_GROUPS)));
                WireClient client = harness.connect()) {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            List<RequestHeader> headers = new ArrayList<>();
            for (int correlationId = 1; correlationId <= 5; correlationId++) {
                ListGroupsRequest request = listGroups();
                headers.add(WireClient.header(request, correlationId));
                burst.writeBytes(WireClient.frame(request, correlationId).array());
            }
            client.sendRaw(burst.toByteArray()); // pipelined in one write
            await().atMost(Duration.ofSeconds(10)).until(() -> parking.parked.size() == 5);

            List<TestHandler.Parking.Parked> parked = new ArrayList<>(parking.parked);
            for (int i = parked.size() - 1; i >= 0; i--) { // finish last-in first
                TestHandler.Parking.Parked p = parked.get(i);
                p.promise().complete(groups("g" + p.context().correlationId()));
            }
            for (RequestHeader header : headers) {
                ListGroupsResponse response = (ListGroupsResponse) client.receive(header);
                assertThat(groupOf(response)).isEqualTo("g" + header.correlationId());
            }
        }
    }

    @Test
    void noResponseRequestSendsNothingAndDoesNotHoldBackLaterResponses() throws Exception {
        TestHandler silent = TestHandler.of(ApiKeys.HEARTBEAT, 0, 4,
                (ctx, request) -> Future.succeededFuture(Reply.none()));
        try (GatewayHarness harness = GatewayHarness.start(List.of(silent));
                WireClient client = harness.connect()) {
            HeartbeatRequest heartbeat = new HeartbeatRequest.Builder(new HeartbeatRequestData()
                    .setGroupId("g").setMemberId("m").setGenerationId(1)).build((short) 4);
            client.send(heartbeat, 1);
            client.send(heartbeat, 2);
            RequestHeader apiVersions = client.send(
                    new ApiVersionsRequest.Builder().build((short) 3), 3);
            // parseResponse checks the correlation id: the first bytes back answer request 3.
            assertThat(client.receive(apiVersions)).isInstanceOf(ApiVersionsResponse.class);
        }
    }

    @Test
    void readingPausesWhileTheInFlightBudgetIsSpent() throws Exception {
        TestHandler.Parking parking = new TestHandler.Parking();
        GatewayOptions options = GatewayOptions.defaults("127.0.0.1", 0).withMaxInFlightRequests(2);
        try (GatewayHarness harness = GatewayHarness.start(options,
                List.of(parking.handler(ApiKeys.LIST_GROUPS)));
                WireClient client = harness.connect()) {
            List<RequestHeader> headers = new ArrayList<>();
            for (int correlationId = 1; correlationId <= 6; correlationId++) {
                headers.add(client.send(listGroups(), correlationId));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> parking.received.get() == 2);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> parking.received.get() == 2);

            for (int answered = 0; answered < 6; answered++) {
                TestHandler.Parking.Parked next = parking.parked.poll();
                int expectedReceived = Math.min(6, answered + 3);
                next.promise().complete(groups("g" + next.context().correlationId()));
                ListGroupsResponse response = (ListGroupsResponse) client.receive(
                        headers.get(answered));
                assertThat(groupOf(response)).isEqualTo("g" + (answered + 1));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> parking.received.get() == expectedReceived);
                assertThat(parking.parked.size()).isLessThanOrEqualTo(2);
            }
        }
    }

    @Test
    void readingPausesWhileTheClientLeavesItsResponsesUnread() throws Exception {
        int requests = 64;
        ByteBuffer megabyte = ByteBuffer.allocate(1 << 20);
        AtomicInteger handled = new AtomicInteger();
        TestHandler bulky = TestHandler.of(ApiKeys.LIST_GROUPS, 0, 5, (ctx, request) -> {
            handled.incrementAndGet();
            return Future.succeededFuture(
                    Reply.ofParts(List.of(ResponsePart.bytes(megabyte)), () -> { }));
        });
        try (GatewayHarness harness = GatewayHarness.start(List.of(bulky));
                WireClient client = harness.connect()) {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int correlationId = 0; correlationId < requests; correlationId++) {
                burst.writeBytes(WireClient.frame(listGroups(), correlationId).array());
            }
            client.sendRaw(burst.toByteArray());
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() > 0);
            // 64 MiB of answers cannot fit in socket buffers: the server must stop reading.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> handled.get() < requests);

            for (int i = 0; i < requests; i++) {
                ByteBuffer frame = client.receiveFrame();
                assertThat(frame.getInt()).as("correlation id").isEqualTo(i);
            }
            assertThat(handled.get()).isEqualTo(requests);
        }
    }

    @Test
    void failingHandlerIsAnsweredWithUnknownServerErrorAndTheConnectionContinues()
            throws Exception {
        TestHandler failing = TestHandler.of(ApiKeys.LIST_GROUPS, 0, 5, (ctx, request) -> {
            if (ctx.correlationId() == 1) {
                throw new IllegalStateException("boom (thrown)");
            }
            if (ctx.correlationId() == 2) {
                return Future.failedFuture(new IllegalStateException("boom (failed future)"));
            }
            return Future.succeededFuture(groups("fine"));
        });
        try (GatewayHarness harness = GatewayHarness.start(List.of(failing));
                WireClient client = harness.connect()) {
            RequestHeader thrown = client.send(listGroups(), 1);
            RequestHeader failed = client.send(listGroups(), 2);
            RequestHeader fine = client.send(listGroups(), 3);

            assertThat(((ListGroupsResponse) client.receive(thrown)).data().errorCode())
                    .isEqualTo(Errors.UNKNOWN_SERVER_ERROR.code());
            assertThat(((ListGroupsResponse) client.receive(failed)).data().errorCode())
                    .isEqualTo(Errors.UNKNOWN_SERVER_ERROR.code());
            assertThat(groupOf((ListGroupsResponse) client.receive(fine))).isEqualTo("fine");
        }
    }

    @Test
    void listenerWithSeveralInstancesSpreadsConnectionsOverEventLoops() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        TestHandler recording = TestHandler.of(ApiKeys.LIST_GROUPS, 0, 5, (ctx, request) -> {
            threads.add(Thread.currentThread().getName());
            return Future.succeededFuture(groups("g"));
        });
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // instances share a socket only on a fixed port
        }
        GatewayOptions options = GatewayOptions.defaults("127.0.0.1", port).withInstances(3);
        try (GatewayHarness harness = GatewayHarness.start(options, List.of(recording))) {
            for (int i = 0; i < 6; i++) {
                try (WireClient client = harness.connect()) {
                    RequestHeader header = client.send(listGroups(), i);
                    assertThat(groupOf((ListGroupsResponse) client.receive(header))).isEqualTo("g");
                }
            }
            assertThat(threads).hasSizeGreaterThan(1).allMatch(name -> name.contains("eventloop"));
        }
    }
}
