package io.tideway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

    @Test
    void overridesParseHostsAndAddressesIncludingIpv6() {
        assertThat(ConnectionLimits.parseOverrides(" hostName:100, 127.0.0.1:200,::1:3 "))
                .containsExactly(Map.entry("hostName", 100), Map.entry("127.0.0.1", 200),
                        Map.entry("::1", 3));
        assertThat(ConnectionLimits.parseOverrides("")).isEmpty();
        assertThat(ConnectionLimits.parseOverrides(null)).isEmpty();
    }

    @Test
    void malformedOverridesNameTheEntry() {
        assertThatThrownBy(() -> ConnectionLimits.parseOverrides("127.0.0.1"))
                .hasMessageContaining("'127.0.0.1' is not host:count");
        assertThatThrownBy(() -> ConnectionLimits.parseOverrides("a:1,b:x"))
                .hasMessageContaining("'b:x': the count is not an integer");
        assertThatThrownBy(() -> ConnectionLimits.parseOverrides("a:-1"))
                .hasMessageContaining("must be >= 0");
        assertThatThrownBy(() -> ConnectionLimits.parseOverrides("a:1,a:2"))
                .hasMessageContaining("'a' appears twice");
    }

    @Test
    void resolvedOverridesReplaceThePerIpDefault() throws Exception {
        ConnectionLimits limits = ConnectionLimits.resolve(10, 2,
                Map.of("127.0.0.2", 5, "[::1]", 0));
        assertThat(limits.maxConnectionsFrom(InetAddress.getByName("127.0.0.2"))).isEqualTo(5);
        assertThat(limits.maxConnectionsFrom(InetAddress.getByName("::1"))).isZero();
        assertThat(limits.maxConnectionsFrom(InetAddress.getByName("127.0.0.1"))).isEqualTo(2);
    }

    @Test
    void zeroPerIpNeedsOverridesAsInKafka() {
        assertThatThrownBy(() -> ConnectionLimits.resolve(10, 0, Map.of()))
                .hasMessageContaining("max.connections.per.ip can be 0 only when");
        assertThat(ConnectionLimits.resolve(10, 0, Map.of("127.0.0.1", 1)).maxConnectionsPerIp())
                .isZero();
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> ConnectionLimits.resolve(-1, 1, Map.of()))
                .hasMessageContaining("max.connections must be >= 0");
        assertThatThrownBy(() -> ConnectionLimits.resolve(1, -1, Map.of()))
                .hasMessageContaining("max.connections.per.ip must be >= 0");
    }

    @Test
    void unresolvableHostIsAConfigurationError() {
        assertThatThrownBy(() -> ConnectionLimits.resolve(1, 1, Map.of("no-such-host.invalid", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot resolve host 'no-such-host.invalid'");
    }
}
