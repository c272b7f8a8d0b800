package io.tideway.perf.crash;

import io.tideway.perf.compare.BrokerStartException;
import io.tideway.perf.compare.JvmProcesses;
import io.tideway.perf.compare.TidewayLauncher;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a Tideway broker JVM: its classpath and JVM options. From the distribution
 * ({@code server/target/dist}, as {@code ./tideway start} and {@code tideway-perf compare} run
 * it, with the AppCDS archive when there is one) or from a classpath (the integration test's
 * own).
 *
 * <p>Immutable; thread-safe.
 *
 * @param classpath the {@code -cp} value
 * @param jvmOptions JVM flags before the main class
 */
public record BrokerCommand(String classpath, List<String> jvmOptions) {

    /** The server's main class. */
    public static final String MAIN_CLASS = "io.tideway.server.Main";

    /** Copies the list. */
    public BrokerCommand {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * The distribution in {@code distDir}, with {@code ./tideway}'s JVM flags.
     *
     * @throws BrokerStartException when {@code distDir/lib} does not exist
     */
    public static BrokerCommand fromDistribution(Path distDir, Path cdsArchive,
            List<String> heapOptions) {
        Path lib = distDir.resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new BrokerStartException("no Tideway distribution at " + distDir
                    + ": build it with ./tideway config-reference (./tideway-perf crash does it)");
        }
        return new BrokerCommand(lib.toAbsolutePath() + "/*",
                TidewayLauncher.jvmOptions(distDir, cdsArchive, heapOptions));
    }

    /**
     * A classpath holding the server and its dependencies, with {@code ./tideway}'s flags (no
     * class-data archive) followed by {@code extraOptions} (heap, JIT).
     */
    public static BrokerCommand fromClasspath(String classpath, List<String> extraOptions) {
        List<String> options = new ArrayList<>(List.of("-Dio.netty.jfr.enabled=false"));
        options.addAll(extraOptions);
        return new BrokerCommand(classpath, options);
    }

    /** The command line that starts a broker with this configuration file. */
    List<String> command(Path config) {
        return JvmProcesses.command(jvmOptions, classpath, MAIN_CLASS,
                List.of("start", "--config", config.toAbsolutePath().toString()));
    }

    /** For the report: the JVM options and where the classes come from. */
    public String describe() {
        String where = classpath.endsWith("/*") ? classpath : "a classpath of "
                + classpath.split(File.pathSeparator).length + " entries";
        return "java " + String.join(" ", jvmOptions) + " -cp " + where + " " + MAIN_CLASS;
    }
}
