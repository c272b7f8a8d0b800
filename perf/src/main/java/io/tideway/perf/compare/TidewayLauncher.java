package io.tideway.perf.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the Tideway distribution ({@code server/target/dist}) the way {@code ./tideway start}
 * does (same JVM flags, the AppCDS archive when the launcher has recorded one), with
 * {@code log.flush.policy} as given, a fresh data directory and a free port on 127.0.0.1.
 * Optionally records a JFR profile of the broker ({@code broker.jfr} in its work directory).
 *
 * <p>Immutable; thread-safe.
 *
 * @param distDir the distribution ({@code lib/} inside)
 * @param cdsArchive the launcher's class-data archive, used when the file exists
 * @param heapOptions heap flags, empty for the JVM's default (a quarter of physical memory)
 * @param flushPolicy {@code none} or {@code group-commit}
 * @param jfr whether to record a JFR profile
 */
public record TidewayLauncher(Path distDir, Path cdsArchive, List<String> heapOptions,
        String flushPolicy, boolean jfr) implements BrokerLauncher {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    /** Copies the list. */
    public TidewayLauncher {
        heapOptions = List.copyOf(heapOptions);
    }

    @Override
    public String label() {
        return "tideway";
    }

    @Override
    public String describe() {
        return "Tideway dist " + distDir + ", log.flush.policy=" + flushPolicy + ", heap "
                + (heapOptions.isEmpty() ? "JVM default (1/4 of RAM)" : heapOptions)
                + (Files.exists(cdsArchive) ? ", AppCDS archive" : ", no AppCDS archive")
                + (jfr ? ", JFR on" : "");
    }

    /**
     * The JVM flags {@code ./tideway start} uses: Netty's JFR events off, the AppCDS archive when
     * the file exists (its log lines off), then {@code heapOptions}.
     */
    public static List<String> jvmOptions(Path cdsArchive, List<String> heapOptions) {
        List<String> jvm = new ArrayList<>(List.of("-Dio.netty.jfr.enabled=false",
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        if (Files.exists(cdsArchive)) {
            jvm.add("-XX:SharedArchiveFile=" + cdsArchive.toAbsolutePath());
        }
        jvm.addAll(heapOptions);
        return jvm;
    }

    @Override
    public BrokerProcess start(Path workDir) {
        Path lib = distDir.resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new BrokerStartException("no Tideway distribution at " + distDir
                    + ": build it with ./tideway config-reference (or ./mvnw -pl server -am package)");
        }
        int port = JvmProcesses.freePort();
        // Absolute: the broker runs with workDir as its working directory.
        Path config = workDir.toAbsolutePath().resolve("server.properties");
        try {
            Files.writeString(config, "node.id=1\n"
                    + "listeners=PLAINTEXT://127.0.0.1:" + port + "\n"
                    + "log.dirs=" + workDir.resolve("data").toAbsolutePath() + "\n"
                    + "log.flush.policy=" + flushPolicy + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        List<String> jvm = jvmOptions(cdsArchive, heapOptions);
        if (jfr) {
            jvm.add("-XX:StartFlightRecording=filename="
                    + workDir.resolve("broker.jfr").toAbsolutePath() + ",settings=profile");
        }
        Path log = workDir.resolve("broker.log");
        String bootstrap = "127.0.0.1:" + port;
        long started = System.nanoTime();
        Process process = JvmProcesses.start(JvmProcesses.command(jvm, lib,
                "io.tideway.server.Main", List.of("start", "--config", config.toString())),
                workDir, log);
        try {
            JvmProcesses.awaitReady(label(), process, bootstrap, log, READY_TIMEOUT);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        double millis = (System.nanoTime() - started) / 1e6;
        return new BrokerProcess(label(), process, bootstrap, log, millis);
    }
}
