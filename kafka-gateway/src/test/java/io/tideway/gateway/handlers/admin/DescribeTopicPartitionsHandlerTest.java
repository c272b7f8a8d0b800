package io.tideway.gateway.handlers.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeTopicPartitionsRequest;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.Test;

class DescribeTopicPartitionsHandlerTest extends AdminHandlerTestBase {

    private DescribeTopicPartitionsHandler handler = new DescribeTopicPartitionsHandler(broker,
            endpoints, DescribeTopicPartitionsHandler.DEFAULT_PARTITION_LIMIT);

    private static DescribeTopicPartitionsRequestData request(int limit, Cursor cursor,
            String... topics) {
        return new DescribeTopicPartitionsRequestData()
                .setTopics(Arrays.stream(topics).map(t -> new TopicRequest().setName(t)).toList())
                .setResponsePartitionLimit(limit)
                .setCursor(cursor);
    }

    private static Cursor cursor(String topic, int partition) {
        return new Cursor().setTopicName(topic).setPartitionIndex(partition);
    }

    private DescribeTopicPartitionsResponseData describe(DescribeTopicPartitionsRequestData data)
            throws Exception {
        DescribeTopicPartitionsResponse response = call(handler,
                new DescribeTopicPartitionsRequest.Builder(data).build((short) 0));
        return response.data();
    }

    /** "topic:partition" for every partition in the response, in order. */
    private static List<String> partitions(DescribeTopicPartitionsResponseData data) {
        return data.topics().stream().flatMap(topic -> topic.partitions().stream()
                .map(p -> topic.name() + ":" + p.partitionIndex())).toList();
    }

    @Test
    void allTopicsSortedWithPartitionsAndOperations() throws Exception {
        Uuid id = broker.topics.add("b", 2, Map.of()).id();
        broker.topics.add("a", 1, Map.of());

        DescribeTopicPartitionsResponseData data = describe(request(2000, null));

        assertThat(data.topics()).extracting(DescribeTopicPartitionsResponseTopic::name)
                .containsExactly("a", "b");
        assertThat(data.nextCursor()).isNull();
        DescribeTopicPartitionsResponseTopic b = data.topics().find("b");
        assertThat(b.topicId()).isEqualTo(id);
        assertThat(b.topicAuthorizedOperations()).isEqualTo(AuthorizedOperations.topic());
        assertThat(b.partitions()).allSatisfy(partition -> {
            assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(partition.leaderId()).isEqualTo(FakeBroker.NODE_ID);
            assertThat(partition.leaderEpoch()).isZero();
            assertThat(partition.replicaNodes()).containsExactly(FakeBroker.NODE_ID);
            assertThat(partition.isrNodes()).containsExactly(FakeBroker.NODE_ID);
            assertThat(partition.eligibleLeaderReplicas()).isEmpty();
        });
    }

    @Test
    void unknownRequestedTopicsAreReported() throws Exception {
        broker.topics.add("a", 1, Map.of());

        DescribeTopicPartitionsResponseData data = describe(request(2000, null, "a", "missing",
                "bad/name"));

        assertThat(data.topics().find("missing").errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(data.topics().find("bad/name").errorCode())
                .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(data.topics().find("a").errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void paginationFollowsTheCursor() throws Exception {
        broker.topics.add("a", 3, Map.of());
        broker.topics.add("b", 2, Map.of());

        DescribeTopicPartitionsResponseData first = describe(request(2, null));
        assertThat(partitions(first)).containsExactly("a:0", "a:1");
        assertThat(first.nextCursor().topicName()).isEqualTo("a");
        assertThat(first.nextCursor().partitionIndex()).isEqualTo(2);

        DescribeTopicPartitionsResponseData second = describe(request(2, cursor("a", 2)));
        assertThat(partitions(second)).containsExactly("a:2", "b:0");
        assertThat(second.nextCursor().topicName()).isEqualTo("b");
        assertThat(second.nextCursor().partitionIndex()).isEqualTo(1);

        DescribeTopicPartitionsResponseData third = describe(request(2, cursor("b", 1)));
        assertThat(partitions(third)).containsExactly("b:1");
        assertThat(third.nextCursor()).isNull();
    }

    @Test
    void limitReachedAtATopicBoundaryPointsAtTheNextTopic() throws Exception {
        broker.topics.add("a", 2, Map.of());
        broker.topics.add("b", 1, Map.of());

        DescribeTopicPartitionsResponseData data = describe(request(2, null, "a", "b"));

        assertThat(partitions(data)).containsExactly("a:0", "a:1");
        assertThat(data.nextCursor().topicName()).isEqualTo("b");
        assertThat(data.nextCursor().partitionIndex()).isZero();
    }

    @Test
    void theBrokerLimitCapsTheRequestLimit() throws Exception {
        handler = new DescribeTopicPartitionsHandler(broker, endpoints, 3);
        broker.topics.add("a", 5, Map.of());

        DescribeTopicPartitionsResponseData data = describe(request(100, null));

        assertThat(partitions(data)).hasSize(3);
        assertThat(data.nextCursor().partitionIndex()).isEqualTo(3);
    }

    @Test
    void cursorTopicMustBeRequested() {
        broker.topics.add("a", 1, Map.of());

        assertThat(failure(handler, new DescribeTopicPartitionsRequest.Builder(
                request(10, cursor("z", 0), "a")).build((short) 0)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("DescribeTopicPartitionsRequest topic list should contain the cursor "
                        + "topic: z");
    }

    @Test
    void offlinePartitionsHaveNoLeader() throws Exception {
        broker.topics.add("a", 1, Map.of());
        broker.partitions.offline(new TopicPartition("a", 0), new KafkaStorageException("disk"));

        DescribeTopicPartitionsResponsePartition partition =
                describe(request(10, null, "a")).topics().find("a").partitions().get(0);

        assertThat(partition.leaderId()).isEqualTo(MetadataResponse.NO_LEADER_ID);
        assertThat(partition.offlineReplicas()).containsExactly(FakeBroker.NODE_ID);
    }
}
