package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

    @ParameterizedTest
    @CsvSource({
        "PLAINTEXT://127.0.0.1:9092, PLAINTEXT, 127.0.0.1, 9092",
        "plaintext://broker.example.com:0, PLAINTEXT, broker.example.com, 0",
        "PLAINTEXT://:9093, PLAINTEXT, '', 9093",
        "PLAINTEXT://[::1]:9094, PLAINTEXT, ::1, 9094"})
    void parsesKafkaListenerSyntax(String text, String name, String host, int port) {
        Endpoint endpoint = Endpoint.parse(text);
        assertThat(endpoint).isEqualTo(new Endpoint(name, host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:9092", "PLAINTEXT://127.0.0.1", "PLAINTEXT://h:port",
        "PLAINTEXT://h:70000", "PLAINTEXT://::1:9092", "://h:1"})
    void rejectsMalformedAddressesNamingThem(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text);
    }

    @Test
    void wildcardHostsBindEverythingAndCannotBeAdvertised() {
        assertThat(Endpoint.parse("PLAINTEXT://:1").bindHost()).isEqualTo("0.0.0.0");
        assertThat(Endpoint.parse("PLAINTEXT://:1").isWildcard()).isTrue();
        assertThat(Endpoint.parse("PLAINTEXT://0.0.0.0:1").isWildcard()).isTrue();
        assertThat(Endpoint.parse("PLAINTEXT://10.0.0.1:1").isWildcard()).isFalse();
    }

    @Test
    void printsBackInKafkaSyntax() {
        assertThat(Endpoint.parse("PLAINTEXT://[::1]:9094").withPort(1).toString())
                .isEqualTo("PLAINTEXT://[::1]:1");
    }
}
