package io.tideway.perf.compare;

import io.tideway.perf.report.Comparison;
import io.tideway.perf.report.MetricRatio;
import io.tideway.perf.report.Target;
import io.tideway.perf.run.RunFailedException;
import io.tideway.perf.run.RunOptions;
import io.tideway.perf.run.RunResult;
import io.tideway.perf.run.WorkloadRunner;
import io.tideway.perf.workload.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one workload against Tideway and Kafka in turn, A B A B: each run starts the broker with
 * a fresh data directory, waits for it to answer Metadata (timing start-to-ready), runs the
 * workload with the broker's pid known (CPU, RSS), stops the broker and deletes its data. Per
 * partition count: {@code rounds} full-speed rounds, then (optionally) {@code rounds} rounds at
 * half Kafka's median full-speed rate, for end-to-end latency under a load both can carry.
 * A run whose broker does not start or whose clients fail is reported in
 * {@link Outcome#failures()} and left out of the medians; the other runs go on.
 *
 * <p>Thread contract: {@link #compare} blocks the calling thread for every run; one broker runs
 * at a time. Not thread-safe.
 */
public final class CompareRunner {

    private static final Logger log = LoggerFactory.getLogger(CompareRunner.class);

    private final List<BrokerLauncher> launchers;
    private final WorkloadRunner runner;
    private final PrintStream out;
    private final Path workRoot;
    private final List<String> failures = new ArrayList<>();
    private final Target produceTarget;

    /**
     * @param tideway launches Tideway (label {@code tideway}), first in each round
     * @param kafka launches Kafka (label {@code kafka})
     * @param out progress output
     * @param workRoot where broker work directories go (logs and JFR files are kept)
     * @param produceTarget the produce throughput target of the summary: {@link
     *     Comparison#PRODUCE_TARGET}, or {@link Comparison#PRODUCE_FSYNC_VS_PAGE_CACHE_TARGET}
     *     when Tideway fsyncs and Kafka does not
     */
    public CompareRunner(BrokerLauncher tideway, BrokerLauncher kafka, PrintStream out,
            Path workRoot, Target produceTarget) {
        this.produceTarget = produceTarget;
        this.launchers = List.of(tideway, kafka);
        this.runner = new WorkloadRunner(out);
        this.out = out;
        this.workRoot = workRoot;
    }

    /**
     * Everything one compare measured. Immutable; thread-safe.
     *
     * @param runs every run in the order made (A B A B per phase and partition count)
     * @param comparisons one per partition count
     * @param failures one line per run that failed (which run, and why)
     */
    public record Outcome(List<RunResult> runs, List<Comparison> comparisons,
            List<String> failures) {
        /** Copies the lists. */
        public Outcome {
            runs = List.copyOf(runs);
            comparisons = List.copyOf(comparisons);
            failures = List.copyOf(failures);
        }
    }

    /**
     * @param base the workload (its partition count is replaced by each of {@code partitions})
     * @param partitions partition counts to compare
     * @param rounds A B rounds per phase (at least 1; 2 gives medians of two)
     * @param halfRatePhase whether to add the half-of-Kafka's-maximum phase
     */
    public Outcome compare(Workload base, List<Integer> partitions, int rounds,
            boolean halfRatePhase) {
        List<RunResult> all = new ArrayList<>();
        List<Comparison> comparisons = new ArrayList<>();
        JvmProcesses.warmUpAdminClient(); // the first start-to-ready must not pay for it
        for (int p : partitions) {
            Workload w = base.withPartitionsPerTopic(p).withName(base.name() + "-" + p + "p");
            List<RunResult> full = phase(w, rounds, "max");
            all.addAll(full);
            List<RunResult> half = List.of();
            if (halfRatePhase) {
                double kafkaMax = MetricRatio.median(byLabel(full, "kafka").stream()
                        .mapToDouble(r -> r.produced().recordsPerSecond()).toArray());
                if (kafkaMax > 0) {
                    half = phase(w.withProducerRate(Math.floor(kafkaMax / 2)), rounds, "half");
                    all.addAll(half);
                }
            }
            comparisons.add(Comparison.of(w.name(), byLabel(full, "tideway"),
                    byLabel(full, "kafka"), byLabel(half, "tideway"), byLabel(half, "kafka"),
                    produceTarget));
        }
        return new Outcome(all, comparisons, failures);
    }

    private List<RunResult> phase(Workload w, int rounds, String phase) {
        List<RunResult> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (BrokerLauncher launcher : launchers) {
                Path dir = workRoot.resolve(w.name() + "-" + phase + "-" + launcher.label() + "-"
                        + round);
                try {
                    results.add(runOnce(w, launcher, dir));
                } catch (BrokerStartException | RunFailedException e) {
                    String line = dir.getFileName() + ": " + e.getMessage().lines().findFirst()
                            .orElse("") + " (see " + dir + ")";
                    failures.add(line);
                    out.println("== FAILED " + line);
                    log.atWarn().setMessage("Compare run failed").addKeyValue("run", dir)
                            .setCause(e).log();
                }
            }
        }
        return results;
    }

    private RunResult runOnce(Workload w, BrokerLauncher launcher, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        out.printf("== %s: %s (%s)%n", launcher.label(), w.name(), launcher.describe());
        BrokerProcess broker = launcher.start(dir);
        out.printf("== %s ready in %.0f ms (pid %d, %s)%n", launcher.label(),
                broker.startToReadyMillis(), broker.pid(), broker.bootstrapServers());
        try {
            RunResult result = runner.run(w, RunOptions.of(broker.bootstrapServers(),
                    launcher.label(), OptionalLong.of(broker.pid())));
            return result.withStartToReadyMillis(broker.startToReadyMillis());
        } finally {
            broker.stop();
            deleteData(dir.resolve("data"));
        }
    }

    private static List<RunResult> byLabel(List<RunResult> runs, String label) {
        return runs.stream().filter(r -> r.label().equals(label)).toList();
    }

    /** The data can be gigabytes; logs and profiles next to it are kept. */
    private static void deleteData(Path data) {
        if (!Files.exists(data)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(data)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.atWarn().setMessage("Cannot delete broker data").addKeyValue("dir", data)
                    .setCause(e).log();
        }
    }
}
