package io.tideway.gateway.handlers.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.LogDirService.LogDirInfo;
import io.tideway.broker.LogDirService.PartitionSize;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopicCollection;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.apache.kafka.common.requests.DescribeLogDirsResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DescribeLogDirsHandlerTest extends AdminHandlerTestBase {

    @TempDir
    Path root;

    private final DescribeLogDirsHandler handler = new DescribeLogDirsHandler(broker);
    private Path first;
    private Path second;

    static List<Short> allVersions() {
        return versions(DescribeLogDirsHandler.MIN_VERSION, DescribeLogDirsHandler.MAX_VERSION);
    }

    @BeforeEach
    void twoDirectories() {
        first = root.resolve("d1");
        second = root.resolve("d2");
        broker.logDirs.set(List.of(
                new LogDirInfo(first, null, 1_000_000, 400_000, List.of(
                        new PartitionSize(new TopicPartition("orders", 0), 100, 0),
                        new PartitionSize(new TopicPartition("orders", 1), 200, 0),
                        new PartitionSize(new TopicPartition("audit", 0), 300, 0))),
                new LogDirInfo(second, new IOException("disk gone"), -1, -1, List.of())));
    }

    private DescribeLogDirsResponse describe(short version, DescribableLogDirTopicCollection topics)
            throws Exception {
        return call(handler, new DescribeLogDirsRequest(
                new DescribeLogDirsRequestData().setTopics(topics), version));
    }

    private static DescribeLogDirsResult dir(DescribeLogDirsResponse response, Path path) {
        return response.data().results().stream()
                .filter(r -> r.logDir().equals(path.toAbsolutePath().toString())).findFirst()
                .orElseThrow(() -> new AssertionError("no dir " + path));
    }

    @ParameterizedTest
    @MethodSource("allVersions")
    void listsEveryDirectoryAndPartition(short version) throws Exception {
        DescribeLogDirsResponse response = describe(version, null);

        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        DescribeLogDirsResult online = dir(response, first);
        assertThat(online.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(online.topics()).extracting(DescribeLogDirsTopic::name)
                .containsExactlyInAnyOrder("orders", "audit");
        assertThat(online.topics().stream().filter(t -> t.name().equals("orders")).findFirst()
                .orElseThrow().partitions()).extracting(p -> p.partitionSize())
                .containsExactly(100L, 200L);
        assertThat(online.totalBytes()).isEqualTo(version >= 4 ? 1_000_000 : -1);
        assertThat(online.usableBytes()).isEqualTo(version >= 4 ? 400_000 : -1);
        DescribeLogDirsResult offline = dir(response, second);
        assertThat(offline.errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
        assertThat(offline.topics()).isEmpty();
    }

    @Test
    void onlyRequestedPartitionsAreListed() throws Exception {
        DescribableLogDirTopicCollection topics = new DescribableLogDirTopicCollection();
        topics.add(new DescribableLogDirTopic().setTopic("orders").setPartitions(List.of(1, 7)));

        DescribeLogDirsResult online = dir(describe((short) 5, topics), first);

        assertThat(online.topics()).singleElement().satisfies(topic -> {
            assertThat(topic.name()).isEqualTo("orders");
            assertThat(topic.partitions()).singleElement()
                    .satisfies(p -> assertThat(p.partitionIndex()).isEqualTo(1));
        });
    }

    @Test
    void kafkaErrorsOfOfflineDirectoriesKeepTheirCode() throws Exception {
        broker.logDirs.set(List.of(new LogDirInfo(first,
                new KafkaStorageException("fenced"), -1, -1, List.of())));

        assertThat(dir(describe((short) 5, null), first).errorCode())
                .isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
    }
}
