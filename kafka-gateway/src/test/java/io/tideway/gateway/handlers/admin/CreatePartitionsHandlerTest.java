package io.tideway.gateway.handlers.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopicCollection;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CreatePartitionsHandlerTest extends AdminHandlerTestBase {

    private final CreatePartitionsHandler handler = new CreatePartitionsHandler(broker);

    static List<Short> allVersions() {
        return versions(CreatePartitionsHandler.MIN_VERSION, CreatePartitionsHandler.MAX_VERSION);
    }

    private static CreatePartitionsTopic grow(String name, int count, int[]... assignments) {
        CreatePartitionsTopic topic = new CreatePartitionsTopic().setName(name).setCount(count);
        if (assignments.length > 0) {
            topic.setAssignments(Arrays.stream(assignments).map(brokers ->
                    new CreatePartitionsAssignment().setBrokerIds(
                            Arrays.stream(brokers).boxed().toList())).toList());
        } else {
            topic.setAssignments(null);
        }
        return topic;
    }

    private CreatePartitionsResponse send(short version, boolean validateOnly,
            CreatePartitionsTopic... topics) throws Exception {
        CreatePartitionsTopicCollection collection = new CreatePartitionsTopicCollection();
        for (CreatePartitionsTopic topic : topics) {
            collection.mustAdd(topic.duplicate());
        }
        CreatePartitionsRequestData data = new CreatePartitionsRequestData().setTopics(collection)
                .setTimeoutMs(30_000).setValidateOnly(validateOnly);
        return call(handler, new CreatePartitionsRequest.Builder(data).build(version));
    }

    private static CreatePartitionsTopicResult result(CreatePartitionsResponse response,
            String name) {
        return response.data().results().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + name));
    }

    @ParameterizedTest
    @MethodSource("allVersions")
    void growsTheTopic(short version) throws Exception {
        broker.topics.add("orders", 2, Map.of());

        CreatePartitionsTopicResult result = result(send(version, false, grow("orders", 5)),
                "orders");

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.errorMessage()).isNull();
        assertThat(broker.topics.byName("orders").orElseThrow().partitionCount()).isEqualTo(5);
    }

    @Test
    void validateOnlyChangesNothing() throws Exception {
        broker.topics.add("orders", 2, Map.of());

        CreatePartitionsTopicResult result = result(send((short) 3, true, grow("orders", 5)),
                "orders");

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.topics.byName("orders").orElseThrow().partitionCount()).isEqualTo(2);
    }

    @Test
    void unknownTopicAndNonIncreasesFailPerTopic() throws Exception {
        broker.topics.add("same", 2, Map.of());
        broker.topics.add("fewer", 4, Map.of());

        CreatePartitionsResponse response = send((short) 3, false, grow("missing", 3),
                grow("same", 2), grow("fewer", 3));

        assertThat(result(response, "missing").errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(result(response, "same").errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
        assertThat(result(response, "same").errorMessage())
                .isEqualTo("Topic already has 2 partition(s).");
        assertThat(result(response, "fewer").errorMessage())
                .isEqualTo("The topic fewer currently has 4 partition(s); 3 would not be an increase.");
    }

    @Test
    void duplicateTopicIsInvalidRequest() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        CreatePartitionsResponse response = send((short) 3, false, grow("orders", 2),
                grow("orders", 3));

        assertThat(response.data().results()).singleElement().satisfies(result -> {
            assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
            assertThat(result.errorMessage()).isEqualTo("Duplicate topic name.");
        });
        assertThat(broker.topics.byName("orders").orElseThrow().partitionCount()).isEqualTo(1);
    }

    @Test
    void assignmentsNamingThisNodeAreAccepted() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        CreatePartitionsTopicResult result = result(send((short) 3, false,
                grow("orders", 3, new int[] {1}, new int[] {1})), "orders");

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.topics.byName("orders").orElseThrow().partitionCount()).isEqualTo(3);
    }

    @Test
    void badAssignmentsAreInvalidReplicaAssignment() throws Exception {
        broker.topics.add("count", 1, Map.of());
        broker.topics.add("other", 1, Map.of());
        broker.topics.add("twice", 1, Map.of());

        CreatePartitionsResponse response = send((short) 3, false,
                grow("count", 3, new int[] {1}),
                grow("other", 2, new int[] {2}),
                grow("twice", 2, new int[] {1, 1}));

        assertThat(response.data().results()).allSatisfy(result -> assertThat(result.errorCode())
                .isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT.code()));
        assertThat(result(response, "count").errorMessage()).isEqualTo("Attempted to add 2 "
                + "additional partition(s), but only 1 assignment(s) were specified.");
        assertThat(result(response, "other").errorMessage()).isEqualTo("The manual partition "
                + "assignment includes broker 2, but no such broker is registered.");
        assertThat(result(response, "twice").errorMessage()).isEqualTo("The manual partition "
                + "assignment includes the broker 1 more than once.");
    }

    @Test
    void engineFailureIsReportedForThatTopicOnly() throws Exception {
        broker.topics.add("broken", 1, Map.of());
        broker.topics.add("fine", 1, Map.of());
        broker.topics.failOn("broken", new PolicyViolationException("not allowed"));

        CreatePartitionsResponse response = send((short) 3, false, grow("broken", 2),
                grow("fine", 2));

        assertThat(result(response, "broken").errorCode())
                .isEqualTo(Errors.POLICY_VIOLATION.code());
        assertThat(result(response, "broken").errorMessage()).isEqualTo("not allowed");
        assertThat(result(response, "fine").errorCode()).isEqualTo(Errors.NONE.code());
    }
}
