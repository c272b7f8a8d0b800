package io.tideway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tideway.gateway.internal.KafkaConnection;
import io.tideway.gateway.internal.RefusalLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connection and request limits over real sockets on 127.0.0.1 (and 127.0.0.2 as a second client
 * address): {@code max.connections}, {@code max.connections.per.ip} with an override, and {@code
 * socket.request.max.bytes}; each refusal closes only the offending connection, with a clear,
 * rate-limited log line.
 */
class ConnectionLimitsIT {

    private final List<WireClient> clients = new ArrayList<>();
    private GatewayHarness harness;
    private int correlation;

    @AfterEach
    void stop() throws IOException {
        for (WireClient client : clients) {
            client.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void connectionsBeyondMaxConnectionsAreClosedAtAcceptAndLoggedOncePerInterval()
            throws Exception {
        ConnectionQuotas quotas = new ConnectionQuotas(ConnectionLimits.resolve(2,
                ConnectionLimits.UNLIMITED, Map.of()));
        harness = GatewayHarness.start(GatewayOptions.defaults("127.0.0.1", 0), List.of(), quotas);
        try (LogLines log = new LogLines(RefusalLog.class)) {
            WireClient first = served("127.0.0.1");
            served("127.0.0.2");
            for (int i = 0; i < 3; i++) {
                assertRefused("127.0.0.1");
            }
            assertThat(log.lines()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("WARN Closing new connection: connection limit reached")
                    .contains("remote=127.0.0.1:", "listener=PLAINTEXT", "limit=max.connections",
                            "value=2", "open=2"));

            first.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> quotas.connections() == 1);
            served("127.0.0.1");
            assertThat(quotas.connections()).isEqualTo(2);
        }
    }

    @Test
    void perIpLimitWithAnOverrideForOneAddress() throws Exception {
        ConnectionQuotas quotas = new ConnectionQuotas(ConnectionLimits.resolve(
                ConnectionLimits.UNLIMITED, 1, ConnectionLimits.parseOverrides("127.0.0.2:2")));
        harness = GatewayHarness.start(GatewayOptions.defaults("127.0.0.1", 0), List.of(), quotas);
        try (LogLines log = new LogLines(RefusalLog.class)) {
            served("127.0.0.1");
            assertRefused("127.0.0.1");
            served("127.0.0.2");
            served("127.0.0.2");
            assertThat(log.lines()).singleElement().satisfies(line -> assertThat(line)
                    .contains("limit=max.connections.per.ip", "value=1"));
            assertRefused("127.0.0.2"); // refused too, but within the log interval: not logged
            assertThat(log.lines()).hasSize(1);
            assertThat(quotas.connectionsFrom(java.net.InetAddress.getByName("127.0.0.2")))
                    .isEqualTo(2);
        }
    }

    @Test
    void frameAboveSocketRequestMaxBytesClosesTheConnectionWithAClearLog() throws Exception {
        int limit = 4096;
        ConnectionQuotas quotas = ConnectionQuotas.unlimited();
        harness = GatewayHarness.start(GatewayOptions.defaults("127.0.0.1", 0)
                .withMaxRequestBytes(limit), List.of(), quotas);
        try (LogLines log = new LogLines(KafkaConnection.class)) {
            WireClient bystander = served("127.0.0.1");
            WireClient client = connect("127.0.0.1");
            // Announces 2 GiB - 1: refused from the size prefix alone, nothing of it allocated.
            client.sendRaw(ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).array());
            assertThat(client.awaitClosedByPeer()).isTrue();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("WARN Closing connection: invalid frame")
                    .contains("reason=frame size exceeds socket.request.max.bytes",
                            "size=2147483647", "maxRequestBytes=4096", "remote=127.0.0.1:"));
            assertServed(bystander);
            await().atMost(Duration.ofSeconds(10)).until(() -> quotas.connections() == 1);
        }
    }

    private WireClient connect(String localAddress) throws IOException {
        WireClient client = new WireClient(harness.port(), localAddress);
        clients.add(client);
        return client;
    }

    /** A connection that is admitted: it gets an answer. */
    private WireClient served(String localAddress) throws IOException {
        WireClient client = connect(localAddress);
        assertServed(client);
        return client;
    }

    private void assertServed(WireClient client) throws IOException {
        RequestHeader header = client.send(new ApiVersionsRequest.Builder().build((short) 3),
                ++correlation);
        assertThat(client.receive(header)).isInstanceOf(ApiVersionsResponse.class);
    }

    private void assertRefused(String localAddress) throws IOException {
        WireClient client = connect(localAddress);
        assertThat(client.awaitClosedByPeer()).as("connection from %s closed", localAddress)
                .isTrue();
    }
}
