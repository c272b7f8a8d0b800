package io.tideway.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs another program (an old Kafka client's JVM, kcat, a Python client) to completion with a
 * bounded wait, its standard output and error captured in one file so a failing assertion can show
 * everything it printed.
 *
 * <p>Thread contract: call from the test thread; the result is immutable.
 *
 * @param command the command line that ran
 * @param exitCode its exit status, or -1 when it was killed after the timeout
 * @param output what it printed on standard output and error, interleaved
 */
public record ExternalProcess(List<String> command, int exitCode, String output) {

    /**
     * Runs {@code command}, feeding {@code input} (may be null) to its standard input, and waits
     * at most {@code timeout}; a process still running then is killed.
     */
    public static ExternalProcess run(List<String> command, String input, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("tideway-process-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            if (input == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            }
            Process process = builder.start();
            if (input != null) {
                try (var stdin = process.getOutputStream()) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            return new ExternalProcess(List.copyOf(command), finished ? process.exitValue() : -1,
                    finished ? output : output + "\n<killed after " + timeout + ">");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Whether it exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** A description for assertion messages: the command, its status and its output. */
    public String describe() {
        return String.join(" ", command) + "\nexit status " + exitCode + "\n--- output ---\n"
                + output;
    }
}
