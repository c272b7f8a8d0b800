package io.tideway.server.groups;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.testing.KafkaClients.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tideway.server.testing.ExternalProcess;
import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Apache Kafka's consumer-groups tool ({@code kafka-consumer-groups.sh}, class {@code
 * ConsumerGroupCommand} of kafka-tools 4.3.1) against the broker, run in its own JVM from the jars
 * Maven copies to {@code target/kafka-tools-4.3.1/}: {@code --describe} of a KIP-848 group with
 * an active member (columns and lag), then {@code --reset-offsets --to-earliest --execute} of the
 * emptied group, after which a consumer starts from offset 0.
 */
@TidewayBrokerTest(config = {"group.consumer.heartbeat.interval.ms=500",
        "group.consumer.min.heartbeat.interval.ms=500"})
class ConsumerGroupToolIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void describesLagAndResetsOffsetsToTheEarliest(RunningBroker broker) throws Exception {
        Path jars = Path.of(System.getProperty("tideway.kafkaTools.directory",
                "target/kafka-tools-4.3.1"));
        assumeTrue(Files.isDirectory(jars), "kafka-tools not copied to " + jars
                + " (run through Maven: mvnw verify)");
        TopicPartition p0 = new TopicPartition("tool-t", 0);
        TopicPartition p1 = new TopicPartition("tool-t", 1);
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            createTopic(admin, "tool-t", 2, Map.of());
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("tool-t", i % 2, "k", "v" + i));
            }
            producer.flush();
            try (GroupConsumers group = new GroupConsumers(broker, "tool-g", "consumer")) {
                group.add("tool-t");
                await().atMost(WAIT).untilAsserted(() -> {
                    group.pollAll();
                    assertThat(group.consumed(0)).isEqualTo(10);
                });
                group.get(0).commitSync(Map.of(p0, new OffsetAndMetadata(3), p1,
                        new OffsetAndMetadata(5)));

                ExternalProcess describe = tool(jars, broker, "--describe", "--group", "tool-g");
                List<String> rows = describe.output().lines()
                        .filter(line -> line.startsWith("tool-g ")).toList();
                assertThat(describe.output()).as(describe.describe())
                        .containsPattern("GROUP +TOPIC +PARTITION +CURRENT-OFFSET +LOG-END-OFFSET"
                                + " +LAG +CONSUMER-ID +HOST +CLIENT-ID");
                assertThat(rows).as(describe.describe()).hasSize(2);
                assertThat(rows.get(0).split(" +")).as(describe.describe())
                        .startsWith("tool-g", "tool-t", "0", "3", "5", "2");
                assertThat(rows.get(1).split(" +")).as(describe.describe())
                        .startsWith("tool-g", "tool-t", "1", "5", "5", "0");
                assertThat(rows.get(0).split(" +")[6]).as("an active member's id")
                        .isNotEqualTo("-");
            }

            ExternalProcess reset = tool(jars, broker, "--reset-offsets", "--to-earliest",
                    "--execute", "--group", "tool-g", "--topic", "tool-t");
            assertThat(reset.output()).as(reset.describe())
                    .containsPattern("tool-g +tool-t +0 +0")
                    .containsPattern("tool-g +tool-t +1 +0");
            assertThat(get(admin.listConsumerGroupOffsets("tool-g")
                    .partitionsToOffsetAndMetadata()))
                    .containsEntry(p0, new OffsetAndMetadata(0))
                    .containsEntry(p1, new OffsetAndMetadata(0));
            try (GroupConsumers again = new GroupConsumers(broker, "tool-g", "consumer")) {
                again.add("tool-t");
                await().atMost(WAIT).untilAsserted(() -> {
                    again.pollAll();
                    assertThat(again.consumed(0)).as("every record, from offset 0")
                            .isEqualTo(10);
                });
            }
        }
    }

    private static ExternalProcess tool(Path jars, RunningBroker broker, String... args)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", jars + File.separator + "*",
                "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
                "--bootstrap-server", broker.bootstrapServers()));
        command.addAll(List.of(args));
        ExternalProcess run = ExternalProcess.run(command, null, Duration.ofSeconds(60));
        assertThat(run.succeeded()).as(run.describe()).isTrue();
        return run;
    }
}
