package io.tideway.perf.compare;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker JVM this harness started: its process, bootstrap address, log file and how long it
 * took from process start to the first answered Metadata request.
 *
 * <p>Thread contract: owned by the compare thread; {@link #stop()} is idempotent.
 *
 * @param label {@code tideway} or {@code kafka}
 * @param process the broker JVM
 * @param bootstrapServers {@code 127.0.0.1:<port>}
 * @param logFile the JVM's standard output and error
 * @param startToReadyMillis process start to first answered Metadata
 */
public record BrokerProcess(String label, Process process, String bootstrapServers, Path logFile,
        double startToReadyMillis) {

    private static final Logger log = LoggerFactory.getLogger(BrokerProcess.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    /** The JVM's process id. */
    public long pid() {
        return process.pid();
    }

    /** SIGTERM, then SIGKILL if the broker has not exited within a minute; blocks until gone. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.atWarn().setMessage("Broker ignored SIGTERM; killing it")
                        .addKeyValue("broker", label).addKeyValue("pid", pid()).log();
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
