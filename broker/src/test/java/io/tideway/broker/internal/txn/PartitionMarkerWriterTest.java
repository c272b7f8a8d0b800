package io.tideway.broker.internal.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.GroupCoordinator;
import io.tideway.broker.Partition;
import io.tideway.broker.PartitionService;
import io.tideway.broker.txn.TransactionCoordinator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/** Where the markers of a decided transaction go, and which failures keep it in doubt. */
class PartitionMarkerWriterTest {

  private static final TopicPartition A0 = new TopicPartition("a", 0);
  private static final TopicPartition B0 = new TopicPartition("b", 0);
  private static final TopicPartition GONE = new TopicPartition("deleted", 0);
  private static final TopicPartition OFFSETS = TransactionCoordinator.offsetsPartitionFor("g");

  /** One call: a partition marker or a group completion. */
  record Call(String target, long producerId, short epoch, boolean commit) {
  }

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<TopicPartition, Future<Long>> answers = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Partition> open = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Throwable> offline = new ConcurrentHashMap<>();

  private final PartitionService partitions = new PartitionService() {
    @Override
    public Optional<Partition> get(TopicPartition partition) {
      return Optional.ofNullable(open.get(partition));
    }

    @Override
    public Optional<Partition> get(Uuid topicId, int partition) {
      return Optional.empty();
    }

    @Override
    public Optional<Throwable> offlineCause(TopicPartition partition) {
      return Optional.ofNullable(offline.get(partition));
    }
  };

  private final PartitionMarkerWriter writer = new PartitionMarkerWriter(partitions,
      fake(GroupCoordinator.class, args -> {
        calls.add(new Call("group-offsets-" + args[0], (long) args[1], (short) args[2],
            (boolean) args[3]));
        return Future.succeededFuture();
      }));

  /** A partition that records its markers and answers from {@link #answers}. */
  private void openPartition(TopicPartition tp) {
    open.put(tp, fake(Partition.class, args -> {
      calls.add(new Call(tp.toString(), (long) args[0], (short) args[1], (boolean) args[3]));
      assertThat((int) args[2]).isEqualTo(PartitionMarkerWriter.COORDINATOR_EPOCH);
      return answers.getOrDefault(tp, Future.succeededFuture(7L));
    }));
  }

  /** A proxy answering its one marker method with {@code marker}, refusing anything else. */
  private static <T> T fake(Class<T> type, java.util.function.Function<Object[], Object> marker) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> switch (method.getName()) {
          case "appendTxnMarker", "completeTransaction" -> marker.apply(args);
          case "toString" -> type.getSimpleName();
          default -> throw new UnsupportedOperationException(method.getName());
        }));
  }

  private static void await(Future<?> future) throws Exception {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @Test
  void everyPartitionGetsTheMarkerAndOffsetsPartitionsCompleteTheGroups() throws Exception {
    openPartition(A0);
    openPartition(B0);
    await(writer.writeMarkers(42, (short) 3, true, Set.of(A0, B0, OFFSETS)));
    assertThat(calls).containsExactlyInAnyOrder(new Call("a-0", 42, (short) 3, true),
        new Call("b-0", 42, (short) 3, true),
        new Call("group-offsets-" + OFFSETS.partition(), 42, (short) 3, true));
  }

  @Test
  void deletedPartitionsAreSkippedAndOfflineOnesFailTheWrite() throws Exception {
    openPartition(A0);
    await(writer.writeMarkers(42, (short) 3, false, Set.of(A0, GONE)));
    assertThat(calls).containsExactly(new Call("a-0", 42, (short) 3, false));
    offline.put(B0, new KafkaStorageException("disk failed"));
    assertThatThrownBy(() -> await(writer.writeMarkers(42, (short) 3, false, Set.of(A0, B0))))
        .isInstanceOf(KafkaStorageException.class).hasMessageContaining("offline");
    assertThat(calls).hasSize(2);
  }

  @Test
  void aFailedAppendFailsTheWriteOnlyOnceEveryWriteHasFinished() throws Exception {
    openPartition(A0);
    openPartition(B0);
    Promise<Long> slow = Promise.promise();
    answers.put(A0, slow.future());
    answers.put(B0, Future.failedFuture(new KafkaStorageException("fsync failed")));
    Future<Void> write = writer.writeMarkers(42, (short) 3, true, Set.of(A0, B0));
    assertThat(write.isComplete()).isFalse();
    slow.complete(9L);
    assertThatThrownBy(() -> await(write)).isInstanceOf(KafkaStorageException.class)
        .hasMessageContaining("fsync failed");
  }

  @Test
  void obsoleteOrVanishedPartitionsDoNotKeepTheTransactionInDoubt() throws Exception {
    openPartition(A0);
    answers.put(A0, Future.failedFuture(new InvalidProducerEpochException("epoch 5 > 3")));
    // B0's topic is deleted while its marker is being appended.
    open.put(B0, fake(Partition.class, args -> {
      open.remove(B0);
      return Future.failedFuture(new UnknownTopicOrPartitionException("deleted"));
    }));
    await(writer.writeMarkers(42, (short) 3, true, Set.of(A0, B0)));
    assertThat(calls).containsExactly(new Call("a-0", 42, (short) 3, true));
  }
}
