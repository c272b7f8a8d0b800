package io.tideway.server.groups;

import static io.tideway.server.groups.ClassicGroupIT.assertEachPartitionOnce;
import static io.tideway.server.testing.KafkaClients.createTopic;
import static org.awaitility.Awaitility.await;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how long three members take to share a six-partition topic, from the third consumer's
 * {@code subscribe} until all three hold their assignment, three runs per setting: the classic
 * protocol with {@code group.initial.rebalance.delay.ms} at Kafka's default (3000) and at 0, and
 * the consumer protocol (KIP-848) with {@code group.consumer.heartbeat.interval.ms} at Kafka's
 * default (5000) and at 500. The times are logged ("Rebalance of three members"), not asserted
 * beyond the overall deadline: they are a measurement, and the machine is shared. Being a
 * measurement (about 45 s), it runs only on request:
 * {@code ./mvnw -pl server verify -Dtideway.measure=true -Dit.test=RebalanceTimingIT}.
 */
@EnabledIfSystemProperty(named = "tideway.measure", matches = "true",
        disabledReason = "a measurement, not a test: run with -Dtideway.measure=true")
class RebalanceTimingIT {

    private static final Logger log = LoggerFactory.getLogger(RebalanceTimingIT.class);
    private static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    void classicWithKafkasDefaultInitialDelayAndConsumerWithItsDefaultHeartbeat()
            throws Exception {
        try (RunningBroker broker = RunningBroker.start(Map.of())) {
            measure(broker, "classic", "group.initial.rebalance.delay.ms=3000");
            measure(broker, "consumer", "group.consumer.heartbeat.interval.ms=5000");
        }
    }

    @Test
    void classicWithoutInitialDelay() throws Exception {
        try (RunningBroker broker = RunningBroker.start(Map.of(
                "group.initial.rebalance.delay.ms", "0"))) {
            measure(broker, "classic", "group.initial.rebalance.delay.ms=0");
        }
    }

    @Test
    void consumerWithAFastHeartbeat() throws Exception {
        try (RunningBroker broker = RunningBroker.start(Map.of(
                "group.consumer.heartbeat.interval.ms", "500",
                "group.consumer.min.heartbeat.interval.ms", "500"))) {
            measure(broker, "consumer", "group.consumer.heartbeat.interval.ms=500");
        }
    }

    private static void measure(RunningBroker broker, String protocol, String setting) {
        String topic = "timing-" + protocol;
        try (Admin admin = KafkaClients.admin(broker)) {
            createTopic(admin, topic, 6, Map.of());
        }
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            String groupId = "timing-" + protocol + "-" + run;
            try (GroupConsumers group = new GroupConsumers(broker, groupId, protocol)) {
                Map<String, Object> overrides = protocol.equals("classic")
                        ? Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
                        : Map.of();
                group.add(topic, overrides);
                group.add(topic, overrides);
                long started = System.nanoTime();
                group.add(topic, overrides);
                await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).untilAsserted(() -> {
                    group.pollAll();
                    assertEachPartitionOnce(group.assignments(), 3, 6);
                });
                millis.add((System.nanoTime() - started) / 1_000_000);
            }
        }
        log.atInfo().setMessage("Rebalance of three members").addKeyValue("protocol", protocol)
                .addKeyValue("setting", setting).addKeyValue("runsMs", millis).log();
    }
}
