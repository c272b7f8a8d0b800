package io.tideway.server.transactions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java program running in the background in its own JVM (a Kafka Streams application with its
 * own kafka-clients version), its standard output and error going to one log file the test reads
 * for assertion messages. Unlike {@link io.tideway.server.testing.ExternalProcess}, which runs a
 * command to completion, the test decides when it ends: {@link #stop} closes its standard input,
 * which the program takes as the request to stop cleanly (then SIGTERM, then SIGKILL if it does
 * not), and {@link #kill} is a crash (SIGKILL).
 *
 * <p>Not thread-safe: driven by the test thread.
 */
final class ChildJvm implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> command;
    private final Path log;
    private final Process process;

    private ChildJvm(List<String> command, Path log, Process process) {
        this.command = command;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code java} of this JVM's installation with {@code jvmArgs} (class path, main class
     * or source file, program arguments).
     *
     * @param log the file its output goes to (appended, so restarts keep one history)
     */
    static ChildJvm start(List<String> jvmArgs, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start(); // standard input stays a pipe: closing it asks the program to stop
            return new ChildJvm(List.copyOf(command), log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Whether it is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it printed so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read " + log + ": " + e + ">";
        }
    }

    /** For assertion messages: the command, whether it runs (or its status) and its output. */
    String describe() {
        String status = process.isAlive() ? "running" : "exit status " + process.exitValue();
        return String.join(" ", command) + "\n" + status + "\n--- output ---\n" + output();
    }

    /** Kills it at once (SIGKILL), as a crash would, and waits for it to be gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /**
     * Asks it to stop by closing its standard input and waits up to 30 s; then sends SIGTERM
     * (shutdown hooks run) and waits again; then kills it.
     *
     * @return its exit status
     */
    int stop() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already gone: the wait below returns at once.
        }
        if (!exited()) {
            process.destroy();
            if (!exited()) {
                process.destroyForcibly();
            }
        }
        return awaitExit();
    }

    private boolean exited() {
        try {
            return process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("still running after SIGKILL: " + command);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + command, e);
        }
    }

    /** Stops it if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }
}
