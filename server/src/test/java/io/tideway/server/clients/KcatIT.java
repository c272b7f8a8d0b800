package io.tideway.server.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tideway.server.testing.ExternalProcess;
import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kcat (librdkafka, Debian's {@code kcat} package) against the broker: metadata listing, produce
 * (with librdkafka's compression codecs) and consume with explicit offsets. Skipped, with a
 * message, when kcat is not installed ({@code .ci/run} installs it).
 */
@TidewayBrokerTest
class KcatIT {

    private static final Path KCAT = Path.of("/usr/bin/kcat");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @BeforeAll
    static void requireKcat() {
        assumeTrue(Files.isExecutable(KCAT), "kcat is not installed (apt-get install kcat):"
                + " skipping the librdkafka compatibility tests");
    }

    private static ExternalProcess kcat(RunningBroker broker, String input, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(KCAT.toString(), "-b",
                broker.bootstrapServers()));
        command.addAll(List.of(args));
        ExternalProcess run = ExternalProcess.run(command, input, TIMEOUT);
        assertThat(run.succeeded()).as(run.describe()).isTrue();
        return run;
    }

    @Test
    void listsMetadata(RunningBroker broker) throws Exception {
        try (Admin admin = KafkaClients.admin(broker)) {
            KafkaClients.createTopic(admin, "kcat-listed", 3, Map.of());
        }
        ExternalProcess listing = kcat(broker, null, "-L", "-t", "kcat-listed");
        assertThat(listing.output()).as(listing.describe())
                .contains("1 brokers:")
                .contains("broker 1 at 127.0.0.1:" + broker.port())
                .contains("topic \"kcat-listed\" with 3 partitions:")
                .contains("partition 2, leader 1, replicas: 1, isrs: 1");
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void producesAndConsumesWithOffsets(String codec, RunningBroker broker) throws Exception {
        String topic = "kcat-" + codec;
        try (Admin admin = KafkaClients.admin(broker)) {
            KafkaClients.createTopic(admin, topic, 1, Map.of());
        }
        String lines = IntStream.range(0, 50).mapToObj(i -> "key" + i + ":value" + i)
                .collect(Collectors.joining("\n", "", "\n"));
        kcat(broker, lines, "-P", "-t", topic, "-p", "0", "-K", ":", "-z", codec,
                "-X", "linger.ms=5");

        ExternalProcess all = kcat(broker, null, "-C", "-t", topic, "-p", "0", "-o", "beginning",
                "-e", "-f", "%o %k=%s\\n");
        assertThat(all.output().lines().filter(l -> l.matches("\\d+ .*")).toList())
                .as(all.describe()).hasSize(50)
                .startsWith("0 key0=value0").endsWith("49 key49=value49");

        ExternalProcess tail = kcat(broker, null, "-C", "-t", topic, "-p", "0", "-o", "45",
                "-e", "-f", "%o %s\\n");
        assertThat(tail.output().lines().filter(l -> l.matches("\\d+ .*")).toList())
                .as(tail.describe())
                .containsExactly("45 value45", "46 value46", "47 value47", "48 value48",
                        "49 value49");

        ExternalProcess lastTwo = kcat(broker, null, "-C", "-t", topic, "-p", "0", "-o", "-2",
                "-e", "-f", "%o\\n");
        assertThat(lastTwo.output().lines().filter(l -> l.matches("\\d+")).toList())
                .as(lastTwo.describe()).containsExactly("48", "49");
    }
}
