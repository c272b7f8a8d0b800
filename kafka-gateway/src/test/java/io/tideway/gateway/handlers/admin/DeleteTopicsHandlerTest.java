package io.tideway.gateway.handlers.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeleteTopicsHandlerTest extends AdminHandlerTestBase {

    private final DeleteTopicsHandler handler = new DeleteTopicsHandler(broker);

    static List<Short> allVersions() {
        return versions(DeleteTopicsHandler.MIN_VERSION, DeleteTopicsHandler.MAX_VERSION);
    }

    private DeleteTopicsResponse byNames(short version, String... names) throws Exception {
        DeleteTopicsRequestData data = new DeleteTopicsRequestData().setTimeoutMs(30_000);
        if (version >= 6) {
            data.setTopics(java.util.Arrays.stream(names)
                    .map(name -> new DeleteTopicState().setName(name)).toList());
        } else {
            data.setTopicNames(List.of(names));
        }
        return call(handler, new DeleteTopicsRequest.Builder(data).build(version));
    }

    private DeleteTopicsResponse v6(DeleteTopicState... states) throws Exception {
        DeleteTopicsRequestData data = new DeleteTopicsRequestData().setTimeoutMs(30_000)
                .setTopics(List.of(states));
        return call(handler, new DeleteTopicsRequest.Builder(data).build((short) 6));
    }

    private static DeletableTopicResult named(DeleteTopicsResponse response, String name) {
        return response.data().responses().stream().filter(r -> name.equals(r.name()))
                .findFirst().orElseThrow(() -> new AssertionError("no result for " + name));
    }

    private static DeletableTopicResult withId(DeleteTopicsResponse response, Uuid id) {
        return response.data().responses().stream().filter(r -> id.equals(r.topicId()))
                .findFirst().orElseThrow(() -> new AssertionError("no result for " + id));
    }

    @ParameterizedTest
    @MethodSource("allVersions")
    void deletesByNameAndReportsUnknownNames(short version) throws Exception {
        Uuid id = broker.topics.add("orders", 2, Map.of()).id();

        DeleteTopicsResponse response = byNames(version, "orders", "missing");

        DeletableTopicResult deleted = named(response, "orders");
        assertThat(deleted.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(deleted.errorMessage()).isNull();
        assertThat(deleted.topicId()).isEqualTo(version >= 6 ? id : Uuid.ZERO_UUID);
        assertThat(broker.topics.byName("orders")).isEmpty();
        DeletableTopicResult missing = named(response, "missing");
        assertThat(missing.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        // Error messages exist from v5 on.
        assertThat(missing.errorMessage()).isEqualTo(version >= 5
                ? Errors.UNKNOWN_TOPIC_OR_PARTITION.message() : null);
    }

    @Test
    void deletesByIdAndReportsUnknownIds() throws Exception {
        Uuid id = broker.topics.add("orders", 1, Map.of()).id();
        Uuid unknown = Uuid.randomUuid();

        DeleteTopicsResponse response = v6(new DeleteTopicState().setName(null).setTopicId(id),
                new DeleteTopicState().setName(null).setTopicId(unknown));

        assertThat(withId(response, id).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(withId(response, id).name()).isEqualTo("orders");
        assertThat(withId(response, unknown).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
        assertThat(withId(response, unknown).name()).isNull();
        assertThat(broker.topics.all()).isEmpty();
    }

    @Test
    void entriesNeedExactlyOneOfNameAndId() throws Exception {
        broker.topics.add("orders", 1, Map.of());

        DeleteTopicsResponse response = v6(new DeleteTopicState().setName(null),
                new DeleteTopicState().setName("orders").setTopicId(Uuid.randomUuid()));

        assertThat(response.data().responses()).hasSize(2).allSatisfy(result ->
                assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code()));
        assertThat(response.data().responses()).extracting(DeletableTopicResult::errorMessage)
                .containsExactlyInAnyOrder("Neither topic name nor id were specified.",
                        "You may not specify both topic name and topic id.");
        assertThat(broker.topics.byName("orders")).isPresent();
    }

    @Test
    void duplicatesAreRejectedAndNotDeleted() throws Exception {
        Uuid a = broker.topics.add("a", 1, Map.of()).id();
        broker.topics.add("b", 1, Map.of());

        DeleteTopicsResponse response = v6(new DeleteTopicState().setName("b"),
                new DeleteTopicState().setName("b"),
                new DeleteTopicState().setName(null).setTopicId(a),
                new DeleteTopicState().setName(null).setTopicId(a));

        assertThat(named(response, "b").errorMessage()).isEqualTo("Duplicate topic name.");
        assertThat(withId(response, a).errorMessage()).isEqualTo("Duplicate topic id.");
        assertThat(response.data().responses()).hasSize(2);
        assertThat(broker.topics.all()).hasSize(2);
    }

    @Test
    void nameMappingToASuppliedIdIsRejected() throws Exception {
        Uuid id = broker.topics.add("orders", 1, Map.of()).id();

        DeleteTopicsResponse response = v6(new DeleteTopicState().setName(null).setTopicId(id),
                new DeleteTopicState().setName("orders"));

        assertThat(named(response, "orders").errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(named(response, "orders").errorMessage())
                .isEqualTo("The provided topic name maps to an ID that was already supplied.");
        assertThat(broker.topics.byName("orders")).isPresent();
    }

    @Test
    void engineFailureIsReportedForThatTopicOnly() throws Exception {
        broker.topics.add("broken", 1, Map.of());
        broker.topics.add("fine", 1, Map.of());
        broker.topics.failOn("broken", new KafkaStorageException("disk failed"));

        DeleteTopicsResponse response = byNames((short) 5, "broken", "fine");

        assertThat(named(response, "broken").errorCode())
                .isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
        assertThat(named(response, "broken").errorMessage()).isEqualTo("disk failed");
        assertThat(named(response, "fine").errorCode()).isEqualTo(Errors.NONE.code());
    }
}
