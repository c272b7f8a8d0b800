package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker started in-process, as {@code Main} does, on a free port. */
class TidewayServerIT {

    @TempDir
    Path dir;

    private BrokerConfig config() {
        return BrokerConfig.fromMap(Map.of("listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dir.resolve("data").toString(), "num.network.threads", "2"));
    }

    @Test
    void servesApiVersionsAndShutsDownCleanly() throws Exception {
        int port;
        try (TidewayServer server = TidewayServer.start(config())) {
            Endpoint listener = server.listeners().get(0);
            port = listener.port();
            assertThat(port).isPositive();

            ApiVersionsResponse response = ApiVersionsProbe.ask("127.0.0.1", port);
            assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(response.data().apiKeys().find(ApiKeys.API_VERSIONS.id)).isNotNull();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                .as("listener closed").isInstanceOf(ConnectException.class);
        try (TidewayServer again = TidewayServer.start(config())) {
            assertThat(again.listeners()).hasSize(1); // the data directory was released
        }
    }

    @Test
    void secondBrokerOnTheSameDataDirectoryFailsAtOnceNamingIt() {
        try (TidewayServer first = TidewayServer.start(config())) {
            assertThat(first.listeners()).hasSize(1);
            assertThatThrownBy(() -> TidewayServer.start(config()))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("Data directory " + dir.resolve("data") + " is in use")
                    .hasMessageContaining("pid=" + ProcessHandle.current().pid());
        }
    }

    @Test
    void portInUseIsAStartupErrorThatReleasesTheDataDirectory() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            BrokerConfig clash = BrokerConfig.fromMap(Map.of(
                    "listeners", "PLAINTEXT://127.0.0.1:" + taken.getLocalPort(),
                    "log.dirs", dir.resolve("data").toString()));
            assertThatThrownBy(() -> TidewayServer.start(clash))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("Cannot listen on PLAINTEXT://127.0.0.1:"
                            + taken.getLocalPort());
        }
        try (TidewayServer server = TidewayServer.start(config())) {
            assertThat(server.listeners()).hasSize(1);
        }
    }

    @Test
    void anUnopenableMetadataStoreIsAStartupErrorThatReleasesTheDataDirectory() throws IOException {
        Path data = java.nio.file.Files.createDirectories(dir.resolve("data"));
        java.nio.file.Files.writeString(data.resolve("metadata"), "not a directory");
        assertThatThrownBy(() -> TidewayServer.start(config()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("Cannot open the metadata store (embedded, in "
                        + data.resolve("metadata") + ")");
        DataDirLock.acquire(data).close(); // released
    }

    @Test
    void theClusterIdIsKeptAcrossRestarts() {
        String clusterId;
        try (TidewayServer server = TidewayServer.start(config())) {
            clusterId = server.clusterId();
            assertThat(clusterId).hasSize(22);
        }
        try (TidewayServer again = TidewayServer.start(config())) {
            assertThat(again.clusterId()).isEqualTo(clusterId);
        }
    }
}
