package io.tideway.perf.cli;

import io.tideway.perf.crash.BrokerCommand;
import io.tideway.perf.crash.CrashResult;
import io.tideway.perf.crash.CrashRunner;
import io.tideway.perf.crash.CrashSettings;
import io.tideway.perf.report.ReportWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tideway-perf crash}: parses the options into {@link CrashSettings}, runs
 * {@link CrashRunner} against the distribution and turns the result into an exit status.
 *
 * <p>Stateless; runs on the CLI's main thread and blocks until the run is over.
 */
final class CrashCommand {

    private static final Set<String> OPTIONS = Set.of("cycles", "seed", "partitions",
            "producers", "txn-producers", "cycle-ms", "early-kill-ratio", "check-every", "rate",
            "txn-rate", "max-txn-records", "abort-ratio", "hang-ratio", "record-bytes", "txn-timeout-ms",
            "segment-bytes", "heap", "tideway-dist", "cds-archive", "results");

    private CrashCommand() {
    }

    /** Returns 0 when the run passed, 1 when it found anomalies or could not complete. */
    static int run(List<String> args, PrintStream out) {
        CliArgs a = CliArgs.parse(args, OPTIONS, Set.of());
        Path dir = ReportWriter.timestampedDir(Path.of(a.get("results").orElse("results")));
        CrashSettings.Builder builder = CrashSettings.builder(dir)
                .cycles(a.intValue("cycles", 100))
                .seed(a.longValue("seed", System.nanoTime()))
                .clients(a.intValue("partitions", 4), a.intValue("producers", 2),
                        a.intValue("txn-producers", 2))
                .timing(a.longValue("cycle-ms", 3000), a.doubleValue("early-kill-ratio", 0.1),
                        a.intValue("check-every", 0))
                .rates(a.doubleValue("rate", 200), a.doubleValue("txn-rate", 10))
                .transactions(a.intValue("max-txn-records", 8), a.doubleValue("abort-ratio", 0.3),
                        Duration.ofMillis(a.longValue("txn-timeout-ms", 10_000)))
                .hangs(a.doubleValue("hang-ratio", 0.002))
                .sizes(a.intValue("record-bytes", 100), a.intValue("segment-bytes", 262_144))
                .broker(BrokerCommand.fromDistribution(
                        Path.of(a.get("tideway-dist").orElse("server/target/dist")),
                        Path.of(a.get("cds-archive").orElse("server/target/tideway-cds.jsa")),
                        PerfMain.split(a.get("heap").orElse("-Xmx512m"))));
        CrashSettings settings;
        try {
            settings = builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, String> env = Environment.describe();
        CrashResult result = new CrashRunner(settings, env, out).run();
        return result.passed() ? 0 : 1;
    }
}
