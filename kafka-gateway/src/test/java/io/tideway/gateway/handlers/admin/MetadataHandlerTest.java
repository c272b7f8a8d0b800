package io.tideway.gateway.handlers.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataHandlerTest extends AdminHandlerTestBase {

    private final MetadataHandler handler = new MetadataHandler(broker, endpoints);

    static List<Short> allVersions() {
        return versions(MetadataHandler.MIN_VERSION, MetadataHandler.MAX_VERSION);
    }

    private MetadataResponse named(short version, boolean allowAutoCreate, String... names)
            throws Exception {
        MetadataRequestData data = new MetadataRequestData()
                .setTopics(MetadataRequest.convertToMetadataRequestTopic(List.of(names)));
        if (version >= 4) {
            // Earlier versions always allow auto-creation (the field's default).
            data.setAllowAutoTopicCreation(allowAutoCreate);
        }
        return call(handler, new MetadataRequest(data, version));
    }

    private static MetadataResponseTopic topic(MetadataResponse response, String name) {
        return response.data().topics().stream().filter(t -> name.equals(t.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no topic " + name + " in " + response));
    }

    @ParameterizedTest
    @MethodSource("allVersions")
    void allTopicsListsTopicsBrokerClusterAndController(short version) throws Exception {
        broker.topics.add("orders", 2, Map.of());
        broker.topics.add("payments", 1, Map.of());

        // v0 asks for every topic with an empty list; later versions with a null one. The
        // client's builder no longer builds v0, which brokers still serve.
        MetadataRequestData all = new MetadataRequestData().setTopics(version == 0 ? List.of() : null);
        MetadataResponse response = call(handler, new MetadataRequest(all, version));

        assertThat(response.data().topics()).extracting(MetadataResponseTopic::name)
                .containsExactlyInAnyOrder("orders", "payments");
        Node broker = response.brokers().iterator().next();
        assertThat(broker.id()).isEqualTo(FakeBroker.NODE_ID);
        assertThat(broker.host()).isEqualTo("broker.example");
        assertThat(broker.port()).isEqualTo(9092);
        if (version >= 1) {
            assertThat(broker.rack()).isEqualTo(FakeBroker.RACK);
            assertThat(response.data().controllerId()).isEqualTo(FakeBroker.NODE_ID);
        }
        if (version >= 2) {
            assertThat(response.clusterId()).isEqualTo(FakeBroker.CLUSTER_ID);
        }
        MetadataResponseTopic orders = topic(response, "orders");
        assertThat(orders.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(orders.topicId()).isEqualTo(version >= 10
                ? this.broker.topics.byName("orders").orElseThrow().id() : Uuid.ZERO_UUID);
        assertThat(orders.partitions()).hasSize(2).allSatisfy(partition -> {
            assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(partition.leaderId()).isEqualTo(FakeBroker.NODE_ID);
            assertThat(partition.leaderEpoch()).isEqualTo(version >= 7 ? 0 : -1);
            assertThat(partition.replicaNodes()).containsExactly(FakeBroker.NODE_ID);
            assertThat(partition.isrNodes()).containsExactly(FakeBroker.NODE_ID);
            assertThat(partition.offlineReplicas()).isEmpty();
        });
        assertThat(orders.partitions()).extracting(MetadataResponsePartition::partitionIndex)
                .containsExactly(0, 1);
    }

    @ParameterizedTest
    @ValueSource(shorts = {1, 4, 13})
    void unknownAndIllegalNamesWithoutAutoCreation(short version) throws Exception {
        broker.topics.autoCreateEnabled(false);

        MetadataResponse response = named(version, true, "missing", "bad name");

        assertThat(topic(response, "missing").errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(topic(response, "bad name").errorCode())
                .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(broker.topics.autoCreated).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 3, 4, 13})
    void autoCreationAnswersUnknownAtOnceAndCreatesTheTopic(short version) throws Exception {
        MetadataResponse first = named(version, true, "fresh");

        assertThat(topic(first, "fresh").errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(topic(first, "fresh").partitions()).isEmpty();
        assertThat(broker.topics.autoCreated).containsExactly("fresh");
        MetadataResponse second = named(version, true, "fresh");
        assertThat(topic(second, "fresh").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(topic(second, "fresh").partitions())
                .hasSize(FakeTopicService.DEFAULT_PARTITIONS);
    }

    @Test
    void requestCanRefuseAutoCreation() throws Exception {
        MetadataResponse response = named((short) 4, false, "fresh");

        assertThat(topic(response, "fresh").errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(broker.topics.autoCreated).isEmpty();
    }

    @Test
    void illegalNamesAreNeverAutoCreated() throws Exception {
        MetadataResponse response = named((short) 12, true, "a/b", "..");

        assertThat(response.data().topics()).allSatisfy(topic ->
                assertThat(topic.errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code()));
        assertThat(broker.topics.autoCreated).isEmpty();
    }

    @Test
    void allTopicsNeverAutoCreates() throws Exception {
        call(handler, MetadataRequest.Builder.allTopics().build((short) 12));

        assertThat(broker.topics.autoCreated).isEmpty();
    }

    @Test
    void duplicateNamesAreAnsweredOnce() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        MetadataResponse response = named((short) 9, true, "orders", "orders");

        assertThat(response.data().topics()).hasSize(1);
    }

    @Test
    void internalTopicsAreFlagged() throws Exception {
        broker.topics.add("__consumer_offsets", 1, Map.of());

        MetadataResponse response = named((short) 9, false, "__consumer_offsets");

        assertThat(topic(response, "__consumer_offsets").isInternal()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(shorts = {12, 13})
    void lookupsByIdIgnoreNamesAndReportUnknownIds(short version) throws Exception {
        Uuid known = broker.topics.add("orders", 1, Map.of()).id();
        Uuid unknown = Uuid.randomUuid();
        MetadataRequestData data = new MetadataRequestData().setAllowAutoTopicCreation(true)
                .setTopics(List.of(
                        new MetadataRequestTopic().setName(null).setTopicId(known),
                        new MetadataRequestTopic().setName(null).setTopicId(unknown),
                        new MetadataRequestTopic().setName("other").setTopicId(Uuid.ZERO_UUID)));

        MetadataResponse response = call(handler, new MetadataRequest(data, version));

        assertThat(response.data().topics()).hasSize(2);
        MetadataResponseTopic missing = response.data().topics().stream()
                .filter(t -> t.topicId().equals(unknown)).findFirst().orElseThrow();
        assertThat(missing.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
        assertThat(missing.name()).isNull();
        assertThat(topic(response, "orders").topicId()).isEqualTo(known);
        assertThat(broker.topics.autoCreated).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(shorts = {10, 11})
    void topicIdsBeforeV12FailTheRequest(short version) {
        MetadataRequestData data = new MetadataRequestData().setTopics(List.of(
                new MetadataRequestTopic().setName("orders").setTopicId(Uuid.randomUuid())));

        assertThat(failure(handler, new MetadataRequest(data, version)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Topic IDs are not supported in requests for version " + version);
    }

    @Test
    void nullNameBeforeV12FailsTheRequest() {
        MetadataRequestData data = new MetadataRequestData().setTopics(List.of(
                new MetadataRequestTopic().setName(null)));

        assertThat(failure(handler, new MetadataRequest(data, (short) 11)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Topic name can not be null for version 11");
    }

    @Test
    void topicWithNeitherNameNorIdFailsTheRequest() {
        MetadataRequestData data = new MetadataRequestData().setTopics(List.of(
                new MetadataRequestTopic().setName(null).setTopicId(Uuid.ZERO_UUID)));

        assertThat(failure(handler, new MetadataRequest(data, (short) 12)))
                .isInstanceOf(InvalidRequestException.class);
    }

    @ParameterizedTest
    @ValueSource(shorts = {5, 9, 13})
    void offlinePartitionsHaveNoLeaderAndAnOfflineReplica(short version) throws Exception {
        broker.topics.add("orders", 2, Map.of());
        broker.partitions.offline(new TopicPartition("orders", 1),
                new KafkaStorageException("disk failed"));

        MetadataResponsePartition offline = topic(named(version, false, "orders"), "orders")
                .partitions().get(1);

        assertThat(offline.errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(offline.leaderId()).isEqualTo(MetadataResponse.NO_LEADER_ID);
        assertThat(offline.offlineReplicas()).containsExactly(FakeBroker.NODE_ID);
    }

    @Test
    void partitionNotYetOpenHasNoLeader() throws Exception {
        broker.topics.add("orders", 1, Map.of());
        broker.partitions.closed(new TopicPartition("orders", 0));

        MetadataResponsePartition partition = topic(named((short) 9, false, "orders"), "orders")
                .partitions().get(0);

        assertThat(partition.errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(partition.offlineReplicas()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 5, 6, 13})
    void withoutAnAdvertisedEndpointPartitionsAreLeaderless(short version) throws Exception {
        advertised = List.of();
        broker.topics.add("orders", 1, Map.of());

        MetadataResponse response = named(version, false, "orders");

        assertThat(response.brokers()).isEmpty();
        MetadataResponsePartition partition = topic(response, "orders").partitions().get(0);
        assertThat(partition.errorCode()).isEqualTo(version >= 6
                ? Errors.LISTENER_NOT_FOUND.code() : Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(partition.leaderId()).isEqualTo(MetadataResponse.NO_LEADER_ID);
        if (version == 0) {
            assertThat(partition.replicaNodes()).isEmpty();
        } else {
            assertThat(partition.replicaNodes()).containsExactly(FakeBroker.NODE_ID);
        }
    }

    @ParameterizedTest
    @ValueSource(shorts = {8, 10, 11, 13})
    void authorizedOperationsListEverySupportedOperation(short version) throws Exception {
        broker.topics.add("orders", 1, Map.of());
        MetadataRequestData data = new MetadataRequestData()
                .setTopics(MetadataRequest.convertToMetadataRequestTopic(List.of("orders", "nope")))
                .setAllowAutoTopicCreation(false)
                .setIncludeTopicAuthorizedOperations(true)
                .setIncludeClusterAuthorizedOperations(version <= 10);

        MetadataResponse response = call(handler, new MetadataRequest(data, version));

        Set<AclOperation> topicOps = operations(topic(response, "orders").topicAuthorizedOperations());
        assertThat(topicOps).containsExactlyInAnyOrder(AclOperation.READ, AclOperation.WRITE,
                AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER,
                AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
        assertThat(topic(response, "nope").topicAuthorizedOperations())
                .isEqualTo(topic(response, "orders").topicAuthorizedOperations());
        if (version <= 10) {
            assertThat(operations(response.clusterAuthorizedOperations())).containsExactlyInAnyOrder(
                    AclOperation.CREATE, AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER,
                    AclOperation.DESCRIBE);
        } else {
            assertThat(response.clusterAuthorizedOperations())
                    .isEqualTo(MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED);
        }
    }

    @Test
    void authorizedOperationsAreOmittedUnlessAsked() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        MetadataResponse response = named((short) 13, false, "orders");

        assertThat(topic(response, "orders").topicAuthorizedOperations())
                .isEqualTo(MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED);
    }

    private static Set<AclOperation> operations(int bitField) {
        return Utils.from32BitField(bitField).stream().map(AclOperation::fromCode)
                .collect(Collectors.toSet());
    }
}
