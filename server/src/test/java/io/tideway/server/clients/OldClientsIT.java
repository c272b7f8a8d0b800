package io.tideway.server.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tideway.server.clients.driver.OldClientDriver;
import io.tideway.server.testing.ExternalProcess;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Older Apache Kafka Java clients (2.8 and 3.x), each in its own JVM with only its own jars:
 * create a topic, produce 100 records, consume them with assign and seek, list offsets
 * ({@link OldClientDriver}). The build copies the clients into {@code target/old-clients/<version>}.
 */
@TidewayBrokerTest
class OldClientsIT {

    static Stream<String> versions() {
        String versions = System.getProperty("tideway.oldClients.versions", "2.8.2,3.9.1");
        return Arrays.stream(versions.split(",")).map(String::trim).filter(v -> !v.isEmpty());
    }

    @ParameterizedTest(name = "kafka-clients {0}")
    @MethodSource("versions")
    void basicRoundTrip(String version, RunningBroker broker) throws Exception {
        Path jars = Path.of(System.getProperty("tideway.oldClients.directory",
                "target/old-clients")).resolve(version);
        assumeTrue(Files.isDirectory(jars), "kafka-clients " + version + " not copied to " + jars
                + " (run through Maven: mvnw verify)");
        Path testClasses = Path.of(OldClientDriver.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", jars + File.separator + "*" + File.pathSeparator + testClasses,
                OldClientDriver.class.getName(), broker.bootstrapServers(),
                "old-client-" + version.replace('.', '-'));

        ExternalProcess run = ExternalProcess.run(command, null, Duration.ofSeconds(90));

        assertThat(run.succeeded()).as(run.describe()).isTrue();
        assertThat(run.output()).as(run.describe()).contains("OK produced and consumed 100");
    }
}
