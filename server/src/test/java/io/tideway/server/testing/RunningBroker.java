package io.tideway.server.testing;

import io.tideway.server.BrokerConfig;
import io.tideway.server.TidewayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An in-process Tideway broker for integration tests: one PLAINTEXT listener on 127.0.0.1, data
 * in its own temporary directory, two network threads (the test machine has two cores).
 *
 * <p>{@link #restart()} stops the broker and starts a new one on the same data directory and the
 * same port, so clients created before keep working (they reconnect) and a test can check what
 * survives a restart.
 *
 * <p>Thread contract: start, restart and stop from the test thread; the getters are safe from
 * any thread.
 */
public final class RunningBroker implements AutoCloseable {

    private final Path root;
    private final Map<String, String> overrides;
    private volatile TidewayServer server;
    private volatile int port;

    private RunningBroker(Path root, Map<String, String> overrides) {
        this.root = root;
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * Starts a broker in a new temporary directory.
     *
     * @param overrides configuration over the test defaults (listener, log.dirs, threads)
     */
    public static RunningBroker start(Map<String, String> overrides) throws IOException {
        RunningBroker broker = new RunningBroker(Files.createTempDirectory("tideway-it-"),
                overrides);
        try {
            broker.server = TidewayServer.start(broker.config(0));
        } catch (RuntimeException e) {
            deleteRecursively(broker.root);
            throw e;
        }
        broker.port = broker.server.listeners().get(0).port();
        return broker;
    }

    private BrokerConfig config(int listenerPort) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + listenerPort);
        config.put("log.dirs", dataDir().toString());
        config.put("num.network.threads", "2");
        config.putAll(overrides);
        return BrokerConfig.fromMap(config);
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The listener's port (kept across restarts). */
    public int port() {
        return port;
    }

    /** The broker's (only) log directory. */
    public Path dataDir() {
        return root.resolve("data");
    }

    /** The running server. */
    public TidewayServer server() {
        return server;
    }

    /** Stops the broker and starts it again on the same data directory and port. */
    public void restart() {
        server.close();
        server = TidewayServer.start(config(port));
    }

    /** Stops the broker; idempotent. */
    @Override
    public void close() {
        TidewayServer running = server;
        if (running != null) {
            running.close();
        }
    }

    /** Stops the broker and deletes its data. */
    void stopAndDelete() {
        try {
            close();
        } finally {
            deleteRecursively(root);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
