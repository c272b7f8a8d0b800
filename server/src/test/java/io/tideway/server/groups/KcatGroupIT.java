package io.tideway.server.groups;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.testing.KafkaClients.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tideway.server.testing.ExternalProcess;
import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * kcat's balanced consumer ({@code -G}: librdkafka's classic group protocol with its own
 * assignor) against the broker: it joins, consumes every record of both partitions, commits and
 * leaves. Skipped, with a message, when kcat is not installed.
 */
@TidewayBrokerTest(config = "group.initial.rebalance.delay.ms=0")
class KcatGroupIT {

    private static final Path KCAT = Path.of("/usr/bin/kcat");

    @Test
    void consumesAsAClassicGroupMemberAndCommits(RunningBroker broker) throws Exception {
        assumeTrue(Files.isExecutable(KCAT), "kcat is not installed (apt-get install kcat):"
                + " skipping the librdkafka group consumer test");
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            createTopic(admin, "kcat-group", 2, Map.of());
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("kcat-group", i % 2, "k", "v" + i));
            }
            producer.flush();
            ExternalProcess run = ExternalProcess.run(List.of(KCAT.toString(), "-b",
                    broker.bootstrapServers(), "-G", "kcat-g", "-o", "beginning", "-e",
                    "-X", "enable.auto.commit=true", "-X", "auto.commit.interval.ms=100",
                    "-f", "%p %o %s\\n", "kcat-group"), null, Duration.ofSeconds(60));
            assertThat(run.succeeded()).as(run.describe()).isTrue();
            List<String> records = run.output().lines().filter(l -> l.matches("\\d \\d+ v\\d+"))
                    .toList();
            assertThat(records).as(run.describe()).hasSize(20).contains("0 0 v0", "1 9 v19");
            // kcat commits the stored offsets when it leaves the group.
            assertThat(get(admin.listConsumerGroupOffsets("kcat-g")
                    .partitionsToOffsetAndMetadata()))
                    .as(run.describe())
                    .hasEntrySatisfying(new TopicPartition("kcat-group", 0),
                            offset -> assertThat(offset.offset()).isEqualTo(10))
                    .hasEntrySatisfying(new TopicPartition("kcat-group", 1),
                            offset -> assertThat(offset.offset()).isEqualTo(10));
        }
    }
}
