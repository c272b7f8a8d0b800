package io.tideway.broker.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.GroupRequestContext;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.MetadataConfig;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.MetadataStores;
import io.tideway.metadata.store.GroupOffsetStore;
import io.tideway.metadata.store.TransactionalOffsetStore.CompletedGroup;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TxnOffsetCommit on one shard against the embedded metadata store, on a manual clock: member and
 * generation checks, per-partition errors, producer epoch fencing, visibility of pending offsets,
 * and how DeleteGroups, OffsetDelete and expiry treat them. Store callbacks run the shard's code
 * directly; the test thread waits for each future, so the shard is never used concurrently.
 */
class TxnOffsetCommitsTest {

  private static final long RETENTION = 60_000;
  private static final long PRODUCER = 7;

  @TempDir
  Path dir;

  private final ManualScheduler scheduler = new ManualScheduler();
  private final FakeTopics topics = new FakeTopics();
  private final GroupSettings settings = new GroupSettings(0, 6000, 1_800_000, 10, RETENTION,
      600_000, 16);
  private MetadataStore metadata;
  private GroupOffsetStore store;
  private GroupShard shard;

  @BeforeEach
  void open() {
    topics.put("orders", 3);
    metadata = MetadataStores.open(MetadataConfig.embedded(dir));
    store = new GroupOffsetStore(metadata, new KeyLayout("test"));
    shard = new GroupShard(new GroupOffsets(store, scheduler::nowMs, Runnable::run), scheduler,
        settings, topics);
  }

  @AfterEach
  void close() {
    metadata.close();
  }

  @Test
  void aClassicGroupChecksTheMemberAndGenerationWhenGiven() throws Exception {
    String member = joinClassic("m", null);
    assertThat(errors(commit(3, "m", 1, member, null, 5))).containsOnly(Errors.NONE);
    assertThat(errors(commit(3, "m", 2, member, null, 5))).containsOnly(Errors.ILLEGAL_GENERATION);
    assertThat(errors(commit(3, "m", 1, "ghost", null, 5))).containsOnly(Errors.UNKNOWN_MEMBER_ID);
    assertThat(errors(commit(3, "m", -1, "ghost", null, 5))).containsOnly(Errors.UNKNOWN_MEMBER_ID);
    assertThat(errors(commit(3, "m", -1, "", null, 5)))
        .as("without member fields (v0-v2, or v3+ defaults) a live group accepts the commit")
        .containsOnly(Errors.NONE);
  }

  @Test
  void aStaticMembersOldIncarnationIsFenced() throws Exception {
    String member = joinClassic("s", "instance-1");
    assertThat(errors(commit(3, "s", 1, member, "instance-1", 5))).containsOnly(Errors.NONE);
    assertThat(errors(commit(3, "s", 1, "old-incarnation", "instance-1", 5)))
        .containsOnly(Errors.FENCED_INSTANCE_ID);
  }

  @Test
  void anUnknownGroupAcceptsOnlyCommitsWithoutAGenerationAndIsCreatedEmpty() throws Exception {
    assertThat(errors(commit(3, "new", 1, "m", null, 5))).containsOnly(Errors.ILLEGAL_GENERATION);
    assertThat(errors(commit(6, "new", 1, "m", null, 5))).containsOnly(Errors.GROUP_ID_NOT_FOUND);
    assertThat(shard.list(Set.of(), Set.of())).isEmpty();
    assertThat(errors(commit(3, "new", -1, "", null, 5))).containsOnly(Errors.NONE);
    assertThat(shard.list(Set.of(), Set.of()))
        .extracting(g -> g.groupId() + ":" + g.groupState()).containsExactly("new:Empty");
  }

