package io.tideway.perf.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Helpers shared by the launchers (and the crash harness, {@code io.tideway.perf.crash}): the
 * {@code java} binary, free loopback ports, starting a JVM with its output in a log file, and
 * waiting for readiness.
 *
 * <p>Stateless; thread-safe. Every method blocks the caller.
 */
public final class JvmProcesses {

    private JvmProcesses() {
    }

    /** The {@code java} of the JVM running the harness. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A port free on 127.0.0.1 now. Another process may take it before the broker binds; the
     * broker then fails to start with a clear bind error.
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    /** {@code java <jvmOptions> -cp <lib>/* <mainClass> <args>}. */
    static List<String> command(List<String> jvmOptions, Path lib, String mainClass,
            List<String> args) {
        return command(jvmOptions, lib.toAbsolutePath() + "/*", mainClass, args);
    }

    /** {@code java <jvmOptions> -cp <classpath> <mainClass> <args>}. */
    public static List<String> command(List<String> jvmOptions, String classpath,
            String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Starts {@code command} in {@code workDir} with standard output and error going to
     * {@code log} (replaced when it exists).
     *
     * @throws BrokerStartException when the process cannot be started
     */
    public static Process start(List<String> command, Path workDir, Path log) {
        return start(command, workDir, log, Map.of());
    }

    /** Starts {@code command} with {@code environment} added to this process's environment. */
    static Process start(List<String> command, Path workDir, Path log,
            Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            return builder.start();
        } catch (IOException e) {
            throw new BrokerStartException("cannot start " + command.get(0) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Runs a short-lived JVM (e.g. Kafka's storage format) to completion. */
    static void runToCompletion(List<String> command, Path workDir, Path log, Duration timeout) {
        Process p = start(command, workDir, log);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new BrokerStartException("timed out after " + timeout + ": " + command
                        + " (log: " + log + ")");
            }
            if (p.exitValue() != 0) {
                throw new BrokerStartException("exit status " + p.exitValue() + ": " + command
                        + "\n" + tail(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BrokerStartException("interrupted: " + command, e);
        }
    }

    /**
     * Blocks until the broker answers ApiVersions and Metadata (an Admin describeCluster), the
     * process exits, or the timeout passes.
     *
     * @throws BrokerStartException when not ready, with the log's tail
     */
    public static void awaitReady(String label, Process process, String bootstrap, Path log,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Short back-offs for both kinds of retry, so that readiness is seen within about 50 ms
        // of happening: the default retry.backoff of 100 ms doubling to 1 s after a refused
        // connection quantised start-to-ready coarsely, for either broker.
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "10",
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "50",
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "10",
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "50");
        Admin admin = Admin.create(config);
        try {
            var nodes = admin.describeCluster(new DescribeClusterOptions()
                    .timeoutMs((int) timeout.toMillis())).nodes();
            while (true) {
                try {
                    nodes.get(100, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException e) {
                    if (!process.isAlive()) {
                        throw new BrokerStartException(label + " exited with status "
                                + process.exitValue() + " before it was ready\n" + tail(log));
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new BrokerStartException(label + " not ready after " + timeout
                                + "\n" + tail(log));
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new BrokerStartException(label + " did not answer Metadata: " + e.getCause()
                    + "\n" + tail(log), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("interrupted while waiting for " + label, e);
        } finally {
            // Do not wait for a still pending describeCluster (the broker may be gone).
            admin.close(Duration.ZERO);
        }
    }

    /**
     * Loads and initialises the Admin client's classes in this JVM once, against a port nothing
     * listens on, so that the first broker's start-to-ready does not include the harness's own
     * class loading (about a second on a loaded machine, counted against whichever broker starts
     * first).
     */
    static void warmUpAdminClient() {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + freePort(), AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "10",
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "50");
        Admin admin = Admin.create(config);
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(300)).nodes()
                    .get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // expected: nothing listens there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /** The last 30 lines of a log, for error messages. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "--- last lines of " + log + " ---\n" + String.join("\n",
                    lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }
}
