package io.tideway.perf.crash;

import io.tideway.perf.crash.check.Anomaly;
import io.tideway.perf.crash.check.CheckReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The crash run's reports: {@value #JSON} in the run directory (settings, environment, every
 * cycle, every check with its counts and examples, totals) and the final text table.
 *
 * <p>Stateless; thread-safe. Writing is blocking file I/O.
 */
final class CrashReport {

    /** The machine-readable result file in the run directory. */
    static final String JSON = "crash.json";

    private CrashReport() {
    }

    /** Writes {@value #JSON}; returns its path. */
    static Path write(CrashResult r) {
        Path file = r.runDir().resolve(JSON);
        try {
            Files.createDirectories(r.runDir());
            Files.writeString(file, json(r).encodePrettily());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static JsonObject json(CrashResult r) {
        JsonObject root = new JsonObject()
                .put("passed", r.passed())
                .put("seed", r.settings().seed())
                .put("startedAt", r.startedAt().toString())
                .put("durationSeconds", r.durationMillis() / 1000.0)
                .put("cyclesRun", r.cycles().size())
                .put("killsDuringStartup", r.cycles().stream()
                        .filter(CycleResult::duringStartup).count())
                .put("killsInterruptingRecovery", r.cycles().stream()
                        .filter(CycleResult::interruptedRecovery).count())
                .put("broker", r.settings().broker().describe())
                .put("settings", new JsonArray(r.settings().describe()))
                .put("environment", new JsonObject(new LinkedHashMap<>(r.environment())))
                .put("totals", counts(r.totals()))
                .put("anomalies", r.anomalies());
        if (r.failure() != null) {
            root.put("failure", r.failure());
        }
        if (r.finalCheck() != null) {
            root.put("finalCheck", check(r.finalCheck()));
        }
        JsonArray cycles = new JsonArray();
        for (CycleResult c : r.cycles()) {
            JsonObject o = new JsonObject().put("cycle", c.cycle())
                    .put("duringStartup", c.duringStartup())
                    .put("interruptedRecovery", c.interruptedRecovery())
                    .put("killAfterMillis", c.killAfterMillis())
                    .put("restartMillis", c.restartMillis())
                    .put("progressed", c.progressed())
                    .put("activity", counts(c.delta()))
                    .put("anomaliesSoFar", anomalyCounts(c.light()));
            if (c.full() != null) {
                o.put("fullCheck", check(c.full()));
            }
            cycles.add(o);
        }
        root.put("cycles", cycles);
        return root;
    }

    private static JsonObject check(CheckOutcome o) {
        CheckReport rep = o.report();
        JsonObject examples = new JsonObject();
        rep.examples().forEach((a, list) -> {
            if (!list.isEmpty()) {
                examples.put(a.name(), new JsonArray(list));
            }
        });
        Map<String, Object> ends = new LinkedHashMap<>();
        o.ends().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> ends.put(Integer.toString(e.getKey()), e.getValue()));
        return new JsonObject().put("millis", o.millis())
                .put("recordsRead", rep.recordsRead())
                .put("committedRecordsRead", rep.committedRecordsRead())
                .put("ackedWritesChecked", rep.ackedWrites())
                .put("committedTransactionsChecked", rep.committedTransactions())
                .put("pollsChecked", rep.polls())
                .put("highWatermarks", new JsonObject(ends))
                .put("counts", anomalyCounts(rep))
                .put("examples", examples);
    }

    private static JsonObject anomalyCounts(CheckReport rep) {
        JsonObject o = new JsonObject();
        rep.counts().forEach((a, n) -> o.put(a.name(), n));
        return o;
    }

    private static JsonObject counts(ClientCounts c) {
        return new JsonObject().put("acked", c.acked()).put("failed", c.failed())
                .put("txnCommitted", c.committed()).put("txnAborted", c.aborted())
                .put("txnUnknown", c.unknown()).put("txnAbandoned", c.abandoned())
                .put("polled", c.polled()).put("offsetCommits", c.commits());
    }

    /** The final table: every anomaly kind with its count, then totals. */
    static String table(CrashResult r) {
        StringBuilder b = new StringBuilder("\n");
        CheckReport f = r.finalReport();
        b.append(String.format("%-34s %12s %12s%n", "anomaly", "final check",
                "cycle checks"));
        for (Anomaly a : Anomaly.values()) {
            long cyclesTotal = r.cycles().stream().filter(c -> c.full() != null)
                    .mapToLong(c -> c.full().report().count(a)).sum();
            b.append(String.format("%-34s %12s %12d%n", a.label(),
                    f == null ? "-" : Long.toString(f.count(a)), cyclesTotal));
        }
        ClientCounts t = r.totals();
        b.append(String.format("%ncycles %d (%d killed during start-up, %d of them before ready),"
                        + " %.1f s; acked %d "
                        + "(failed %d), transactions %d committed / %d aborted / %d unknown / "
                        + "%d abandoned, group polls %d, offset commits %d%n",
                r.cycles().size(), r.cycles().stream().filter(CycleResult::duringStartup)
                        .count(), r.cycles().stream().filter(CycleResult::interruptedRecovery)
                        .count(), r.durationMillis() / 1000.0, t.acked(), t.failed(),
                t.committed(), t.aborted(), t.unknown(), t.abandoned(), t.polled(),
                t.commits()));
        if (f != null) {
            b.append(String.format("final check read %d records (read_committed %d), "
                    + "checked %d acknowledged sends and %d committed transactions%n",
                    f.recordsRead(), f.committedRecordsRead(), f.ackedWrites(),
                    f.committedTransactions()));
            f.examples().forEach((a, list) -> list.forEach(e ->
                    b.append("  ").append(a.label()).append(": ").append(e).append('\n')));
        }
        b.append(r.passed() ? "PASSED\n" : "FAILED" + (r.failure() != null ? ": "
                + r.failure() : ": " + r.anomalies() + " anomalies") + "\n");
        return b.toString();
    }
}