  @Test
  void aConsumerGroupChecksTheMemberEpoch() throws Exception {
    var joined = shard.consumerProtocol.heartbeat(context(1),
        new ConsumerGroupHeartbeatRequestData().setGroupId("c").setMemberId("a").setMemberEpoch(0)
            .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of("orders")));
    assertThat(joined.memberEpoch()).isEqualTo(1);
    assertThat(errors(commit(5, "c", 1, "a", null, 5))).containsOnly(Errors.NONE);
    assertThat(errors(commit(5, "c", 2, "a", null, 5))).containsOnly(Errors.FENCED_MEMBER_EPOCH);
    assertThat(errors(commit(5, "c", 0, "a", null, 5))).containsOnly(Errors.ILLEGAL_GENERATION);
    assertThat(errors(commit(6, "c", 0, "a", null, 5))).containsOnly(Errors.STALE_MEMBER_EPOCH);
    assertThat(errors(commit(5, "c", 1, "b", null, 5))).containsOnly(Errors.UNKNOWN_MEMBER_ID);
    assertThat(errors(commit(5, "c", -1, "", null, 5))).containsOnly(Errors.NONE);
  }

  @Test
  void badPartitionsFailAloneAndTheOthersArePending() throws Exception {
    var request = request(3, "g", -1, "", null);
    request.topics().add(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic()
        .setName("orders").setPartitions(List.of(
            partition(0, 5, "ok"), partition(1, 5, "x".repeat(17)), partition(2, -3, null))));
    TxnOffsetCommitResponseData response = await(shard.transactional.commit(context(3), request));
    assertThat(errors(response)).containsExactly(Errors.NONE, Errors.OFFSET_METADATA_TOO_LARGE,
        Errors.INVALID_COMMIT_OFFSET_SIZE);
    assertThat(partitions(fetch("g", true, 0, 1, 2))).extracting(p -> Errors.forCode(p.errorCode()))
        .containsExactly(Errors.UNSTABLE_OFFSET_COMMIT, Errors.NONE, Errors.NONE);
  }

  @Test
  void producerIdsAndEpochsAreChecked() throws Exception {
    var noProducer = request(3, "g", -1, "", null).setProducerId(-1);
    noProducer.topics().add(topic(0, 5));
    assertThat(errors(await(shard.transactional.commit(context(3), noProducer))))
        .containsOnly(Errors.INVALID_PRODUCER_ID_MAPPING);
    assertThat(errors(commit(3, "g", -1, "", null, 5, 2))).containsOnly(Errors.NONE);
    assertThat(errors(commit(3, "g", -1, "", null, 6, 1)))
        .containsOnly(Errors.INVALID_PRODUCER_EPOCH);
    complete(3, false); // an abort with a bumped epoch, as after a timeout
    assertThat(errors(commit(3, "g", -1, "", null, 6, 2)))
        .as("a late write of the aborted transaction").containsOnly(Errors.INVALID_PRODUCER_EPOCH);
    assertThat(offset(fetch("g", true, 0))).isEqualTo(-1);
  }

  @Test
  void pendingOffsetsAreInvisibleUntilTheCommitMarker() throws Exception {
    commitPlain("g", 0, 3);
    assertThat(errors(commit(3, "g", -1, "", null, 5))).containsOnly(Errors.NONE);
    assertThat(offset(fetch("g", false, 0))).isEqualTo(3);
    assertThat(Errors.forCode(partitions(fetch("g", true, 0)).get(0).errorCode()))
        .isEqualTo(Errors.UNSTABLE_OFFSET_COMMIT);
    assertThat(offset(fetch("g", true, 0))).isEqualTo(-1);
    complete(0, true);
    var committed = partitions(fetch("g", true, 0)).get(0);
    assertThat(Errors.forCode(committed.errorCode())).isEqualTo(Errors.NONE);
    assertThat(committed.committedOffset()).isEqualTo(5);
    assertThat(committed.committedLeaderEpoch()).isEqualTo(4);
    assertThat(committed.metadata()).isEqualTo("m5");
  }

  @Test
  void anAbortMarkerLeavesTheCommittedOffset() throws Exception {
    commitPlain("g", 0, 3);
    commit(3, "g", -1, "", null, 5);
    complete(0, false);
    assertThat(offset(fetch("g", true, 0))).isEqualTo(3);
  }

  @Test
  void expiryKeepsOffsetsWithPendingTransactionalOffsetsAndForgetsTheGroupAfterwards()
      throws Exception {
    commitPlain("g", 0, 3);
    commit(3, "g", -1, "", null, 5);
    scheduler.advance(RETENTION + 1);
    await(shard.expireOffsets());
    assertThat(offset(fetch("g", false, 0))).as("kept: a transaction is pending").isEqualTo(3);
    assertThat(shard.list(Set.of(), Set.of())).hasSize(1);
    complete(0, false);
    await(shard.expireOffsets());
    assertThat(offset(fetch("g", false, 0))).isEqualTo(-1);
    assertThat(shard.list(Set.of(), Set.of())).as("an empty group without offsets goes").isEmpty();
  }

  @Test
  void aGroupWithOnlyPendingOffsetsIsKeptByExpiry() throws Exception {
    commit(3, "g", -1, "", null, 5);
    scheduler.advance(RETENTION + 1);
    await(shard.expireOffsets());
    assertThat(shard.list(Set.of(), Set.of())).hasSize(1);
    complete(0, true);
    assertThat(offset(fetch("g", true, 0))).isEqualTo(5);
  }

  @Test
  void deletingTheGroupDropsPendingOffsetsSoTheMarkerCannotRestoreThem() throws Exception {
    commit(3, "g", -1, "", null, 5);
    var deleted = await(shard.deleteGroup("g"));
    assertThat(Errors.forCode(deleted.errorCode())).isEqualTo(Errors.NONE);
    assertThat(complete(0, true)).isEmpty();
    assertThat(offset(fetch("g", true, 0))).isEqualTo(-1);
    assertThat(shard.list(Set.of(), Set.of())).isEmpty();
  }

  @Test
  void offsetDeleteDropsThePendingOffsetsOfItsPartitionsOnly() throws Exception {
    var request = request(3, "g", -1, "", null);
    request.topics().add(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic()
        .setName("orders").setPartitions(List.of(partition(0, 5, null), partition(1, 6, null))));
    await(shard.transactional.commit(context(3), request));
    var delete = new OffsetDeleteRequestData().setGroupId("g");
    var topic = new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("orders");
    topic.partitions().add(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
        .setPartitionIndex(0));
    delete.topics().add(topic);
    await(shard.deleteOffsets(delete));
    complete(0, true);
    assertThat(partitions(fetch("g", true, 0, 1)))
        .extracting(OffsetFetchResponseData.OffsetFetchResponsePartitions::committedOffset)
        .containsExactly(-1L, 6L);
  }

  private String joinClassic(String group, String instanceId) {
    var join = new JoinGroupRequestData().setGroupId(group).setMemberId("")
        .setGroupInstanceId(instanceId).setProtocolType("consumer").setSessionTimeoutMs(10_000)
        .setRebalanceTimeoutMs(30_000)
        .setProtocols(new JoinGroupRequestData.JoinGroupRequestProtocolCollection(List.of(
            new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                .setMetadata(new byte[0])).iterator()));
    String memberId = shard.protocol.join(context(9), join).result().memberId();
    if (instanceId == null) {
      assertThat(shard.protocol.join(context(9), join.setMemberId(memberId)).result()
          .generationId()).isEqualTo(1);
    }
    shard.protocol.sync(new SyncGroupRequestData().setGroupId(group).setMemberId(memberId)
        .setGenerationId(1));
    return memberId;
  }

  private void commitPlain(String group, int partition, long offset) throws Exception {
    var request = new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(-1);
    request.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("orders")
        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
            .setPartitionIndex(partition).setCommittedOffset(offset))));
    await(shard.commit(context(8), request));
  }

  /** TxnOffsetCommit of orders-0 at {@code offset} (leader epoch 4, metadata "m" + offset). */
  private TxnOffsetCommitResponseData commit(int version, String group, int generation,
      String memberId, String instanceId, long offset) throws Exception {
    return commit(version, group, generation, memberId, instanceId, offset, 0);
  }

  private TxnOffsetCommitResponseData commit(int version, String group, int generation,
      String memberId, String instanceId, long offset, int producerEpoch) throws Exception {
    var request = request(version, group, generation, memberId, instanceId)
        .setProducerEpoch((short) producerEpoch);
    request.topics().add(topic(0, offset));
    return await(shard.transactional.commit(context(version), request));
  }

  /** What the coordinator does for a marker of this producer, for the groups of this shard. */
  private List<CompletedGroup> complete(int epoch, boolean commit) throws Exception {
    List<CompletedGroup> done = store.transactional()
        .complete(PRODUCER, (short) epoch, commit, group -> true, scheduler.nowMs())
        .get(30, TimeUnit.SECONDS);
    done.forEach(shard.transactional::completed);
    return done;
  }

  private OffsetFetchResponseData.OffsetFetchResponseGroup fetch(String group,
      boolean requireStable, Integer... partitions) throws Exception {
    var request = new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group)
        .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("orders")
            .setPartitionIndexes(List.of(partitions))));
    return await(shard.fetch(request, requireStable));
  }

  private static TxnOffsetCommitRequestData request(int version, String group, int generation,
      String memberId, String instanceId) {
    return new TxnOffsetCommitRequestData().setTransactionalId("tx").setGroupId(group)
        .setProducerId(PRODUCER).setProducerEpoch((short) 0)
        .setGenerationIdOrMemberEpoch(generation)
        .setMemberId(memberId).setGroupInstanceId(instanceId);
  }

  private static TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic(int partition,
      long offset) {
    return new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic().setName("orders")
        .setPartitions(List.of(partition(partition, offset, "m" + offset)));
  }

  private static TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition partition(int index,
      long offset, String metadata) {
    return new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
        .setPartitionIndex(index).setCommittedOffset(offset).setCommittedLeaderEpoch(4)
        .setCommittedMetadata(metadata);
  }

  private static List<Errors> errors(TxnOffsetCommitResponseData response) {
    List<Errors> errors = new ArrayList<>();
    response.topics().forEach(topic -> topic.partitions()
        .forEach(p -> errors.add(Errors.forCode(p.errorCode()))));
    return errors;
  }

  private static List<OffsetFetchResponseData.OffsetFetchResponsePartitions> partitions(
      OffsetFetchResponseData.OffsetFetchResponseGroup group) {
    assertThat(group.topics()).hasSize(1);
    return group.topics().get(0).partitions();
  }

  private static long offset(OffsetFetchResponseData.OffsetFetchResponseGroup group) {
    return partitions(group).get(0).committedOffset();
  }

  private static GroupRequestContext context(int version) {
    return new GroupRequestContext("client", "/127.0.0.1", (short) version);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
