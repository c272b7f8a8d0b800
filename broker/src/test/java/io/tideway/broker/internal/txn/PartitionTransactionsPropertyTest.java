package io.tideway.broker.internal.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random interleavings of transactional appends, commits and aborts by a few producers: the last
 * stable offset never passes an undecided record, and a consumer that filters with the reported
 * aborted transactions as Kafka's consumer does reads exactly the committed records below it.
 */
class PartitionTransactionsPropertyTest {

    /** kind 0: data batch, 1: commit marker, 2: abort marker. */
    record Step(int producer, int kind) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 4).map(k -> k <= 2 ? 0 : k - 2)).as(Step::new);
        return step.list().ofMaxSize(80);
    }

    @Property(tries = 300)
    void readCommittedSeesExactlyTheCommittedRecords(@ForAll("steps") List<Step> steps) {
        PartitionTransactions txns = new PartitionTransactions();
        List<Step> log = new ArrayList<>();
        Map<Integer, List<Long>> openData = new HashMap<>();
        Set<Long> committed = new HashSet<>();
        Set<Long> undecided = new HashSet<>();
        for (Step step : steps) {
            long offset = log.size();
            if (step.kind() == 0) {
                txns.onTransactionalAppend(step.producer(), offset);
                openData.computeIfAbsent(step.producer(), p -> new ArrayList<>()).add(offset);
            } else if (openData.containsKey(step.producer())) {
                List<Long> data = openData.remove(step.producer());
                if (step.kind() == 1) {
                    committed.addAll(data);
                }
                txns.onMarker(step.producer(), offset, step.kind() == 1);
            } else {
                continue;
            }
            log.add(step);
        }
        openData.values().forEach(undecided::addAll);
        long end = log.size();
        long lso = txns.lastStableOffset(end);
        assertThat(undecided).allSatisfy(offset -> assertThat(offset).isGreaterThanOrEqualTo(lso));
        assertThat(lso).isEqualTo(undecided.stream().min(Comparator.naturalOrder()).orElse(end));
        for (long fetchOffset = 0; fetchOffset <= lso; fetchOffset += Math.max(1, lso / 4)) {
            Set<Long> read = consume(log, fetchOffset, lso, txns.abortedTransactions(fetchOffset, lso));
            long from = fetchOffset;
            assertThat(read).containsExactlyInAnyOrderElementsOf(committed.stream().filter(o -> o >= from && o < lso).toList());
        }
    }

    /** Kafka's consumer-side filtering of a read_committed fetch. */
    private static Set<Long> consume(List<Step> log, long from, long to, List<AbortedTransaction> aborted) {
        List<AbortedTransaction> pending = new ArrayList<>(aborted);
        pending.sort(Comparator.comparingLong(AbortedTransaction::firstOffset));
        Set<Long> abortedProducers = new HashSet<>();
        Set<Long> read = new HashSet<>();
        for (long offset = from; offset < to; offset++) {
            while (!pending.isEmpty() && pending.get(0).firstOffset() <= offset) {
                abortedProducers.add(pending.remove(0).producerId());
            }
            Step step = log.get((int) offset);
            if (step.kind() != 0) {
                if (step.kind() == 2) {
                    abortedProducers.remove((long) step.producer());
                }
            } else if (!abortedProducers.contains((long) step.producer())) {
                read.add(offset);
            }
        }
        return read;
    }
}
