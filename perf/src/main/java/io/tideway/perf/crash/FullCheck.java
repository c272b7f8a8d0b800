package io.tideway.perf.crash;

import io.tideway.perf.crash.check.CheckReport;
import io.tideway.perf.crash.check.Checker;
import io.tideway.perf.crash.check.History;
import io.tideway.perf.crash.check.PartitionBatches;
import io.tideway.perf.crash.check.ReadView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;

/**
 * One full check of the log, safe while producers keep writing: (1) snapshot the ledger, (2)
 * capture every partition's high watermark as its checked end, (3) wait until the last stable
 * offset reaches it (open transactions resolved; at the end of a run also no transactional id
 * left open), (4) read everything below the ends with a read_uncommitted and a read_committed
 * consumer and scan the batch boundaries with raw fetches, (5) run the {@link Checker}.
 *
 * <p>Every acknowledged send and committed transaction in the snapshot was durable, hence below
 * the high watermark, before the ends were captured, so each claim the checker makes holds for
 * the reads.
 *
 * <p>Stateless; thread-safe. {@link #run} blocks for the whole check.
 */
final class FullCheck {

    private FullCheck() {
    }

    /**
     * @param quiesced whether the producers have stopped (the end of the run): then every
     *     transactional id must be resolved too
     */
    static CheckOutcome run(String bootstrap, String topic, BrokerProbe probe, Ledger ledger,
            CrashSettings settings, boolean quiesced) {
        long started = System.nanoTime();
        Ledger.Snapshot snapshot = ledger.snapshot();
        Map<Integer, Long> ends = probe.endOffsets(IsolationLevel.READ_UNCOMMITTED);
        Map<Integer, Long> starts = probe.startOffsets();
        Duration bound = resolutionBound(settings);
        List<String> unresolved = new ArrayList<>(probe.awaitStable(ends, bound));
        if (quiesced) {
            unresolved.addAll(probe.awaitNoOpenTransactions(bound));
        }
        ReadView uncommitted = LogReader.read(bootstrap, topic, false, ends);
        ReadView committed = LogReader.read(bootstrap, topic, true, ends);
        List<PartitionBatches> logs = new ArrayList<>();
        String host = bootstrap.substring(0, bootstrap.lastIndexOf(':'));
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        try (RawBatchScanner scanner = new RawBatchScanner(host, port)) {
            ends.forEach((p, end) -> logs.add(scanner.scan(topic, p, starts.get(p), end)));
        }
        History history = new History(snapshot.writes(), snapshot.transactions(),
                List.of(uncommitted, committed), logs, snapshot.polls(), snapshot.offsets(),
                unresolved);
        return new CheckOutcome(Checker.check(history), ends,
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * How long open transactions may take to resolve: the transaction timeout, after which the
     * coordinator aborts them on its next check (every second here), plus slack for a loaded
     * machine.
     */
    static Duration resolutionBound(CrashSettings settings) {
        return settings.txnTimeout().plus(CrashRunner.TXN_CHECK_INTERVAL.multipliedBy(2))
                .plusSeconds(10);
    }
}
