package io.tideway.broker.internal.partition;

import static io.tideway.broker.internal.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.Partition;
import io.tideway.broker.TopicSpec;
import io.tideway.broker.internal.Batches;
import io.tideway.broker.internal.EngineHarness;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the engine while producers append with {@code acks=-1}, under
 * {@code log.flush.policy=group-commit} and {@code none}: every append completes (none hangs),
 * each either acknowledged or refused with a retriable error; appends made once the close has
 * finished are all refused; and after a restart every acknowledged record is present exactly once
 * (a refused one at most once: it may have reached the log before the refusal).
 */
class GracefulShutdownIT {

  private static final int PRODUCERS_PER_PARTITION = 3;
  private static final int IN_FLIGHT = 4;
  private static final List<TopicPartition> PARTITIONS = List.of(
      new TopicPartition("durable", 0), new TopicPartition("durable", 1),
      new TopicPartition("cached", 0), new TopicPartition("cached", 1));

  @TempDir
  Path root;

  private EngineHarness harness;
  private final Map<String, TopicPartition> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, TopicPartition> refused = new ConcurrentHashMap<>();
  private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger refusedAfterClose = new AtomicInteger();
  private final AtomicInteger acknowledgedAfterClose = new AtomicInteger();

  @BeforeEach
  void setUp() {
    harness = new EngineHarness(root);
    harness.start();
    await(harness.engine.topics().create(new TopicSpec("durable", 2, (short) 1,
        Map.of("log.flush.policy", "group-commit", "segment.bytes", "20000")), false));
    await(harness.engine.topics().create(new TopicSpec("cached", 2, (short) 1,
        Map.of("segment.bytes", "20000")), false));
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void closingUnderLoadLosesNothingAcknowledgedAndRefusesLateAppends() throws Exception {
    Map<TopicPartition, Partition> partitions = new HashMap<>();
    PARTITIONS.forEach(tp -> partitions.put(tp, harness.engine.partitions().get(tp)
        .orElseThrow()));
    ExecutorService producers = Executors.newFixedThreadPool(
        PARTITIONS.size() * PRODUCERS_PER_PARTITION);
    List<CompletableFuture<Void>> done = new ArrayList<>();
    int id = 0;
    for (TopicPartition tp : PARTITIONS) {
      for (int p = 0; p < PRODUCERS_PER_PARTITION; p++) {
        String producer = "p" + id++;
        done.add(CompletableFuture.runAsync(() -> produce(producer, tp, partitions.get(tp)),
            producers));
      }
    }
    Awaitility.await().atMost(Duration.ofSeconds(15))
        .until(() -> acknowledged.size() >= 600 || !unexpected.isEmpty());

    harness.stop(); // a clean engine close in the middle of the stream
    closed.set(true);
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    producers.shutdown();

    assertThat(unexpected).as("every append completes: acknowledged or retriable").isEmpty();
    assertThat(acknowledgedAfterClose).hasValue(0);
    assertThat(refusedAfterClose.get()).isPositive();
    harness.start();
    Map<String, Integer> present = new HashMap<>();
    for (TopicPartition tp : PARTITIONS) {
      Partition partition = harness.engine.partitions().get(tp).orElseThrow();
      long next = partition.logStartOffset();
      while (next < partition.highWatermark()) {
        Partition.ReadResult result = await(partition.read(next, 1 << 20, true));
        for (String value : Batches.values(result.slice().toMemoryRecords())) {
          present.merge(tp + "/" + value, 1, Integer::sum);
        }
        next = result.slice().lastOffset() + 1;
      }
    }
    acknowledged.forEach((value, tp) -> assertThat(present.get(tp + "/" + value))
        .as("acknowledged %s in %s", value, tp).isEqualTo(1));
    refused.forEach((value, tp) -> assertThat(present.getOrDefault(tp + "/" + value, 0))
        .as("refused %s in %s", value, tp).isLessThanOrEqualTo(1));
    assertThat(present.keySet()).allMatch(key -> {
      String value = key.substring(key.indexOf('/') + 1);
      return acknowledged.containsKey(value) || refused.containsKey(value);
    });
  }

  @Test
  void anAppendQueuedBehindAPartitionCloseIsRefusedWithARetriableError() {
    LocalPartition partition = (LocalPartition) harness.engine.partitions()
        .get(PARTITIONS.get(0)).orElseThrow();
    Future<Partition.ProduceResult> before = partition.append(Batches.plain(1, 1, "before-"),
        (short) -1);
    Future<Void> closing = partition.close();
    Future<Partition.ProduceResult> after = partition.append(Batches.plain(1, 2, "after-"),
        (short) -1);

    assertThat(await(before).baseOffset()).isZero(); // queued first: durable before the close
    await(closing);
    assertThat(after.toCompletionStage().toCompletableFuture()).failsWithin(EngineHarness.WAIT)
        .withThrowableThat().havingCause().isInstanceOf(RetriableException.class)
        .withMessageContaining("closed");
  }

  /**
   * One producer: appends 2-record batches with up to {@link #IN_FLIGHT} in flight until an
   * append is refused after the close began. Values are {@code <producer>-<batch>-<record>}.
   */
  private void produce(String producer, TopicPartition tp, Partition partition) {
    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    boolean stop = false;
    for (int batch = 0; !stop; batch++) {
      boolean afterClose = closed.get();
      String prefix = producer + "-" + batch + "-";
      CompletableFuture<Void> outcome = partition.append(Batches.plain(2, batch, prefix),
          (short) -1).toCompletionStage().toCompletableFuture()
          .handle((result, error) -> {
            record(prefix, tp, error, afterClose);
            return null;
          });
      inFlight.add(outcome);
      if (inFlight.size() == IN_FLIGHT) {
        inFlight.remove(0).join();
      }
      stop = afterClose || !unexpected.isEmpty() || batch > 20_000;
    }
    inFlight.forEach(CompletableFuture::join);
  }

  private void record(String prefix, TopicPartition tp, Throwable error, boolean afterClose) {
    Throwable cause = Optional.ofNullable(error)
        .map(e -> e.getCause() != null && e instanceof java.util.concurrent.CompletionException
            ? e.getCause() : e).orElse(null);
    Map<String, TopicPartition> target = cause == null ? acknowledged : refused;
    target.put(prefix + "0", tp);
    target.put(prefix + "1", tp);
    if (cause != null && !(cause instanceof RetriableException)) {
      unexpected.add(cause);
    }
    if (afterClose) {
      (cause == null ? acknowledgedAfterClose : refusedAfterClose).incrementAndGet();
    }
  }
}
