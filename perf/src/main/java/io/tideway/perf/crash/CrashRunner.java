package io.tideway.perf.crash;

import io.tideway.perf.compare.BrokerStartException;
import io.tideway.perf.crash.check.CheckReport;
import io.tideway.perf.crash.check.Checker;
import io.tideway.perf.crash.check.History;
import io.tideway.perf.crash.check.Transaction;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash harness: starts a Tideway broker JVM ({@code log.flush.policy=group-commit}, a fresh
 * data directory, 127.0.0.1 on a free port), creates the test topic, starts the clients
 * ({@link Workers}), then for each cycle lets the broker serve for a random time, kills it with
 * SIGKILL and restarts it on the same data directory and port; a seeded share of the restarts
 * are killed again during start-up, in the middle of log recovery. After each restart it waits
 * for the writers to make progress, records the group's committed offsets, and optionally runs a
 * {@link FullCheck}. After the last cycle it stops the clients and runs the final full check.
 *
 * <p>Every random choice comes from the seed (printed first); thread scheduling does not, so a
 * rerun with the same seed repeats the kill schedule, not the exact interleaving.
 *
 * <p>Thread contract: {@link #run()} blocks the calling thread for the whole run; every wait in
 * it is bounded. Not thread-safe.
 */
public final class CrashRunner {

    private static final Logger log = LoggerFactory.getLogger(CrashRunner.class);
    static final String TOPIC = "crash";
    static final String GROUP = "crash-group";
    /** The broker's transaction.abort.timed.out.transaction.cleanup.interval.ms. */
    static final Duration TXN_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration PROGRESS_BOUND = Duration.ofMinutes(1);

    private final CrashSettings settings;
    private final Map<String, String> environment;
    private final PrintStream out;
    private final SplittableRandom random;
    private final Ledger ledger = new Ledger();
    private final List<CycleResult> cycles = new ArrayList<>();
    private long lastStartupMillis = 1000;
    private Consumer<Path> whileDown = dataDir -> { };

    /**
     * @param settings the run's settings ({@code resultsDir} is the run's own directory)
     * @param environment machine facts for the report
     * @param out where the per-cycle lines and the final table go
     */
    public CrashRunner(CrashSettings settings, Map<String, String> environment,
            PrintStream out) {
        this.settings = settings;
        this.environment = new LinkedHashMap<>(environment);
        this.out = out;
        this.random = new SplittableRandom(settings.seed());
    }

    /**
     * Damages the data directory between a kill and the restart after it, to prove that the
     * checker notices lost data end to end (tests only; a real run never touches the files).
     */
    CrashRunner injectWhileDown(Consumer<Path> fault) {
        whileDown = fault;
        return this;
    }

    /** The broker configuration of a crash run. */
    Map<String, String> brokerConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("node.id", "1");
        c.put("log.flush.policy", "group-commit");
        c.put("log.segment.bytes", Integer.toString(settings.segmentBytes()));
        c.put("auto.create.topics.enable", "false");
        c.put("group.initial.rebalance.delay.ms", "0");
        c.put("transaction.abort.timed.out.transaction.cleanup.interval.ms",
                Long.toString(TXN_CHECK_INTERVAL.toMillis()));
        return c;
    }

    /**
     * Runs every cycle and the final check, writes {@code crash.json} into the run directory and
     * prints the final table. The broker is stopped whatever happens.
     */
    public CrashResult run() {
        Path runDir = settings.resultsDir();
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        out.printf("crash: seed %d (rerun with --seed %d); %d cycles, %d partitions, "
                + "%d idempotent + %d transactional producers%n", settings.seed(),
                settings.seed(), settings.cycles(), settings.partitions(), settings.producers(),
                settings.txnProducers());
        BrokerNode node = new BrokerNode(settings.broker(), runDir.resolve("broker"),
                brokerConfig());
        out.println("crash: broker " + node.bootstrap() + ", data " + node.dataDir()
                + ", log.flush.policy=group-commit");
        CheckOutcome finalCheck = null;
        String failure = null;
        try {
            finalCheck = cyclesThenCheck(node);
        } catch (BrokerStartException | CheckFailedException | IllegalStateException
                | UncheckedIOException e) {
            failure = e.getMessage();
            out.println("crash: FAILED: " + failure);
            log.atError().setMessage("Crash run failed").setCause(e).log();
        } finally {
            node.stop();
        }
        CrashResult result = new CrashResult(settings, environment, startedAt,
                (System.nanoTime() - started) / 1_000_000, cycles, finalCheck, ledger.counts(),
                failure, runDir);
        Path json = CrashReport.write(result);
        out.print(CrashReport.table(result));
        out.println("crash: results in " + json.toAbsolutePath());
        if (result.passed()) {
            deleteTree(node.dataDir()); // kept for investigation when anything was found
        }
        return result;
    }

    private CheckOutcome cyclesThenCheck(BrokerNode node) {
        node.start();
        lastStartupMillis = node.awaitReady(READY_TIMEOUT).toMillis();
        AtomicBoolean running = new AtomicBoolean(true);
        WorkerContext context = new WorkerContext(node.bootstrap(), TOPIC, settings, ledger,
                running);
        try (BrokerProbe probe = new BrokerProbe(node.bootstrap(), TOPIC,
                settings.partitions())) {
            probe.createTopic(Map.of());
            Workers workers = Workers.start(context, Long.toHexString(settings.seed()), GROUP);
            try {
                int n = 0;
                while (n < settings.cycles()) {
                    n = servingCycle(node, probe, n + 1);
                }
                ledger.cycle(n + 1);
                awaitProgress(ledger.counts());
                probe.groupOffsets(GROUP, ledger).forEach(ledger::observed);
            } finally {
                List<String> stuck = workers.stop();
                if (!stuck.isEmpty()) {
                    out.println("crash: workers still running after stop: " + stuck);
                }
            }
            out.println("crash: final check (producers stopped)...");
            CheckOutcome outcome = FullCheck.run(node.bootstrap(), TOPIC, probe, ledger,
                    settings, true);
            out.println("crash: final check: " + outcome.report().summary() + " ("
                    + outcome.report().recordsRead() + " records, " + outcome.millis() + " ms)");
            return outcome;
        }
    }

    /**
     * One cycle with the broker serving: wait for progress, observe offsets, maybe check, kill
     * after a random time, restart (killing some restarts during start-up, each its own cycle).
     * Returns the number of the last cycle done.
     */
    private int servingCycle(BrokerNode node, BrokerProbe probe, int n) {
        ledger.cycle(n);
        ClientCounts before = ledger.counts();
        boolean progressed = awaitProgress(before);
        probe.groupOffsets(GROUP, ledger).forEach(ledger::observed);
        CheckOutcome full = settings.checkEvery() > 0 && n % settings.checkEvery() == 0
                ? FullCheck.run(node.bootstrap(), TOPIC, probe, ledger, settings, false)
                : null;
        long delay = random.nextLong(settings.cycleMillis());
        LockSupport.parkNanos(Duration.ofMillis(delay).toNanos());
        node.kill();
        ClientCounts afterKill = ledger.counts();
        whileDown.accept(node.dataDir());
        node.start();
        int last = n;
        List<CycleResult> startupKills = new ArrayList<>();
        ClientCounts mark = afterKill;
        while (last < settings.cycles() && random.nextDouble() < settings.earlyKillRatio()) {
            last++;
            ledger.cycle(last);
            long early = random.nextLong(Math.max(1, lastStartupMillis));
            LockSupport.parkNanos(Duration.ofMillis(early).toNanos());
            boolean interrupted = !node.loggedReady();
            node.kill();
            ClientCounts now = ledger.counts();
            startupKills.add(new CycleResult(last, true, interrupted, early, -1, true,
                    now.minus(mark), light(), null));
            mark = now;
            node.start();
        }
        lastStartupMillis = node.awaitReady(READY_TIMEOUT).toMillis();
        record(new CycleResult(n, false, false, delay,
                startupKills.isEmpty() ? lastStartupMillis : -1,
                progressed, afterKill.minus(before), light(), full));
        for (int i = 0; i < startupKills.size(); i++) {
            CycleResult k = startupKills.get(i);
            record(new CycleResult(k.cycle(), true, k.interruptedRecovery(), k.killAfterMillis(),
                    i == startupKills.size() - 1 ? lastStartupMillis : -1, true, k.delta(),
                    k.light(), null));
        }
        return last;
    }

    private void record(CycleResult c) {
        cycles.add(c);
        out.println(c.line(settings.cycles()));
        if (c.full() != null) {
            c.full().report().examples().forEach((a, list) -> list.forEach(e ->
                    out.println("  " + a.label() + ": " + e)));
        }
    }

    /** Waits (bounded) until a send is acknowledged or a transaction commits. */
    private boolean awaitProgress(ClientCounts before) {
        long deadline = System.nanoTime() + PROGRESS_BOUND.toNanos();
        while (!ledger.counts().progressSince(before)) {
            if (System.nanoTime() - deadline > 0) {
                log.atWarn().setMessage("No progress after restart")
                        .addKeyValue("cycle", ledger.cycle()).log();
                return false;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        return true;
    }

    /**
     * Anomalies visible without reading the log: the group consumer's polls (nonmonotonic,
     * aborted reads of transactions known aborted) and the committed offsets so far.
     */
    private CheckReport light() {
        Ledger.Snapshot s = ledger.snapshot();
        List<Transaction> aborted = s.transactions().stream()
                .filter(t -> t.outcome().neverVisible()).toList();
        return Checker.check(new History(List.of(), aborted, List.of(), List.of(), s.polls(),
                s.offsets(), List.of()));
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
