package io.tideway.perf.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * Starts Apache Kafka from the jars in {@code <kafkaHome>/lib} (resolved from Maven Central by
 * {@code perf/kafka-dist/pom.xml}) as a single-node KRaft server, broker and controller in one
 * process: writes {@code server.properties}, formats the storage with
 * {@code kafka.tools.StorageTool format --standalone} (not timed: it is an install step), then
 * runs {@code kafka.Kafka} with the JVM flags of Kafka's {@code kafka-run-class.sh} and the given
 * heap (Kafka's script defaults to {@code -Xms1G -Xmx1G}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param kafkaHome directory with {@code lib/}
 * @param heapOptions heap flags
 * @param flushEveryMessage {@code log.flush.interval.messages=1} (fsync per append), to compare
 *     with Tideway's {@code group-commit}
 */
public record KafkaLauncher(Path kafkaHome, List<String> heapOptions, boolean flushEveryMessage)
        implements BrokerLauncher {

    /** The JVM flags of Kafka's own start scripts (besides heap and logging). */
    static final List<String> KAFKA_SCRIPT_FLAGS = List.of("-server", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    /** Copies the list. */
    public KafkaLauncher {
        heapOptions = List.copyOf(heapOptions);
    }

    @Override
    public String label() {
        return "kafka";
    }

    @Override
    public String describe() {
        return "Apache Kafka " + kafkaHome.getFileName() + " (KRaft, combined), heap "
                + heapOptions + (flushEveryMessage ? ", log.flush.interval.messages=1"
                        : ", default flush (none)");
    }

    /** The server.properties of a combined broker+controller on the given ports. */
    String serverProperties(int port, int controllerPort, Path dataDir) {
        return "process.roles=broker,controller\n"
                + "node.id=1\n"
                + "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort + "\n"
                + "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:"
                + controllerPort + "\n"
                + "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + "\n"
                + "controller.listener.names=CONTROLLER\n"
                + "inter.broker.listener.name=PLAINTEXT\n"
                + "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n"
                + "log.dirs=" + dataDir.toAbsolutePath() + "\n"
                + "num.partitions=1\n"
                + "offsets.topic.replication.factor=1\n"
                + "transaction.state.log.replication.factor=1\n"
                + "transaction.state.log.min.isr=1\n"
                + "share.coordinator.state.topic.replication.factor=1\n"
                + "share.coordinator.state.topic.min.isr=1\n"
                + (flushEveryMessage ? "log.flush.interval.messages=1\n" : "");
    }

    @Override
    public BrokerProcess start(Path workDir) {
        Path lib = kafkaHome.resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new BrokerStartException("no Kafka jars at " + lib + ": run ./mvnw -B -f "
                    + "perf/kafka-dist/pom.xml package (./tideway-perf compare does it)");
        }
        int port = JvmProcesses.freePort();
        int controllerPort = JvmProcesses.freePort();
        // Absolute: the broker runs with workDir as its working directory.
        Path config = workDir.toAbsolutePath().resolve("server.properties");
        try {
            Files.writeString(config, serverProperties(port, controllerPort,
                    workDir.resolve("data")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        JvmProcesses.runToCompletion(JvmProcesses.command(List.of("-Xmx256m"), lib,
                "kafka.tools.StorageTool", List.of("format", "--standalone", "-t",
                        Uuid.randomUuid().toString(), "-c", config.toString())),
                workDir, workDir.resolve("format.log"), Duration.ofMinutes(2));
        List<String> jvm = new ArrayList<>(heapOptions);
        jvm.addAll(KAFKA_SCRIPT_FLAGS);
        Path log = workDir.resolve("broker.log");
        String bootstrap = "127.0.0.1:" + port;
        long started = System.nanoTime();
        Process process = JvmProcesses.start(JvmProcesses.command(jvm, lib, "kafka.Kafka",
                List.of(config.toString())), workDir, log);
        try {
            JvmProcesses.awaitReady(label(), process, bootstrap, log, READY_TIMEOUT);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return new BrokerProcess(label(), process, bootstrap, log,
                (System.nanoTime() - started) / 1e6);
    }
}
