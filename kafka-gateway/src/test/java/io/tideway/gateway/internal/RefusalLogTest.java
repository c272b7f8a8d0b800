package io.tideway.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.gateway.ConnectionQuotas;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RefusalLogTest {

    private static final SocketAddress PEER = SocketAddress.inetSocketAddress(5555, "127.0.0.1");
    private static final ConnectionQuotas.Refusal REFUSAL =
            new ConnectionQuotas.Refusal("max.connections", 2, 2);

    @Test
    void logsTheFirstRefusalThenAtMostOneLinePerInterval() {
        AtomicLong now = new AtomicLong(1_000);
        RefusalLog log = new RefusalLog("PLAINTEXT", Duration.ofSeconds(10), now::get);

        assertThat(log.refused(PEER, REFUSAL)).isTrue();
        assertThat(log.refused(PEER, REFUSAL)).isFalse();
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(log.refused(PEER, REFUSAL)).isFalse();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(log.refused(PEER, REFUSAL)).isTrue();
        assertThat(log.refused(PEER, REFUSAL)).isFalse();
    }

    @Test
    void nanoClockWrapAroundDoesNotSilenceTheLog() {
        AtomicLong now = new AtomicLong(Long.MAX_VALUE - 5);
        RefusalLog log = new RefusalLog("PLAINTEXT", Duration.ofSeconds(1), now::get);
        assertThat(log.refused(PEER, REFUSAL)).isTrue();
        now.addAndGet(Duration.ofSeconds(2).toNanos()); // overflows past Long.MAX_VALUE
        assertThat(log.refused(PEER, REFUSAL)).isTrue();
    }
}
