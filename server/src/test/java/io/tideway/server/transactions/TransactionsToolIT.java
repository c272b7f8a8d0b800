package io.tideway.server.transactions;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.transactions.TransactionalClients.awaitState;
import static io.tideway.server.transactions.TransactionalClients.describe;
import static io.tideway.server.transactions.TransactionalClients.unique;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Apache Kafka's transactions tool ({@code kafka-transactions.sh}, class {@code
 * TransactionsCommand} of kafka-tools 4.3.1) against the broker, in its own JVM from the jars
 * Maven copies to {@code target/kafka-tools-4.3.1/}: {@code list} (ListTransactions), {@code
 * describe} (DescribeTransactions, also of an unknown id) and {@code describe-producers}
 * (DescribeProducers) while one transaction is open and another committed. The tool prints
 * space-aligned tables, parsed here by their header row.
 */
@TidewayBrokerTest
class TransactionsToolIT {

    private static final int TIMEOUT_MS = 45_000;

    @Test
    void listsAndDescribesOpenAndCompletedTransactions(RunningBroker broker) throws Exception {
        Path jars = Path.of(System.getProperty("tideway.kafkaTools.directory",
                "target/kafka-tools-4.3.1"));
        assumeTrue(Files.isDirectory(jars), "kafka-tools not copied to " + jars
                + " (run through Maven: mvnw verify)");
        String topic = unique("tool-txn");
        String openId = unique("tool-open");
        String doneId = unique("tool-done");
        long started = System.currentTimeMillis();
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> done = TransactionalClients.initialisedProducer(
                        broker, doneId);
                KafkaProducer<String, String> open = TransactionalClients.transactionalProducer(
                        broker, openId,
                        Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TIMEOUT_MS))) {
            createTopic(admin, topic, 2, Map.of());
            done.beginTransaction();
            done.send(new ProducerRecord<>(topic, 0, "k", "done"));
            done.commitTransaction();
            awaitState(admin, doneId, TransactionState.COMPLETE_COMMIT);
            open.initTransactions();
            open.beginTransaction();
            open.send(new ProducerRecord<>(topic, 0, "k", "open-0"));
            open.send(new ProducerRecord<>(topic, 1, "k", "open-1"));
            open.flush();
            TransactionDescription openState = describe(admin, openId);
            TransactionDescription doneState = describe(admin, doneId);

            ExternalProcess list = tool(jars, broker, "list");
            Map<String, Map<String, String>> listed = byColumn(table(list, "TransactionalId"),
                    "TransactionalId");
            assertThat(listed.get(openId)).as(list.describe()).isEqualTo(Map.of(
                    "TransactionalId", openId, "Coordinator", "1",
                    "ProducerId", Long.toString(openState.producerId()),
                    "TransactionState", "Ongoing"));
            assertThat(listed.get(doneId)).as(list.describe()).isEqualTo(Map.of(
                    "TransactionalId", doneId, "Coordinator", "1",
                    "ProducerId", Long.toString(doneState.producerId()),
                    "TransactionState", "CompleteCommit"));

            ExternalProcess described = tool(jars, broker, "describe", "--transactional-id",
                    openId);
            List<Map<String, String>> rows = table(described, "CoordinatorId");
            assertThat(rows).as(described.describe()).hasSize(1);
            Map<String, String> row = rows.get(0);
            assertThat(row).as(described.describe())
                    .containsEntry("CoordinatorId", "1")
                    .containsEntry("TransactionalId", openId)
                    .containsEntry("ProducerId", Long.toString(openState.producerId()))
                    .containsEntry("ProducerEpoch", Integer.toString(openState.producerEpoch()))
                    .containsEntry("TransactionState", "Ongoing")
                    .containsEntry("TransactionTimeoutMs", Integer.toString(TIMEOUT_MS));
            assertThat(Long.parseLong(row.get("CurrentTransactionStartTimeMs")))
                    .isBetween(started, System.currentTimeMillis());
            assertThat(Long.parseLong(row.get("TransactionDurationMs"))).isNotNegative();
            assertThat(Arrays.asList(row.get("TopicPartitions").split(",")))
                    .containsExactlyInAnyOrder(topic + "-0", topic + "-1");

            ExternalProcess producers = tool(jars, broker, "describe-producers", "--topic",
                    topic, "--partition", "0");
            Map<String, Map<String, String>> byProducer = byColumn(table(producers,
                    "ProducerId"), "ProducerId");
            // Partition 0: "done" at 0, its COMMIT marker at 1, "open-0" at 2.
            assertThat(byProducer.get(Long.toString(openState.producerId())))
                    .as(producers.describe())
                    .containsEntry("CurrentTransactionStartOffset", "2");
            assertThat(byProducer.get(Long.toString(doneState.producerId())))
                    .as(producers.describe())
                    .containsEntry("CurrentTransactionStartOffset", "None");

            ExternalProcess unknown = run(jars, broker, "describe", "--transactional-id",
                    unique("tool-unknown"));
            assertThat(unknown.exitCode()).as(unknown.describe()).isEqualTo(1);
            assertThat(unknown.output()).as(unknown.describe())
                    .contains("Failed to describe transaction");

            open.abortTransaction();
        }
    }

    /** The rows of the table whose header row starts with {@code firstColumn}, by column name. */
    private static List<Map<String, String>> table(ExternalProcess run, String firstColumn) {
        List<String> lines = run.output().lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size() && header < 0; i++) {
            // Columns are padded with spaces and separated by a tab.
            if (lines.get(i).matches(Pattern.quote(firstColumn) + "\\s.*")) {
                header = i;
            }
        }
        assertThat(header).as("a table headed %s in\n%s", firstColumn, run.describe())
                .isNotNegative();
        String[] columns = lines.get(header).trim().split("\\s+");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(header + 1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.trim().split("\\s+");
            assertThat(cells).as("a row of %s columns in\n%s", columns.length, run.describe())
                    .hasSize(columns.length);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < columns.length; c++) {
                row.put(columns[c], cells[c]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Map<String, String>> byColumn(List<Map<String, String>> rows,
            String column) {
        Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.put(row.get(column), row));
        return byKey;
    }

    /** Runs the tool and requires it to succeed. */
    private static ExternalProcess tool(Path jars, RunningBroker broker, String... args)
            throws Exception {
        ExternalProcess run = run(jars, broker, args);
        assertThat(run.succeeded()).as(run.describe()).isTrue();
        return run;
    }

    private static ExternalProcess run(Path jars, RunningBroker broker, String... args)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", jars + File.separator + "*",
                "org.apache.kafka.tools.TransactionsCommand",
                "--bootstrap-server", broker.bootstrapServers()));
        command.addAll(List.of(args));
        return ExternalProcess.run(command, null, Duration.ofSeconds(60));
    }
}
