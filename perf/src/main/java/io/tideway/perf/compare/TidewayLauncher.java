package io.tideway.perf.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the Tideway distribution ({@code server/target/dist}) the way {@code ./tideway start}
 * does (the JVM options of its {@code config/jvm.options}, the AppCDS archive and the extracted
 * RocksDB library when the launcher has prepared them), with {@code log.flush.policy} as given, a
 * fresh data directory and a free port on 127.0.0.1. Optionally records a JFR profile of the
 * broker ({@code broker.jfr} in its work directory).
 *
 * <p>Immutable; thread-safe.
 *
 * @param distDir the distribution ({@code lib/} and {@code config/} inside)
 * @param cdsArchive the launcher's class-data archive, used when the file exists
 * @param heapOptions heap flags replacing those of {@code jvm.options} (as the launcher's
 *     {@code TIDEWAY_HEAP}), empty for Tideway's default heap
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
        List<String> options = JvmOptionsFile.read(jvmOptionsFile(), heapOptions);
        return "Tideway dist " + distDir + ", log.flush.policy=" + flushPolicy + ", JVM options "
                + options + (heapOptions.isEmpty() ? " (Tideway's default heap)" : "")
                + (Files.exists(cdsArchive) ? ", AppCDS archive" : ", no AppCDS archive")
                + (Files.isDirectory(nativeDir()) ? ", extracted RocksDB library" : "")
                + (jfr ? ", JFR on" : "");
    }

    /**
     * The JVM flags {@code ./tideway start} uses for the distribution in {@code distDir}: its
     * {@code config/jvm.options} ({@code heapOptions}, when not empty, replacing the heap flags
     * there), then the AppCDS archive when the file exists (its log lines off).
     */
    public static List<String> jvmOptions(Path distDir, Path cdsArchive, List<String> heapOptions) {
        List<String> jvm = new ArrayList<>(JvmOptionsFile.read(
                distDir.resolve("config").resolve("jvm.options"), heapOptions));
        jvm.addAll(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        if (Files.exists(cdsArchive)) {
            jvm.add("-XX:SharedArchiveFile=" + cdsArchive.toAbsolutePath());
        }
        return jvm;
    }

    private Path jvmOptionsFile() {
        return distDir.resolve("config").resolve("jvm.options");
    }

    /** Where the launcher extracts RocksDB's JNI library (see {@code ./tideway}). */
    private Path nativeDir() {
        return distDir.resolve("native");
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
        List<String> jvm = new ArrayList<>(jvmOptions(distDir, cdsArchive, heapOptions));
        if (jfr) {
            jvm.add("-XX:StartFlightRecording=filename="
                    + workDir.resolve("broker.jfr").toAbsolutePath() + ",settings=profile");
        }
        Path log = workDir.resolve("broker.log");
        String bootstrap = "127.0.0.1:" + port;
        long started = System.nanoTime();
        Map<String, String> environment = Files.isDirectory(nativeDir())
                ? Map.of("LD_LIBRARY_PATH", libraryPath(nativeDir().toAbsolutePath()))
                : Map.of();
        Process process = JvmProcesses.start(JvmProcesses.command(jvm, lib,
                "io.tideway.server.Main", List.of("start", "--config", config.toString())),
                workDir, log, environment);
        try {
            JvmProcesses.awaitReady(label(), process, bootstrap, log, READY_TIMEOUT);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        double millis = (System.nanoTime() - started) / 1e6;
        return new BrokerProcess(label(), process, bootstrap, log, millis);
    }

    /** The launcher's {@code LD_LIBRARY_PATH}: the extracted library first, then the caller's. */
    private static String libraryPath(Path nativeDir) {
        String inherited = System.getenv("LD_LIBRARY_PATH");
        return inherited == null || inherited.isEmpty() ? nativeDir.toString()
                : nativeDir + ":" + inherited;
    }
}
