package io.tideway.perf.cli;

import io.tideway.perf.compare.BrokerStartException;
import io.tideway.perf.compare.CompareRunner;
import io.tideway.perf.compare.KafkaLauncher;
import io.tideway.perf.compare.TidewayLauncher;
import io.tideway.perf.report.Comparison;
import io.tideway.perf.report.ReportWriter;
import io.tideway.perf.run.RunFailedException;
import io.tideway.perf.run.RunOptions;
import io.tideway.perf.run.RunResult;
import io.tideway.perf.run.WorkloadRunner;
import io.tideway.perf.txn.TransactionBenchmark;
import io.tideway.perf.txn.TransactionBenchmarkOptions;
import io.tideway.perf.txn.TransactionBenchmarkResult;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import io.tideway.perf.workload.Workload;
import io.tideway.perf.workload.WorkloadException;
import io.tideway.perf.workload.WorkloadParser;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code tideway-perf} command line: {@code run} (one workload against any bootstrap),
 * {@code compare} (Tideway against Apache Kafka on this machine), {@code txn} (transaction
 * throughput of one producer) and {@code crash} (kill -9 cycles against a Tideway broker, then a
 * consistency check). Each writes a results directory ({@code results/<timestamp>/} by default):
 * JSON, and for run and compare a Markdown summary and PNG charts.
 *
 * <p>Thread contract: {@link #main} runs on the main thread and blocks until done.
 */
public final class PerfMain {

    static final String USAGE = """
            Usage: tideway-perf <command> [options]

            run       Run a workload against a running broker.
              --workload FILE        YAML or .properties workload (required)
              --bootstrap HOST:PORT  bootstrap servers (default 127.0.0.1:9092)
              --broker-pid PID       broker process id, for its CPU and RSS (optional)
              --label NAME           name of the broker in the report (default: run)
              --set KEY=VALUE        override a workload key (repeatable)
              --results DIR          results root (default: results)
              --progress-seconds N   seconds between progress lines (default 5)

            compare   Start Apache Kafka and Tideway here in turn (A B A B) and compare.
              --workload FILE        as for run (required)
              --partitions LIST      partition counts, e.g. 1,12 (default: the workload's)
              --rounds N             A B rounds per phase (default 2)
              --no-half-rate         skip the phase at half Kafka's maximum rate
              --flush MODE           none (Tideway none vs Kafka default) or group-commit
                                     (Tideway group-commit vs Kafka flush.messages=1); default none
              --kafka-flush MODE     default or every-message (flush.messages=1); default: like
                                     for like with --flush. "--flush group-commit --kafka-flush
                                     default" compares fsync'd Tideway with page-cache Kafka
              --heap "OPTS"          heap flags for both JVMs (default "-Xms1g -Xmx1g", Kafka's
                                     default); "default" = each broker's own default: Kafka
                                     -Xms1G -Xmx1G, Tideway its dist's config/jvm.options
              --kafka-home DIR       Kafka jars (default perf/target/kafka-4.3.1)
              --tideway-dist DIR     Tideway distribution (default server/target/dist)
              --cds-archive FILE     Tideway's AppCDS archive (default server/target/tideway-cds.jsa)
              --jfr                  record a JFR profile of each Tideway run
              --set KEY=VALUE        override a workload key (repeatable)
              --results DIR          results root (default: results)

            txn       Committed transactions per second of one transactional producer.
              --bootstrap HOST:PORT  a running broker; without it a Tideway distribution is
                                     started here (fresh data, free port) and stopped after
              --records-per-transaction N   records per transaction (default 10)
              --message-size BYTES   bytes per record value (default 1024)
              --partitions N         partitions of the new topic (default 1)
              --warmup-seconds N     not measured (default 5)
              --duration-seconds N   measured window (default 30)
              --tideway-dist DIR, --cds-archive FILE, --heap "OPTS"   as for compare
              --results DIR          results root (default: results)

            crash     Kill -9 a Tideway broker (group-commit) in cycles under idempotent and
                      transactional producers and a consumer group, then check the log.
              --cycles N             kill -9 cycles (default 100)
              --seed N               seed of every random choice (default: from the clock)
              --partitions P         partitions of the test topic (default 4)
              --producers N          idempotent producers (default 2)
              --txn-producers M      transactional producers (default 2)
              --cycle-ms MS          longest serving time before a kill (default 3000)
              --early-kill-ratio R   share of kills during start-up/recovery (default 0.1)
              --check-every N        full check after every N cycles (default 0: at the end)
              --rate R               records/s per idempotent producer (default 200)
              --txn-rate R           transactions/s per transactional producer (default 10)
              --max-txn-records N    most records per transaction (default 8)
              --abort-ratio R        share of transactions aborted on purpose (default 0.3)
              --hang-ratio R         share left open as by a crashed client, for the broker's
                                     transaction timeout to abort (default 0.002)
              --record-bytes N       record value size (default 100)
              --txn-timeout-ms MS    producers' transaction.timeout.ms (default 10000)
              --segment-bytes N      broker log.segment.bytes (default 262144)
              --heap "OPTS"          broker heap flags (default "-Xmx512m")
              --tideway-dist DIR     Tideway distribution (default server/target/dist)
              --cds-archive FILE     Tideway's AppCDS archive (default server/target/tideway-cds.jsa)
              --results DIR          results root (default: results)
              Exit status 1 when any anomaly is found or the run cannot complete.
            """;

    private static final Set<String> COMMON = Set.of("workload", "set", "results");

    private PerfMain() {
    }

    /** Runs the CLI and exits: 0 done, 1 failed, 2 wrong usage or workload. */
    public static void main(String[] args) {
        System.exit(execute(Arrays.asList(args), System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    static int execute(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || Set.of("help", "-h", "--help").contains(args.get(0))) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            switch (args.get(0)) {
                case "run" -> run(rest, out);
                case "compare" -> compare(rest, out);
                case "txn" -> transactions(rest, out);
                case "crash" -> {
                    return CrashCommand.run(rest, out);
                }
                default -> throw new UsageException("unknown command '" + args.get(0) + "'");
            }
            return 0;
        } catch (UsageException | WorkloadException e) {
            err.println("tideway-perf: " + e.getMessage());
            if (e instanceof UsageException) {
                err.print(USAGE);
            }
            return 2;
        } catch (RunFailedException | BrokerStartException e) {
            err.println("tideway-perf: " + e.getMessage());
            return 1;
        }
    }

    private static Workload workload(CliArgs a) {
        Workload base = WorkloadParser.read(Path.of(a.require("workload")));
        Map<String, String> overrides = a.overrides();
        if (overrides.isEmpty()) {
            return base;
        }
        Map<String, String> merged = new LinkedHashMap<>(WorkloadParser.toMap(base));
        merged.putAll(overrides);
        return WorkloadParser.fromMap(merged, base.name());
    }

    private static void run(List<String> args, PrintStream out) {
        CliArgs a = CliArgs.parse(args, union(COMMON, Set.of("bootstrap", "broker-pid", "label",
                "progress-seconds")), Set.of());
        Workload w = workload(a);
        OptionalLong pid = a.get("broker-pid").map(p -> OptionalLong.of(parsePid(p)))
                .orElse(OptionalLong.empty());
        int progress = a.intValue("progress-seconds", 5);
        if (progress <= 0) {
            throw new UsageException("--progress-seconds must be > 0");
        }
        RunOptions options = new RunOptions(a.get("bootstrap").orElse("127.0.0.1:9092"),
                a.get("label").orElse("run"), pid, Duration.ofSeconds(progress),
                Duration.ofSeconds(30));
        Map<String, String> env = Environment.describe();
        RunResult result = new WorkloadRunner(out).run(w, options);
        Path dir = ReportWriter.timestampedDir(Path.of(a.get("results").orElse("results")));
        env.put("load average (1/5/15 min) at end", Environment.loadAverage());
        ReportWriter.write(dir, env, List.of(result), List.of());
        out.println("Results: " + dir.toAbsolutePath());
    }

    private static void compare(List<String> args, PrintStream out) {
        CliArgs a = CliArgs.parse(args, union(COMMON, Set.of("partitions", "rounds", "flush",
                "kafka-flush", "heap", "kafka-home", "tideway-dist", "cds-archive")), Set.of("jfr",
                "no-half-rate"));
        Workload w = workload(a);
        String flush = a.get("flush").orElse("none");
        if (!flush.equals("none") && !flush.equals("group-commit")) {
            throw new UsageException("--flush must be none or group-commit, not '" + flush + "'");
        }
        String kafkaFlush = a.get("kafka-flush")
                .orElse(flush.equals("group-commit") ? "every-message" : "default");
        if (!kafkaFlush.equals("default") && !kafkaFlush.equals("every-message")) {
            throw new UsageException("--kafka-flush must be default or every-message, not '"
                    + kafkaFlush + "'");
        }
        String heap = a.get("heap").orElse("-Xms1g -Xmx1g");
        List<String> tidewayHeap = heap.equals("default") ? List.of() : split(heap);
        List<String> kafkaHeap = heap.equals("default") ? List.of("-Xms1G", "-Xmx1G")
                : split(heap);
        int rounds = a.intValue("rounds", 2);
        if (rounds < 1) {
            throw new UsageException("--rounds must be >= 1");
        }
        List<Integer> partitions = a.get("partitions").map(PerfMain::partitionList)
                .orElse(List.of(w.partitionsPerTopic()));
        TidewayLauncher tideway = new TidewayLauncher(
                Path.of(a.get("tideway-dist").orElse("server/target/dist")),
                Path.of(a.get("cds-archive").orElse("server/target/tideway-cds.jsa")),
                tidewayHeap, flush, a.flag("jfr"));
        KafkaLauncher kafka = new KafkaLauncher(
                Path.of(a.get("kafka-home").orElse("perf/target/kafka-4.3.1")), kafkaHeap,
                kafkaFlush.equals("every-message"));
        Path dir = ReportWriter.timestampedDir(Path.of(a.get("results").orElse("results")));
        Map<String, String> env = Environment.describe();
        env.put("tideway", tideway.describe());
        env.put("kafka", kafka.describe());
        boolean fsyncVsPageCache = flush.equals("group-commit") && kafkaFlush.equals("default");
        CompareRunner.Outcome outcome = new CompareRunner(tideway, kafka, out,
                dir.resolve("brokers"), fsyncVsPageCache
                        ? Comparison.PRODUCE_FSYNC_VS_PAGE_CACHE_TARGET : Comparison.PRODUCE_TARGET).compare(w, partitions, rounds, !a.flag("no-half-rate"));
        env.put("load average (1/5/15 min) at end", Environment.loadAverage());
        if (!outcome.failures().isEmpty()) {
            env.put("failed runs (left out of the medians)",
                    String.join("; ", outcome.failures()));
        }
        ReportWriter.write(dir, env, outcome.runs(), outcome.comparisons());
        out.println("Results: " + dir.toAbsolutePath());
        if (!outcome.failures().isEmpty()) {
            throw new RunFailedException(outcome.failures().size() + " run(s) failed: "
                    + outcome.failures(), null);
        }
    }

    private static void transactions(List<String> args, PrintStream out) {
        CliArgs a = CliArgs.parse(args, Set.of("bootstrap", "records-per-transaction",
                "message-size", "partitions", "warmup-seconds", "duration-seconds", "results",
                "tideway-dist", "cds-archive", "heap"), Set.of());
        int records = a.intValue("records-per-transaction", 10);
        int size = a.intValue("message-size", 1024);
        int partitions = a.intValue("partitions", 1);
        Duration warmup = Duration.ofSeconds(a.intValue("warmup-seconds", 5));
        Duration window = Duration.ofSeconds(a.intValue("duration-seconds", 30));
        Function<String, TransactionBenchmarkOptions> optionsFor = bootstrap -> {
            try {
                return new TransactionBenchmarkOptions(bootstrap, records, size, partitions,
                        warmup, window);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        };
        Path dir = ReportWriter.timestampedDir(Path.of(a.get("results").orElse("results")));
        Map<String, String> env = Environment.describe();
        TransactionBenchmarkResult result;
        if (a.get("bootstrap").isPresent()) {
            result = new TransactionBenchmark(optionsFor.apply(a.get("bootstrap").get())).run();
            env.put("broker", a.get("bootstrap").get());
        } else {
            optionsFor.apply("127.0.0.1:0"); // bad options fail before a broker starts
            String heap = a.get("heap").orElse("-Xms1g -Xmx1g");
            TidewayLauncher tideway = new TidewayLauncher(
                    Path.of(a.get("tideway-dist").orElse("server/target/dist")),
                    Path.of(a.get("cds-archive").orElse("server/target/tideway-cds.jsa")),
                    heap.equals("default") ? List.of() : split(heap), "none", false);
            env.put("broker", tideway.describe());
            out.println("== starting " + tideway.describe());
            result = TransactionBenchmark.againstNewBroker(tideway, dir.resolve("broker"),
                    optionsFor);
        }
        env.put("load average (1/5/15 min) at end", Environment.loadAverage());
        JsonObject json = new JsonObject().put("environment", new JsonObject(
                new LinkedHashMap<>(env))).put("transactions", result.toJson());
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("transactions.json"), json.encodePrettily());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir, e);
        }
        out.print(result.toText());
        out.println("Results: " + dir.toAbsolutePath());
    }

    private static List<Integer> partitionList(String text) {
        List<Integer> list = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                int p = Integer.parseInt(part.trim());
                if (p <= 0) {
                    throw new NumberFormatException();
                }
                list.add(p);
            } catch (NumberFormatException e) {
                throw new UsageException("--partitions: '" + part
                        + "' is not a positive whole number");
            }
        }
        return list;
    }

    private static long parsePid(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--broker-pid: '" + text + "' is not a process id");
        }
    }

    static List<String> split(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
