package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

class AdvertisedNodesTest {

    private static final Endpoint BOUND = new Endpoint("PLAINTEXT", "127.0.0.1", 40123);

    @Test
    void emptyUntilTheListenerIsBound() {
        assertThat(new AdvertisedNodes(1, null).get()).isEmpty();
    }

    @Test
    void advertisesTheBoundListenerWithItsActualPort() {
        AdvertisedNodes nodes = new AdvertisedNodes(3, "rack-a");
        assertThat(nodes.publish(BOUND, List.of())).isEqualTo(BOUND);
        assertThat(nodes.get()).containsExactly(new Node(3, "127.0.0.1", 40123, "rack-a"));
    }

    @Test
    void advertisedListenersWin() {
        Endpoint external = Endpoint.parse("PLAINTEXT://broker.example.com:9092");
        AdvertisedNodes nodes = new AdvertisedNodes(1, null);
        assertThat(nodes.publish(BOUND, List.of(external))).isEqualTo(external);
        assertThat(nodes.get().get(0).host()).isEqualTo("broker.example.com");
        assertThat(nodes.get().get(0).port()).isEqualTo(9092);
    }

    @Test
    void aWildcardBindAdvertisesTheCanonicalHostName() throws Exception {
        Endpoint wildcard = Endpoint.parse("PLAINTEXT://:40124");
        Endpoint advertised = AdvertisedNodes.advertisedEndpoint(wildcard, List.of());
        assertThat(advertised.host())
                .isEqualTo(InetAddress.getLocalHost().getCanonicalHostName());
        assertThat(advertised.port()).isEqualTo(40124);
        assertThat(AdvertisedNodes.advertisedEndpoint(Endpoint.parse("PLAINTEXT://0.0.0.0:1"),
                List.of()).isWildcard()).isFalse();
    }
}
