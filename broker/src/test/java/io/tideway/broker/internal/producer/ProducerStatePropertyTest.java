package io.tideway.broker.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.log.BatchHeader;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;

/**
 * Drives one producer's state with random appends, retries and gaps (starting near the sequence
 * wrap) and compares it with a model: a retry of any of the last five batches is a duplicate with
 * its original offsets, an older retry or a gap is out of order, and the next batch is accepted.
 */
class ProducerStatePropertyTest {

  private static final long PID = 9;

  /** One step: append the next batch, retry the k-th newest, or skip ahead. */
  record Step(String kind, int size) {
  }

  @Property(tries = 200)
  void retriesAndGapsFollowKafkasRules(@ForAll("steps") List<Step> steps,
      @ForAll @IntRange(min = 0, max = 40) int distanceFromWrap) {
    ProducerStateManager state = new ProducerStateManager(new TopicPartition("t", 0), 1000);
    List<BatchMetadata> appended = new ArrayList<>();
    int nextSeq = Integer.MAX_VALUE - distanceFromWrap;
    long logEnd = 0;
    for (Step step : steps) {
      switch (step.kind()) {
        case "append" -> {
          BatchHeader header = header(nextSeq, step.size());
          ProducerAppend check = state.check(List.of(header), logEnd);
          assertThat(check.isDuplicate()).isFalse();
          state.commit(check, -1, 0);
          int lastSeq = DefaultRecordBatch.incrementSequence(nextSeq, step.size() - 1);
          appended.add(new BatchMetadata(nextSeq, lastSeq, logEnd, logEnd + step.size() - 1,
              header.maxTimestamp()));
          logEnd += step.size();
          nextSeq = DefaultRecordBatch.incrementSequence(lastSeq, 1);
        }
        case "retry" -> {
          if (appended.isEmpty()) {
            continue;
          }
          int back = Math.min(step.size(), appended.size());
          BatchMetadata original = appended.get(appended.size() - back);
          int count = (int) (original.lastOffset() - original.firstOffset() + 1);
          BatchHeader retry = header(original.firstSeq(), count);
          if (back <= ProducerEntry.BATCHES_TO_RETAIN) {
            ProducerAppend check = state.check(List.of(retry), logEnd);
            assertThat(check.duplicate()).isEqualTo(original);
          } else {
            long end = logEnd;
            assertThatThrownBy(() -> state.check(List.of(retry), end))
                .isInstanceOf(OutOfOrderSequenceException.class);
          }
        }
        default -> {
          if (appended.isEmpty()) {
            continue;
          }
          int skipped = DefaultRecordBatch.incrementSequence(nextSeq, step.size());
          long end = logEnd;
          assertThatThrownBy(() -> state.check(List.of(header(skipped, 1)), end))
              .isInstanceOf(OutOfOrderSequenceException.class);
        }
      }
    }
    assertThat(state.entry(PID).map(ProducerEntry::batches).orElse(List.of()))
        .containsExactlyElementsOf(appended.subList(
            Math.max(0, appended.size() - ProducerEntry.BATCHES_TO_RETAIN), appended.size()));
  }

  private static BatchHeader header(int baseSequence, int count) {
    return new BatchHeader(0, 100, -1, (byte) 2, 0, (short) 0, count - 1, 1, 2, PID, (short) 0,
        baseSequence, count);
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step = Arbitraries.of("append", "append", "retry", "gap")
        .flatMap(kind -> Arbitraries.integers().between(1, 8).map(size -> new Step(kind, size)));
    return step.list().ofMinSize(1).ofMaxSize(40);
  }
}
