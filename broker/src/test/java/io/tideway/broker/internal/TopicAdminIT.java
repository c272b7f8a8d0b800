package io.tideway.broker.internal;

import static io.tideway.broker.internal.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.Partition;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicService;
import io.tideway.broker.TopicSpec;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicAdminIT {

  @TempDir
  Path root;

  private EngineHarness harness;
  private TopicService topics;

  @BeforeEach
  void setUp() {
    harness = new EngineHarness(root);
    harness.numPartitions = 2;
    topics = harness.start().topics();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private static void assertFails(Future<?> future, Class<? extends Throwable> type,
      String message) {
    assertThat(future.toCompletionStage().toCompletableFuture()).failsWithin(EngineHarness.WAIT)
        .withThrowableThat().havingCause().isInstanceOf(type).withMessageContaining(message);
  }

  private Path partitionDir(String topic, int partition) {
    return harness.logDirs.get(0).resolve(topic + "-" + partition);
  }

  @Test
  void createsValidatesOnlyAndRefusesBadRequests() {
    TopicInfo dryRun = await(topics.create(new TopicSpec("orders", -1, (short) -1, Map.of()),
        true));
    assertThat(dryRun.partitionCount()).isEqualTo(2);
    assertThat(dryRun.id()).isEqualTo(Uuid.ZERO_UUID);
    assertThat(topics.byName("orders")).isEmpty();
    assertThat(partitionDir("orders", 0)).doesNotExist();

    TopicInfo created = await(topics.create(new TopicSpec("orders", 3, (short) 1,
        Map.of("retention.ms", "1000")), false));
    assertThat(created.partitionCount()).isEqualTo(3);
    assertThat(created.configOverrides()).containsEntry("retention.ms", "1000");
    assertThat(partitionDir("orders", 2)).isDirectory();
    assertThat(harness.engine.partitions().get(new TopicPartition("orders", 2))).isPresent();

    assertFails(topics.create(new TopicSpec("orders", 1, (short) 1, Map.of()), false),
        TopicExistsException.class, "Topic 'orders' already exists.");
    assertFails(topics.create(new TopicSpec("orders", 1, (short) 1, Map.of()), true),
        TopicExistsException.class, "already exists");
    assertFails(topics.create(new TopicSpec("bad name", 1, (short) 1, Map.of()), false),
        InvalidTopicException.class, "bad name");
    assertFails(topics.create(new TopicSpec("t", 0, (short) 1, Map.of()), false),
        InvalidPartitionsException.class, "non-positive");
    assertFails(topics.create(new TopicSpec("t", 1, (short) 2, Map.of()), false),
        InvalidReplicationFactorException.class, "only 1 broker(s)");
    assertFails(topics.create(new TopicSpec("t", 1, (short) 1, Map.of("retention", "1")), false),
        InvalidConfigurationException.class, "Unknown topic config name: retention");
    assertFails(topics.create(new TopicSpec("t", 1, (short) 1, Map.of("segment.ms", "0")),
        false), InvalidConfigurationException.class, "segment.ms");
    await(topics.create(new TopicSpec("x.y", 1, (short) 1, Map.of()), false));
    assertFails(topics.create(new TopicSpec("x_y", 1, (short) 1, Map.of()), false),
        InvalidTopicException.class, "Topic 'x_y' collides with existing topic: x.y");
    assertThat(topics.all()).extracting(TopicInfo::name).containsExactlyInAnyOrder("orders", "x.y");
  }

  @Test
  void deletesByNameAndIdAndRemovesTheLogs() {
    TopicInfo a = await(topics.create(new TopicSpec("a", 2, (short) 1, Map.of()), false));
    TopicInfo b = await(topics.create(new TopicSpec("b", 1, (short) 1, Map.of()), false));
    Partition a0 = harness.engine.partitions().get(new TopicPartition("a", 0)).orElseThrow();
    await(a0.append(Batches.plain(2, 1000), (short) 1));

    assertThat(await(topics.delete("a"))).isEqualTo(a);
    assertThat(await(topics.delete(b.id()))).isEqualTo(b);

    assertThat(topics.all()).isEmpty();
    assertThat(partitionDir("a", 0)).doesNotExist();
    assertThat(partitionDir("a", 1)).doesNotExist();
    assertThat(partitionDir("b", 0)).doesNotExist();
    assertThat(harness.engine.partitions().get(new TopicPartition("a", 0))).isEmpty();
    assertFails(a0.read(0, 100, true), UnknownTopicOrPartitionException.class, "deleted");
    assertFails(topics.delete("a"), UnknownTopicOrPartitionException.class, "'a' does not exist");
    assertFails(topics.delete(b.id()), UnknownTopicIdException.class, b.id().toString());
    // The name is free again, with a new id and empty logs.
    TopicInfo again = await(topics.create(new TopicSpec("a", 1, (short) 1, Map.of()), false));
    assertThat(again.id()).isNotEqualTo(a.id());
    assertThat(harness.engine.partitions().get(new TopicPartition("a", 0)).orElseThrow()
        .logEndOffset()).isZero();
  }

  @Test
  void createPartitionsOnlyGrows() throws Exception {
    TopicInfo topic = await(topics.create(new TopicSpec("grow", 1, (short) 1,
        Map.of("retention.bytes", "4096")), false));
    assertThat(await(topics.createPartitions("grow", 3, true)).partitionCount()).isEqualTo(3);
    assertThat(topics.byName("grow").orElseThrow().partitionCount()).isEqualTo(1);
    TopicInfo grown = await(topics.createPartitions("grow", 3, false));
    assertThat(grown.id()).isEqualTo(topic.id());
    assertThat(grown.configOverrides()).containsEntry("retention.bytes", "4096");
    assertThat(harness.engine.partitions().get(topic.id(), 2)).isPresent();
    assertThat(Files.isDirectory(partitionDir("grow", 2))).isTrue();
    assertFails(topics.createPartitions("grow", 2, false), InvalidPartitionsException.class,
        "Topic currently has 3 partitions, which is higher than the requested 2.");
    assertFails(topics.createPartitions("grow", 3, false), InvalidPartitionsException.class,
        "Topic already has 3 partitions.");
    assertFails(topics.createPartitions("nope", 3, false),
        UnknownTopicOrPartitionException.class, "nope");
    harness.restart();
    assertThat(harness.engine.topics().byName("grow").orElseThrow().partitionCount())
        .isEqualTo(3);
  }

  @Test
  void describesAndReplacesConfigsAndAppliesThemToTheLogs() {
    await(topics.create(new TopicSpec("c", 1, (short) 1, Map.of("retention.ms", "1000")),
        false));
    Map<String, ConfigEntryView> described = byName(await(topics.describeConfigs("c")));
    assertThat(described.get("retention.ms").source()).isEqualTo(ConfigSource.TOPIC_CONFIG);
    assertThat(described.get("segment.bytes").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
    assertThat(described.get("segment.bytes").value()).isEqualTo("1073741824");
    Partition partition = harness.engine.partitions().get(new TopicPartition("c", 0))
        .orElseThrow();
    assertThat(await(partition.append(Batches.plain(1, 1000), (short) 1)).logAppendTime())
        .isEqualTo(-1);

    TopicInfo dryRun = await(topics.replaceConfigs("c",
        Map.of("message.timestamp.type", "LogAppendTime"), true));
    assertThat(dryRun.configOverrides()).containsOnlyKeys("message.timestamp.type");
    assertThat(topics.byName("c").orElseThrow().configOverrides()).containsOnlyKeys("retention.ms");

    TopicInfo altered = await(topics.replaceConfigs("c",
        Map.of("message.timestamp.type", "LogAppendTime", "cleanup.policy", "compact"), false));
    assertThat(altered.configOverrides()).containsOnlyKeys("message.timestamp.type",
        "cleanup.policy");
    assertThat(await(partition.append(Batches.plain(1, 1000), (short) 1)).logAppendTime())
        .isPositive();
    described = byName(await(topics.describeConfigs("c")));
    assertThat(described.get("retention.ms").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
    assertThat(described.get("cleanup.policy").value()).isEqualTo("compact");

    assertFails(topics.replaceConfigs("c", Map.of("retention.ms", "x"), false),
        InvalidConfigurationException.class, "retention.ms");
    assertFails(topics.replaceConfigs("nope", Map.of(), false),
        UnknownTopicOrPartitionException.class, "nope");
    assertFails(topics.describeConfigs("nope"), UnknownTopicOrPartitionException.class, "nope");
    harness.restart();
    assertThat(harness.engine.topics().byName("c").orElseThrow().configOverrides())
        .isEqualTo(altered.configOverrides());
  }

  @Test
  void concurrentAutoCreationsCreateTheTopicOnce() {
    List<Future<TopicInfo>> calls = IntStream.range(0, 20)
        .mapToObj(i -> topics.autoCreate("auto")).toList();
    await(Future.all(calls));
    assertThat(calls).extracting(call -> call.result().id()).containsOnly(
        topics.byName("auto").orElseThrow().id());
    assertThat(topics.byName("auto").orElseThrow().partitionCount()).isEqualTo(2);
    assertThat(await(topics.autoCreate("auto"))).isEqualTo(topics.byName("auto").orElseThrow());
    assertFails(topics.autoCreate("bad/name"), InvalidTopicException.class, "bad/name");

    harness.autoCreate = false;
    TopicService disabled = harness.restart().topics();
    assertThat(disabled.autoCreateEnabled()).isFalse();
    assertThat(await(disabled.autoCreate("auto")).name()).isEqualTo("auto");
    assertFails(disabled.autoCreate("other"), UnknownTopicOrPartitionException.class,
        "auto.create.topics.enable is false");
  }

  @Test
  void dynamicBrokerDefaultsApplyToTopicsWithoutOverridesAndSurviveRestarts() {
    await(topics.create(new TopicSpec("plain", 1, (short) 1, Map.of()), false));
    await(topics.create(new TopicSpec("own", 1, (short) 1,
        Map.of("message.timestamp.type", "CreateTime")), false));
    await(harness.engine.brokerConfigs().replaceDynamic(
        Map.of("log.message.timestamp.type", "LogAppendTime"), false));
    Partition plain = harness.engine.partitions().get(new TopicPartition("plain", 0))
        .orElseThrow();
    Partition own = harness.engine.partitions().get(new TopicPartition("own", 0)).orElseThrow();
    assertThat(await(plain.append(Batches.plain(1, 1000), (short) 1)).logAppendTime())
        .isPositive();
    assertThat(await(own.append(Batches.plain(1, 1000), (short) 1)).logAppendTime())
        .isEqualTo(-1);
    assertThat(byName(await(topics.describeConfigs("plain"))).get("message.timestamp.type")
        .source()).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
    assertFails(harness.engine.brokerConfigs().replaceDynamic(Map.of("bogus", "1"), false),
        InvalidRequestException.class, "bogus");

    harness.restart();
    assertThat(harness.engine.brokerConfigs().dynamicOverrides())
        .containsEntry("log.message.timestamp.type", "LogAppendTime");
    Partition reopened = harness.engine.partitions().get(new TopicPartition("plain", 0))
        .orElseThrow();
    assertThat(await(reopened.append(Batches.plain(1, 1000), (short) 1)).logAppendTime())
        .isPositive();
  }

  private static Map<String, ConfigEntryView> byName(List<ConfigEntryView> entries) {
    return entries.stream().collect(java.util.stream.Collectors.toMap(ConfigEntryView::name,
        entry -> entry));
  }
}
