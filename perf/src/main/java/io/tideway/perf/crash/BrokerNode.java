package io.tideway.perf.crash;

import io.tideway.perf.compare.BrokerStartException;
import io.tideway.perf.compare.JvmProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker that the harness starts, kills with SIGKILL and restarts, always on the same data
 * directory and the same port on 127.0.0.1 (clients keep their bootstrap and the broker's
 * advertised address across restarts). Each start is an incarnation with its own log file,
 * {@code broker-NNN.log} in the work directory.
 *
 * <p>Thread contract: owned by the harness's main thread; not thread-safe. Every method blocks
 * the caller.
 */
final class BrokerNode {

    private static final Logger log = LoggerFactory.getLogger(BrokerNode.class);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
    /** What {@code TidewayServer} logs once every listener is bound. */
    private static final String READY_LINE = "Tideway ready";

    private final BrokerCommand command;
    private final Path workDir;
    private final Path config;
    private final int port;
    private Process process;
    private Path logFile;
    private int incarnation;
    private long startedNanos;

    /**
     * Writes {@code server.properties} into {@code workDir} (created): the given settings plus
     * the listener on a free port and {@code log.dirs=<workDir>/data}.
     */
    BrokerNode(BrokerCommand command, Path workDir, Map<String, String> settings) {
        this.command = command;
        this.workDir = workDir.toAbsolutePath();
        this.port = JvmProcesses.freePort();
        Map<String, String> all = new TreeMap<>(settings);
        all.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        all.put("log.dirs", dataDir().toString());
        StringBuilder text = new StringBuilder("# written by tideway-perf crash\n");
        all.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        this.config = this.workDir.resolve("server.properties");
        try {
            Files.createDirectories(this.workDir);
            Files.writeString(config, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    Path dataDir() {
        return workDir.resolve("data");
    }

    Path logFile() {
        return logFile;
    }

    int incarnation() {
        return incarnation;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the next incarnation; does not wait for it to serve. */
    void start() {
        if (alive()) {
            throw new IllegalStateException("broker still running (pid " + process.pid() + ")");
        }
        incarnation++;
        logFile = workDir.resolve(String.format("broker-%03d.log", incarnation));
        startedNanos = System.nanoTime();
        process = JvmProcesses.start(command.command(config), workDir, logFile);
        log.atDebug().setMessage("Broker started").addKeyValue("incarnation", incarnation)
                .addKeyValue("pid", process.pid()).log();
    }

    /**
     * Waits until the broker answers Metadata; returns the time from its start.
     *
     * @throws BrokerStartException when it exits or is not ready in time (it is killed then)
     */
    Duration awaitReady(Duration timeout) {
        try {
            JvmProcesses.awaitReady("tideway", process, bootstrap(), logFile, timeout);
        } catch (BrokerStartException e) {
            kill();
            throw e;
        }
        return sinceStart();
    }

    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * Whether this incarnation had logged its ready line (it was serving), read from its log.
     * A start-up kill before it interrupted recovery.
     */
    boolean loggedReady() {
        try (Stream<String> lines = Files.lines(logFile)) {
            return lines.anyMatch(l -> l.contains(READY_LINE));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** SIGKILL, then waits for the process to be gone. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit("SIGKILL");
    }

    /** SIGTERM (a clean shutdown), SIGKILL after a minute; waits for the process to be gone. */
    void stop() {
        if (!alive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.atWarn().setMessage("Broker ignored SIGTERM; killing it")
                        .addKeyValue("pid", process.pid()).log();
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitExit(String signal) {
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("broker pid " + process.pid()
                        + " still alive " + EXIT_TIMEOUT + " after " + signal);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker to exit", e);
        }
    }
}
