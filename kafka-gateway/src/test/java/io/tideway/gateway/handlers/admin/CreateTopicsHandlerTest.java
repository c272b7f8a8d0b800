package io.tideway.gateway.handlers.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignmentCollection;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfigCollection;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CreateTopicsHandlerTest extends AdminHandlerTestBase {

    private final CreateTopicsHandler handler = new CreateTopicsHandler(broker);

    static List<Short> allVersions() {
        return versions(CreateTopicsHandler.MIN_VERSION, CreateTopicsHandler.MAX_VERSION);
    }

    private static CreatableTopic topic(String name, int partitions, int replicationFactor) {
        return new CreatableTopic().setName(name).setNumPartitions(partitions)
                .setReplicationFactor((short) replicationFactor);
    }

    private static CreatableTopic withConfig(CreatableTopic topic, String key, String value) {
        CreatableTopicConfigCollection configs = topic.configs();
        configs.add(new CreatableTopicConfig().setName(key).setValue(value));
        return topic;
    }

    private static CreatableTopic withAssignments(CreatableTopic topic, int[]... brokersByPartition) {
        CreatableReplicaAssignmentCollection assignments = new CreatableReplicaAssignmentCollection();
        for (int i = 0; i < brokersByPartition.length; i++) {
            List<Integer> brokers = java.util.Arrays.stream(brokersByPartition[i]).boxed().toList();
            assignments.add(new CreatableReplicaAssignment().setPartitionIndex(i)
                    .setBrokerIds(brokers));
        }
        return topic.setAssignments(assignments);
    }

    private CreateTopicsResponse create(short version, boolean validateOnly,
            CreatableTopic... topics) throws Exception {
        CreatableTopicCollection collection = new CreatableTopicCollection();
        for (CreatableTopic topic : topics) {
            collection.mustAdd(topic.duplicate());
        }
        CreateTopicsRequestData data = new CreateTopicsRequestData().setTopics(collection)
                .setTimeoutMs(30_000).setValidateOnly(validateOnly);
        return call(handler, new CreateTopicsRequest(data, version));
    }

    private static CreatableTopicResult result(CreateTopicsResponse response, String name) {
        return response.data().topics().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + name));
    }

    private static CreatableTopicConfigs config(CreatableTopicResult result, String name) {
        return result.configs().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no config " + name));
    }

    @ParameterizedTest
    @MethodSource("allVersions")
    void createsWithBrokerDefaults(short version) throws Exception {
        CreatableTopicResult result = result(create(version, false, topic("orders", -1, -1)),
                "orders");

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.errorMessage()).isNull();
        Uuid id = broker.topics.byName("orders").orElseThrow().id();
        assertThat(result.topicId()).isEqualTo(version >= 7 ? id : Uuid.ZERO_UUID);
        if (version >= 5) {
            assertThat(result.numPartitions()).isEqualTo(FakeTopicService.DEFAULT_PARTITIONS);
            assertThat(result.replicationFactor()).isEqualTo((short) 1);
            assertThat(config(result, "retention.ms").value()).isEqualTo("604800000");
            assertThat(config(result, "retention.ms").configSource())
                    .isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
            assertThat(result.configs()).extracting(CreatableTopicConfigs::name).isSorted();
        } else {
            assertThat(result.numPartitions()).isEqualTo(-1);
            assertThat(result.configs()).isEmpty();
        }
    }

    @Test
    void createsWithPartitionsAndOverrides() throws Exception {
        CreatableTopicResult result = result(create((short) 7, false,
                withConfig(topic("orders", 6, 1), "retention.ms", "1000")), "orders");

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.numPartitions()).isEqualTo(6);
        assertThat(config(result, "retention.ms").value()).isEqualTo("1000");
        assertThat(config(result, "retention.ms").configSource())
                .isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        assertThat(broker.topics.byName("orders").orElseThrow().configOverrides())
                .containsEntry("retention.ms", "1000");
    }

    @Test
    void validateOnlyCreatesNothingAndListsTheOverrides() throws Exception {
        CreatableTopicResult result = result(create((short) 7, true,
                withConfig(topic("orders", 2, -1), "retention.ms", "1000")), "orders");

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.numPartitions()).isEqualTo(2);
        assertThat(result.configs()).singleElement().satisfies(config -> {
            assertThat(config.name()).isEqualTo("retention.ms");
            assertThat(config.configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        });
        assertThat(broker.topics.byName("orders")).isEmpty();
    }

    @Test
    void moreThanTenThousandPartitionsInOneRequestArePolicyViolationAndCreateNothing() {
        assertThatThrownBy(() -> create((short) 7, false, topic("a", 6_000, 1),
                topic("b", 4_001, 1)))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessage("Excessively large number of partitions per request.");
        assertThat(broker.topics().byName("a")).isEmpty();
        assertThat(broker.topics().byName("b")).isEmpty();
    }

    @Test
    void duplicateNamesFailAloneWithoutHarmingOthers() throws Exception {
        CreateTopicsResponse response = create((short) 6, false, topic("twice", 1, 1),
                topic("twice", 2, 1), topic("once", 1, 1));

        assertThat(response.data().topics()).hasSize(2);
        assertThat(result(response, "twice").errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(result(response, "twice").errorMessage()).isEqualTo("Duplicate topic name.");
        assertThat(result(response, "once").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.topics.byName("twice")).isEmpty();
    }

    @Test
    void clusterMetadataTopicIsProhibited() throws Exception {
        CreatableTopicResult result = result(create((short) 7, false,
                topic("__cluster_metadata", 1, 1)), "__cluster_metadata");

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(result.errorMessage())
                .isEqualTo("Creation of internal topic __cluster_metadata is prohibited.");
    }

    @Test
    void illegalNameIsInvalidTopic() throws Exception {
        CreatableTopicResult result = result(create((short) 7, false, topic("a/b", 1, 1)), "a/b");

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(result.errorMessage()).contains("a/b");
    }

    @Test
    void existingTopicIsAlreadyExists() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        CreatableTopicResult result = result(create((short) 7, true, topic("orders", 1, 1)),
                "orders");

        assertThat(result.errorCode()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS.code());
        assertThat(result.errorMessage()).isEqualTo("Topic 'orders' already exists.");
    }

    @Test
    void badCountsAndFactorsAreReportedPerTopic() throws Exception {
        CreateTopicsResponse response = create((short) 7, false, topic("rf3", 1, 3),
                topic("rf0", 1, 0), topic("p0", 0, 1), topic("ok", 1, 1));

        assertThat(result(response, "rf3").errorCode())
                .isEqualTo(Errors.INVALID_REPLICATION_FACTOR.code());
        assertThat(result(response, "rf0").errorCode())
                .isEqualTo(Errors.INVALID_REPLICATION_FACTOR.code());
        assertThat(result(response, "p0").errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
        assertThat(result(response, "ok").errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void invalidConfigsAreInvalidConfigWithTheEngineMessage() throws Exception {
        CreateTopicsResponse response = create((short) 7, false,
                withConfig(topic("unknown", 1, 1), "no.such.key", "1"),
                withConfig(topic("bad", 1, 1), "retention.ms", "-5"),
                withConfig(topic("null", 1, 1), "retention.ms", null));

        assertThat(result(response, "unknown").errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(result(response, "unknown").errorMessage()).contains("no.such.key");
        assertThat(result(response, "bad").errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(result(response, "bad").errorMessage()).contains("retention.ms");
        assertThat(result(response, "null").errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(result(response, "null").errorMessage())
                .isEqualTo("Null value not supported for topic configs: retention.ms");
    }

    @Test
    void manualAssignmentsNamingThisNodeCreateThePartitions() throws Exception {
        CreatableTopicResult result = result(create((short) 7, false, withAssignments(
                topic("orders", -1, -1), new int[] {1}, new int[] {1})), "orders");

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.topics.byName("orders").orElseThrow().partitionCount()).isEqualTo(2);
    }

    @Test
    void manualAssignmentsNeedDefaultCountAndFactor() throws Exception {
        CreateTopicsResponse response = create((short) 7, false,
                withAssignments(topic("rf", -1, 1), new int[] {1}),
                withAssignments(topic("count", 1, -1), new int[] {1}));

        assertThat(result(response, "rf").errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(result(response, "rf").errorMessage()).isEqualTo("A manual partition "
                + "assignment was specified, but replication factor was not set to -1.");
        assertThat(result(response, "count").errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(result(response, "count").errorMessage()).isEqualTo("A manual partition "
                + "assignment was specified, but numPartitions was not set to -1.");
    }

    @Test
    void manualAssignmentsNamingOtherBrokersAreInvalid() throws Exception {
        CreateTopicsResponse response = create((short) 7, false,
                withAssignments(topic("other", -1, -1), new int[] {2}),
                withAssignments(topic("twice", -1, -1), new int[] {1, 1}),
                withAssignments(topic("empty", -1, -1), new int[] {}),
                withAssignments(topic("mixed", -1, -1), new int[] {1}, new int[] {1, 2}));

        assertThat(response.data().topics()).allSatisfy(result -> assertThat(result.errorCode())
                .isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT.code()));
        assertThat(result(response, "other").errorMessage()).isEqualTo("The manual partition "
                + "assignment includes broker 2, but no such broker is registered.");
        assertThat(result(response, "twice").errorMessage()).isEqualTo("The manual partition "
                + "assignment includes the broker 1 more than once.");
        assertThat(result(response, "empty").errorMessage()).isEqualTo("The manual partition "
                + "assignment includes an empty replica list.");
        assertThat(broker.topics.all()).isEmpty();
    }

    @Test
    void manualAssignmentsMustCoverConsecutivePartitions() throws Exception {
        CreatableTopic gap = topic("gap", -1, -1).setAssignments(
                new CreatableReplicaAssignmentCollection(List.of(
                        new CreatableReplicaAssignment().setPartitionIndex(0).setBrokerIds(List.of(1)),
                        new CreatableReplicaAssignment().setPartitionIndex(2).setBrokerIds(List.of(1)))
                        .iterator()));

        CreatableTopicResult result = result(create((short) 7, false, gap), "gap");

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT.code());
        assertThat(result.errorMessage())
                .isEqualTo("partitions should be a consecutive 0-based integer sequence");
    }

    @Test
    void unexpectedEngineFailureIsUnknownServerErrorForThatTopicOnly() throws Exception {
        broker.topics.failOn("broken", new IllegalStateException("engine bug"));

        CreateTopicsResponse response = create((short) 7, false, topic("broken", 1, 1),
                topic("fine", 1, 1));

        assertThat(result(response, "broken").errorCode())
                .isEqualTo(Errors.UNKNOWN_SERVER_ERROR.code());
        assertThat(result(response, "broken").errorMessage()).isNull();
        assertThat(result(response, "fine").errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void configDescribeFailureIsReportedAsTopicConfigError() throws Exception {
        broker.topics.failDescribe(new UnknownTopicOrPartitionException("gone"));

        CreatableTopicResult result = result(create((short) 7, false, topic("orders", 1, 1)),
                "orders");

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.topicConfigErrorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(result.configs()).isEmpty();
    }

    @Test
    void enginesCompletingOnAnotherContextAreJoined() throws Exception {
        broker.topics.completeOn(vertx().getOrCreateContext());

        CreateTopicsResponse response = create((short) 7, false, topic("a", 1, 1),
                topic("b", 2, 1), topic("c", 3, 5));

        assertThat(response.data().topics()).extracting(CreatableTopicResult::name)
                .containsExactly("a", "b", "c");
        assertThat(result(response, "b").numPartitions()).isEqualTo(2);
        assertThat(result(response, "c").errorCode())
                .isEqualTo(Errors.INVALID_REPLICATION_FACTOR.code());
    }
}
