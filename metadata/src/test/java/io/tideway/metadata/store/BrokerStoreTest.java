package io.tideway.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BrokerStoreTest extends EmbeddedStoreFixture {

    @Test
    void registersListsAndUnregisters() throws Exception {
        BrokerStore brokers = new BrokerStore(store, layout);
        BrokerRegistration b2 = result(brokers.register(2, "host-b", 9093, null));
        BrokerRegistration b1 = result(brokers.register(1, "host-a", 9092, "rack-1"));
        assertThat(b1.epoch()).isGreaterThan(b2.epoch());
        assertThat(result(brokers.list())).containsExactly(b1, b2);
        assertThat(result(brokers.get(2))).contains(b2);
        assertThat(result(brokers.unregister(2))).isTrue();
        assertThat(result(brokers.unregister(2))).isFalse();
        assertThat(result(brokers.list())).containsExactly(b1);
    }

    @Test
    void reRegistrationGetsANewerEpochEvenConcurrently() throws Exception {
        BrokerStore brokers = new BrokerStore(store, layout);
        List<CompletableFuture<BrokerRegistration>> registrations = IntStream.range(0, 10)
                .mapToObj(i -> brokers.register(i % 3, "host", 9092, null)).toList();
        CompletableFuture.allOf(registrations.toArray(CompletableFuture[]::new)).get();
        assertThat(registrations.stream().map(f -> f.join().epoch()).distinct()).hasSize(10);
        reopen();
        BrokerRegistration later = result(new BrokerStore(store, layout).register(0, "host", 9092, null));
        assertThat(later.epoch()).isEqualTo(11);
    }

    @Test
    void invalidRegistrationsAreRejectedBeforeAnyWrite() throws Exception {
        BrokerStore brokers = new BrokerStore(store, layout);
        assertThatThrownBy(() -> brokers.register(-1, "h", 1, null)).hasMessageContaining("Broker id");
        assertThatThrownBy(() -> brokers.register(1, " ", 1, null)).hasMessageContaining("host");
        assertThatThrownBy(() -> brokers.register(1, "h", 70_000, null)).hasMessageContaining("port");
        assertThat(result(brokers.list())).isEmpty();
    }
}
