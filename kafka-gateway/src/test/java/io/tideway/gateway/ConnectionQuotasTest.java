package io.tideway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectionQuotasTest {

    private static final InetAddress A = address("127.0.0.1");
    private static final InetAddress B = address("127.0.0.2");
    private static final InetAddress C = address("127.0.0.3");

    @Test
    void brokerWideLimitCountsEveryAddress() {
        ConnectionQuotas quotas = new ConnectionQuotas(ConnectionLimits.resolve(2, 10, Map.of()));
        assertThat(quotas.tryAcquire(A)).isEmpty();
        assertThat(quotas.tryAcquire(B)).isEmpty();
        assertThat(quotas.tryAcquire(C)).contains(
                new ConnectionQuotas.Refusal("max.connections", 2, 2));
        quotas.release(A);
        assertThat(quotas.tryAcquire(C)).isEmpty();
        assertThat(quotas.connections()).isEqualTo(2);
    }

    @Test
    void perAddressLimitAndOverride() {
        ConnectionQuotas quotas = new ConnectionQuotas(ConnectionLimits.resolve(100, 1,
                Map.of("127.0.0.2", 3)));
        assertThat(quotas.tryAcquire(A)).isEmpty();
        assertThat(quotas.tryAcquire(A)).contains(
                new ConnectionQuotas.Refusal("max.connections.per.ip", 1, 1));
        for (int i = 0; i < 3; i++) {
            assertThat(quotas.tryAcquire(B)).isEmpty();
        }
        assertThat(quotas.tryAcquire(B)).contains(
                new ConnectionQuotas.Refusal("max.connections.per.ip.overrides", 3, 3));
        assertThat(quotas.connectionsFrom(B)).isEqualTo(3);
        assertThat(quotas.connections()).isEqualTo(4);
    }

    @Test
    void zeroOverrideBlocksAnAddressEntirely() {
        ConnectionQuotas quotas = new ConnectionQuotas(ConnectionLimits.resolve(100, 5,
                Map.of("127.0.0.3", 0)));
        assertThat(quotas.tryAcquire(C)).isPresent();
        assertThat(quotas.connections()).isZero();
    }

    @Test
    void refusedConnectionsAreNotCounted() {
        ConnectionQuotas quotas = new ConnectionQuotas(ConnectionLimits.resolve(1, 10, Map.of()));
        quotas.tryAcquire(A);
        for (int i = 0; i < 5; i++) {
            quotas.tryAcquire(B);
        }
        assertThat(quotas.connections()).isEqualTo(1);
        assertThat(quotas.connectionsFrom(B)).isZero();
    }

    @Test
    void releaseWithoutAdmissionIsABug() {
        ConnectionQuotas quotas = ConnectionQuotas.unlimited();
        assertThatThrownBy(() -> quotas.release(A)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1");
        assertThat(quotas.connections()).isZero();
    }

    @Test
    void concurrentAdmissionsNeverExceedTheLimit() throws Exception {
        ConnectionQuotas quotas = new ConnectionQuotas(ConnectionLimits.resolve(50, 30, Map.of()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> admitted = new ArrayList<>();
            for (InetAddress address : List.of(A, B, C, A)) {
                admitted.add(pool.submit(() -> {
                    int count = 0;
                    for (int i = 0; i < 100; i++) {
                        if (quotas.tryAcquire(address).isEmpty()) {
                            count++;
                        }
                    }
                    return count;
                }));
            }
            int total = 0;
            for (Future<Integer> future : admitted) {
                total += future.get(10, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(50).isEqualTo(quotas.connections());
            assertThat(quotas.connectionsFrom(A)).isLessThanOrEqualTo(30);
        } finally {
            pool.shutdownNow();
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
