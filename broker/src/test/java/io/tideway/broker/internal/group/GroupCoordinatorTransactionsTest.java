package io.tideway.broker.internal.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.GroupRequestContext;
import io.tideway.broker.internal.exec.EventLoopContexts;
import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.MetadataConfig;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.MetadataStores;
import io.tideway.metadata.store.GroupOffsetStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's transactional offsets end to end on Vert.x (three owner contexts) and the
 * embedded metadata store: a marker completes every group of its offsets partition whatever shard
 * owns it, retries are harmless, OffsetFetch with and without {@code requireStable}, and pending
 * offsets survive a restart and complete after it.
 */
class GroupCoordinatorTransactionsTest {

  private static final GroupRequestContext V5 = new GroupRequestContext("client", "/127.0.0.1",
      (short) 5);
  private static final long PRODUCER = 42;
  /** Not a divisor of the 50 offsets partitions, so one partition's groups span shards. */
  private static final int OWNERS = 3;

  @TempDir
  Path dir;

  private Vertx vertx;
  private EventLoopContexts owners;
  private MetadataStore metadata;
  private GroupCoordinatorService coordinator;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    owners = await(EventLoopContexts.deploy(vertx, OWNERS));
    startCoordinator();
  }

  @AfterEach
  void stop() throws Exception {
    coordinator.close();
    metadata.close();
    await(vertx.close());
  }

  private void startCoordinator() throws Exception {
    metadata = MetadataStores.open(MetadataConfig.embedded(dir));
    coordinator = await(GroupCoordinatorService.start(vertx, owners,
        new GroupOffsetStore(metadata, new KeyLayout("test")), GroupSettings.defaults(),
        new FakeTopics()));
  }

  private void restart() throws Exception {
    coordinator.close();
    metadata.close();
    startCoordinator();
  }

  @Test
  void aMarkerCompletesEveryGroupOfItsOffsetsPartitionAndNoOther() throws Exception {
    List<String> sameSlot = groupsInOneOffsetsPartition(2);
    String other = groupInAnotherPartitionThan(sameSlot.get(0));
    for (String group : List.of(sameSlot.get(0), sameSlot.get(1), other)) {
      assertThat(errors(commit(group, 0, 10))).containsOnly(Errors.NONE);
    }
    await(coordinator.completeTransaction(slot(sameSlot.get(0)), PRODUCER, (short) 0, true));
    assertThat(fetch(sameSlot.get(0), true, 0).get(0).committedOffset()).isEqualTo(10);
    assertThat(fetch(sameSlot.get(1), true, 0).get(0).committedOffset()).isEqualTo(10);
    assertThat(Errors.forCode(fetch(other, true, 0).get(0).errorCode()))
        .isEqualTo(Errors.UNSTABLE_OFFSET_COMMIT);
    await(coordinator.completeTransaction(slot(other), PRODUCER, (short) 0, true));
    assertThat(fetch(other, true, 0).get(0).committedOffset()).isEqualTo(10);
  }

  @Test
  void retriedAndLateMarkersChangeNothing() throws Exception {
    commit("g", 0, 10);
    await(coordinator.completeTransaction(slot("g"), PRODUCER, (short) 0, true));
    await(coordinator.completeTransaction(slot("g"), PRODUCER, (short) 0, true));
    await(coordinator.completeTransaction(slot("g"), PRODUCER, (short) 0, false));
    assertThat(fetch("g", true, 0).get(0).committedOffset()).isEqualTo(10);
    commit("g", 0, 20);
    await(coordinator.completeTransaction(slot("g"), PRODUCER, (short) 0, false));
    assertThat(fetch("g", true, 0).get(0).committedOffset()).isEqualTo(10);
  }

  @Test
  void requireStableMarksPendingPartitionsOfAWholeGroupFetch() throws Exception {
    commitPlain("g", 0, 1);
    commitPlain("g", 1, 2);
    commit("g", 1, 11);
    commit("g", 2, 12);
    var wholeGroup = new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("g")
        .setTopics(null);
    var all = await(coordinator.fetchOffsets(V5, wholeGroup, true));
    var partitions = all.topics().get(0).partitions();
    assertThat(partitions).extracting(p -> p.partitionIndex() + ":" + Errors.forCode(p.errorCode())
            + ":" + p.committedOffset())
        .as("only committed partitions are listed, as in Kafka")
        .containsExactly("0:NONE:1", "1:UNSTABLE_OFFSET_COMMIT:-1");
    var latest = await(coordinator.fetchOffsets(V5, wholeGroup, false));
    assertThat(latest.topics().get(0).partitions())
        .extracting(OffsetFetchResponseData.OffsetFetchResponsePartitions::committedOffset)
        .containsExactly(1L, 2L);
  }

  @Test
  void pendingOffsetsSurviveARestartAndCompleteAfterIt() throws Exception {
    commit("g", 0, 10);
    restart();
    var groups = await(coordinator.listGroups(V5, new ListGroupsRequestData())).groups();
    assertThat(groups).extracting(g -> g.groupId() + ":" + g.groupState())
        .containsExactly("g:Empty");
    assertThat(Errors.forCode(fetch("g", true, 0).get(0).errorCode()))
        .isEqualTo(Errors.UNSTABLE_OFFSET_COMMIT);
    assertThat(fetch("g", false, 0).get(0).committedOffset()).isEqualTo(-1);
    await(coordinator.completeTransaction(slot("g"), PRODUCER, (short) 0, true));
    assertThat(fetch("g", true, 0).get(0).committedOffset()).isEqualTo(10);
    restart();
    assertThat(fetch("g", true, 0).get(0).committedOffset()).isEqualTo(10);
  }

  @Test
  void badRequestsFailAlone() throws Exception {
    var noGroup = new TxnOffsetCommitRequestData().setGroupId("").setProducerId(PRODUCER);
    noGroup.topics().add(topic(0, 1));
    assertThat(errors(await(coordinator.commitTransactionalOffsets(V5, noGroup))))
        .containsOnly(Errors.INVALID_GROUP_ID);
    assertThatThrownBy(() -> await(coordinator.completeTransaction(
        TransactionCoordinator.OFFSETS_PARTITIONS, PRODUCER, (short) 0, true)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("__consumer_offsets");
    assertThatThrownBy(() -> await(coordinator.completeTransaction(0, -1, (short) 0, true)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private TxnOffsetCommitResponseData commit(String group, int partition, long offset)
      throws Exception {
    var request = new TxnOffsetCommitRequestData().setTransactionalId("tx").setGroupId(group)
        .setProducerId(PRODUCER).setProducerEpoch((short) 0).setGenerationIdOrMemberEpoch(-1);
    request.topics().add(topic(partition, offset));
    return await(coordinator.commitTransactionalOffsets(V5, request));
  }

  private void commitPlain(String group, int partition, long offset) throws Exception {
    var request = new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(-1);
    request.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t")
        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
            .setPartitionIndex(partition).setCommittedOffset(offset))));
    await(coordinator.commitOffsets(V5, request));
  }

  private List<OffsetFetchResponseData.OffsetFetchResponsePartitions> fetch(String group,
      boolean requireStable, int partition) throws Exception {
    var request = new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group)
        .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("t")
            .setPartitionIndexes(List.of(partition))));
    return await(coordinator.fetchOffsets(V5, request, requireStable)).topics().get(0).partitions();
  }

  private static TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic(int partition,
      long offset) {
    return new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic().setName("t")
        .setPartitions(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
            .setPartitionIndex(partition).setCommittedOffset(offset)));
  }

  private static int slot(String group) {
    return TransactionCoordinator.offsetsPartitionFor(group).partition();
  }

  /** Group ids sharing one offsets partition, each owned by a different shard. */
  private static List<String> groupsInOneOffsetsPartition(int count) {
    List<String> found = new ArrayList<>(List.of("group-0"));
    for (int i = 1; found.size() < count && i < 100_000; i++) {
      String candidate = "group-" + i;
      if (slot(candidate) == slot(found.get(0)) && found.stream().noneMatch(
          group -> shard(group) == shard(candidate))) {
        found.add(candidate);
      }
    }
    assertThat(found).hasSize(count);
    return found;
  }

  private static String groupInAnotherPartitionThan(String group) {
    String candidate = "other-0";
    for (int i = 1; slot(candidate) == slot(group); i++) {
      candidate = "other-" + i;
    }
    return candidate;
  }

  /** The owner index GroupCoordinatorService picks. */
  private static int shard(String group) {
    return Math.floorMod(group.hashCode(), OWNERS);
  }

  private static List<Errors> errors(TxnOffsetCommitResponseData response) {
    List<Errors> errors = new ArrayList<>();
    response.topics().forEach(topic -> topic.partitions()
        .forEach(p -> errors.add(Errors.forCode(p.errorCode()))));
    return errors;
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
