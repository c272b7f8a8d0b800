package io.tideway.server.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tideway.server.testing.ExternalProcess;
import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Python Kafka clients against the broker, each producing 50 records (with compression
 * and headers) and reading them back: {@code python3-confluent-kafka} (librdkafka) and {@code
 * python3-kafka} (kafka-python, pure Python), plus kafka-python's legacy AlterConfigs, which the
 * Java Admin no longer sends. Each test is skipped, with a message, when
 * {@code /usr/bin/python3} cannot import its client ({@code .ci/run} installs both).
 */
@TidewayBrokerTest
class PythonClientsIT {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path scripts;

    private static void assumeImportable(String module, String debianPackage) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is not installed");
        ExternalProcess probe = ExternalProcess.run(List.of(PYTHON.toString(), "-c",
                "import " + module), null, Duration.ofSeconds(30));
        assumeTrue(probe.succeeded(), debianPackage + " is not installed (apt-get install "
                + debianPackage + "): skipping. " + probe.output().strip());
    }

    private ExternalProcess runScript(String script, RunningBroker broker, String topic)
            throws Exception {
        try (Admin admin = KafkaClients.admin(broker)) {
            KafkaClients.createTopic(admin, topic, 1, Map.of());
        }
        Path file = scripts.resolve(script);
        try (InputStream source = PythonClientsIT.class.getResourceAsStream("/python/" + script)) {
            Files.copy(source, file);
        }
        return ExternalProcess.run(List.of(PYTHON.toString(), file.toString(),
                broker.bootstrapServers(), topic), null, Duration.ofSeconds(90));
    }

    @Test
    void confluentKafkaRoundTrip(RunningBroker broker) throws Exception {
        assumeImportable("confluent_kafka", "python3-confluent-kafka");
        ExternalProcess run = runScript("confluent_kafka_roundtrip.py", broker, "py-confluent");
        assertThat(run.succeeded()).as(run.describe()).isTrue();
        assertThat(run.output()).as(run.describe()).contains("OK confluent-kafka");
    }

    @Test
    void kafkaPythonLegacyAlterConfigsReplacesTheTopicOverrides(RunningBroker broker)
            throws Exception {
        assumeImportable("kafka", "python3-kafka");
        ExternalProcess run = runScript("kafka_python_alter_configs.py", broker, "py-altered");
        assertThat(run.succeeded()).as(run.describe()).isTrue();
        try (Admin admin = KafkaClients.admin(broker)) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "py-altered");
            Config config = KafkaClients.get(admin.describeConfigs(List.of(topic)).all())
                    .get(topic);
            assertThat(config.get("retention.ms").value()).isEqualTo("123456");
            assertThat(config.get("segment.ms").value()).isEqualTo("3600000");
        }
    }

    @Test
    void kafkaPythonRoundTrip(RunningBroker broker) throws Exception {
        assumeImportable("kafka", "python3-kafka");
        ExternalProcess run = runScript("kafka_python_roundtrip.py", broker, "py-kafka-python");
        assertThat(run.succeeded()).as(run.describe()).isTrue();
        assertThat(run.output()).as(run.describe()).contains("OK kafka-python");
    }
}
