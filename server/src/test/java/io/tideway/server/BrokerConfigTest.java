package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

class BrokerConfigTest {

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger configLog = (Logger) LoggerFactory.getLogger(BrokerConfig.class);

    @BeforeEach
    void captureLog() {
        logged.start();
        configLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        configLog.detachAppender(logged);
    }

    @Test
    void defaultsAreKafkasWhereTheMeaningIsShared() {
        BrokerConfig config = BrokerConfig.fromMap(Map.of());
        assertThat(config.listeners()).containsExactly(new Endpoint("PLAINTEXT", "127.0.0.1", 9092));
        assertThat(config.advertisedListeners()).isEqualTo(config.listeners());
        assertThat(config.nodeId()).isEqualTo(1);
        assertThat(config.logDirs()).containsExactly(Path.of("/tmp/tideway-logs"));
        assertThat(config.numPartitions()).isEqualTo(1);
        assertThat(config.defaultReplicationFactor()).isEqualTo(1);
        assertThat(config.autoCreateTopicsEnable()).isTrue();
        assertThat(config.messageMaxBytes()).isEqualTo(1_048_588);
        assertThat(config.logSegmentBytes()).isEqualTo(1 << 30);
        assertThat(config.logRoll()).isEqualTo(Duration.ofDays(7));
        assertThat(config.logRetention()).contains(Duration.ofDays(7));
        assertThat(config.logRetentionBytes()).isEqualTo(-1);
        assertThat(config.logIndexIntervalBytes()).isEqualTo(4096);
        assertThat(config.logIndexSizeMaxBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(config.socketRequestMaxBytes()).isEqualTo(104_857_600);
        assertThat(config.queuedMaxRequests()).isEqualTo(100);
        assertThat(config.connectionsMaxIdle()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.logFlushPolicy()).isEqualTo(BrokerConfig.FlushPolicy.NONE);
        assertThat(config.metadataStore()).isEqualTo(BrokerConfig.MetadataStoreKind.EMBEDDED);
        assertThat(config.metadataFdbClusterFile()).isEmpty();
        assertThat(config.numNetworkThreads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void transactionSettingsHaveKafkasDefaults() {
        BrokerConfig config = BrokerConfig.fromMap(Map.of());
        assertThat(config.transactionMaxTimeoutMs()).isEqualTo(900_000);
        assertThat(config.transactionVersion()).isEqualTo((short) 2);
        assertThat(config.values()).containsEntry(
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", 10_000)
                .containsEntry("transactional.id.expiration.ms", 604_800_000)
                .containsEntry("transaction.remove.expired.transaction.cleanup.interval.ms",
                        3_600_000);
        BrokerConfig classic = BrokerConfig.fromMap(Map.of("transaction.version", "1",
                "transaction.max.timeout.ms", "60000"));
        assertThat(classic.transactionVersion()).isEqualTo((short) 1);
        assertThat(classic.transactionMaxTimeoutMs()).isEqualTo(60_000);
    }

    @Test
    void environmentOverridesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("server.properties"),
                "log.dirs=/from/file\nnum.partitions=3\nlistener.typo=1\n");
        BrokerConfig config = BrokerConfig.load(file, Map.of(
                "TIDEWAY_LOG_DIRS", "/from/env, /second",
                "TIDEWAY_LOG_FLUSH_POLICY", "none",
                "TIDEWAY_JAVA_OPTS", "-Xmx1g",
                "PATH", "/usr/bin"));
        assertThat(config.logDirs()).containsExactly(Path.of("/from/env"), Path.of("/second"));
        assertThat(config.numPartitions()).isEqualTo(3);
        assertThat(config.logFlushPolicy()).isEqualTo(BrokerConfig.FlushPolicy.NONE);
    }

    @Test
    void unknownKeysWarnOnceEachNamingTheirOrigin() throws Exception {
        Path file = Files.writeString(dir.resolve("server.properties"), "log.dirz=/x\n");
        BrokerConfig.load(file, Map.of("TIDEWAY_NUM_PARTITION", "2", "TIDEWAY_JAVA_OPTS", "-X"));
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsOnly("Ignoring unknown configuration key");
        assertThat(logged.list).extracting(e -> e.getKeyValuePairs().toString())
                .containsExactlyInAnyOrder(
                        "[key=\"log.dirz\", origin=\"file " + file + "\"]",
                        "[key=\"num.partition\", origin=\"environment variable"
                                + " TIDEWAY_NUM_PARTITION\"]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "num.partitions; abc; Not a number of type INT",
        "num.partitions; 0; Value must be at least 1",
        "log.flush.policy; sometimes; String must be one of: none, group-commit",
        "metadata.store; zookeeper; String must be one of: embedded, fdb",
        "listeners; 127.0.0.1:9092; is not of the form NAME://host:port",
        "listeners; SSL://127.0.0.1:9093; Listener SSL is not supported; supported: [PLAINTEXT]",
        "listeners; PLAINTEXT://a:1,PLAINTEXT://b:2; Listener PLAINTEXT appears twice",
        "advertised.listeners; PLAINTEXT://0.0.0.0:9092; must be one clients can reach",
        "auto.create.topics.enable; maybe; Expected value to be either true or false",
        "log.retention.ms; -2; Value must be at least -1",
        "node.id; -1; Value must be at least 0",
        "log.segment.bytes; 100; Value must be at least 1024",
        "transaction.max.timeout.ms; 0; Value must be at least 1",
        "transactional.id.expiration.ms; -5; Value must be at least 1",
        "transaction.version; 3; Value must be no more than 2",
        "transaction.version; 0; Value must be at least 1"})
    void invalidValueStopsStartupNamingKeyValueOriginAndAcceptedValues(String key, String value,
            String accepted) throws Exception {
        Path file = Files.writeString(dir.resolve("server.properties"), key + "=" + value + "\n");
        assertThatThrownBy(() -> BrokerConfig.load(file, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(key + "=" + value + " (from file " + file + ")")
                .hasMessageContaining(accepted);
    }

    @Test
    void everyInvalidValueIsReportedAtOnce() {
        assertThatThrownBy(() -> BrokerConfig.fromMap(Map.of("num.partitions", "x",
                "queued.max.requests", "0")))
                .hasMessageContaining("num.partitions=x").hasMessageContaining("queued.max.requests=0");
    }

    @Test
    void invalidEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> BrokerConfig.load(null, Map.of("TIDEWAY_NUM_PARTITIONS", "many")))
                .hasMessageContaining("num.partitions=many (from environment variable"
                        + " TIDEWAY_NUM_PARTITIONS)");
    }

    @Test
    void missingConfigFileIsNamed() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> BrokerConfig.load(missing, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + missing + " does not exist");
    }

    @Test
    void nodeIdFallsBackToBrokerIdAndBothMustAgree() {
        assertThat(BrokerConfig.fromMap(Map.of("broker.id", "7")).nodeId()).isEqualTo(7);
        assertThat(BrokerConfig.fromMap(Map.of("node.id", "3", "broker.id", "3")).nodeId())
                .isEqualTo(3);
        assertThatThrownBy(() -> BrokerConfig.fromMap(Map.of("node.id", "3", "broker.id", "4")))
                .hasMessageContaining("node.id=3").hasMessageContaining("broker.id=4");
    }

    @Test
    void foundationDbNeedsAReadableClusterFile() throws Exception {
        assertThatThrownBy(() -> BrokerConfig.fromMap(Map.of("metadata.store", "fdb")))
                .hasMessageContaining("metadata.store=fdb needs metadata.fdb.cluster.file");
        assertThatThrownBy(() -> BrokerConfig.fromMap(Map.of("metadata.store", "fdb",
                "metadata.fdb.cluster.file", dir.resolve("missing.cluster").toString())))
                .hasMessageContaining("does not exist or is not readable");
        Path clusterFile = Files.writeString(dir.resolve("fdb.cluster"), "test:test@127.0.0.1:4500");
        BrokerConfig config = BrokerConfig.fromMap(Map.of("metadata.store", "fdb",
                "metadata.fdb.cluster.file", clusterFile.toString()));
        assertThat(config.metadataStore()).isEqualTo(BrokerConfig.MetadataStoreKind.FDB);
        assertThat(config.metadataFdbClusterFile()).contains(clusterFile);
    }

    @Test
    void retentionAndRollFollowKafkasPrecedence() {
        BrokerConfig minutes = BrokerConfig.fromMap(Map.of("log.retention.minutes", "5",
                "log.retention.hours", "1"));
        assertThat(minutes.logRetention()).contains(Duration.ofMinutes(5));
        BrokerConfig millis = BrokerConfig.fromMap(Map.of("log.retention.ms", "1500",
                "log.retention.minutes", "5"));
        assertThat(millis.logRetention()).contains(Duration.ofMillis(1500));
        assertThat(BrokerConfig.fromMap(Map.of("log.retention.ms", "-1")).logRetention())
                .isEqualTo(Optional.empty());
        assertThat(BrokerConfig.fromMap(Map.of("log.retention.hours", "-1")).logRetention())
                .isEmpty();
        assertThat(BrokerConfig.fromMap(Map.of("log.roll.ms", "250", "log.roll.hours", "2"))
                .logRoll()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void logDirsWinsOverLogDirAndPathsAreAbsolute() {
        assertThat(BrokerConfig.fromMap(Map.of("log.dir", "/single")).logDirs())
                .containsExactly(Path.of("/single"));
        assertThat(BrokerConfig.fromMap(Map.of("log.dir", "/single", "log.dirs", "/a,/b"))
                .logDirs()).containsExactly(Path.of("/a"), Path.of("/b"));
        assertThat(BrokerConfig.fromMap(Map.of("log.dirs", "relative")).logDirs().get(0))
                .isAbsolute();
    }

    @Test
    void advertisedListenersAreParsedSeparately() {
        BrokerConfig config = BrokerConfig.fromMap(Map.of("listeners", "PLAINTEXT://:9092",
                "advertised.listeners", "PLAINTEXT://broker-1.example.com:19092"));
        assertThat(config.listeners()).containsExactly(new Endpoint("PLAINTEXT", "", 9092));
        assertThat(config.advertisedListeners())
                .containsExactly(new Endpoint("PLAINTEXT", "broker-1.example.com", 19092));
        assertThat(config.values()).containsKey("advertised.listeners");
        assertThat(List.copyOf(config.values().keySet())).isSorted();
    }
}
