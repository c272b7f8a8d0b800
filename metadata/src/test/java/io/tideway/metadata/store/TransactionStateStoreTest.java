package io.tideway.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import io.tideway.metadata.MetadataFormatException;
import io.tideway.metadata.internal.VersionedValue;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class TransactionStateStoreTest extends EmbeddedStoreFixture {

    private static TransactionRecord ongoing(String id, short epoch) {
        return new TransactionRecord(id, 42, epoch, "ONGOING", 60_000, 1_000, 2_000,
                List.of(new PartitionName("a", 0), new PartitionName("b", 3)));
    }

    @Test
    void writesReadsAndSurvivesReopen() throws Exception {
        TransactionStateStore txns = new TransactionStateStore(store, layout);
        assertThat(result(txns.get("tx-1"))).isEmpty();
        result(txns.put(ongoing("tx-1", (short) 3)));
        result(txns.put(new TransactionRecord("tx-2", 7, (short) 0, "EMPTY", 1_000, -1, 5, List.of())));
        reopen();
        TransactionStateStore reopened = new TransactionStateStore(store, layout);
        assertThat(result(reopened.get("tx-1"))).contains(ongoing("tx-1", (short) 3));
        assertThat(result(reopened.getAll())).extracting(TransactionRecord::transactionalId).containsExactly("tx-1", "tx-2");
    }

    @Test
    void putReplacesAndDeleteRemoves() throws Exception {
        TransactionStateStore txns = new TransactionStateStore(store, layout);
        result(txns.put(ongoing("tx", (short) 1)));
        TransactionRecord committed = new TransactionRecord("tx", 42, (short) 1, "COMPLETE_COMMIT", 60_000, -1, 3_000, List.of());
        result(txns.put(committed));
        assertThat(result(txns.get("tx"))).contains(committed);
        result(txns.delete("tx"));
        assertThat(result(txns.get("tx"))).isEmpty();
    }

    @Test
    void invalidRecordsAreRejected() {
        assertThatThrownBy(() -> new TransactionRecord(" ", 1, (short) 0, "EMPTY", 1, -1, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Transactional id");
        assertThatThrownBy(() -> new TransactionRecord("t", -1, (short) 0, "EMPTY", 1, -1, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Producer id");
        assertThatThrownBy(() -> new TransactionRecord("t", 1, (short) 0, "EMPTY", 0, -1, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> new TransactionRecord("t", 1, (short) 0, "EMPTY", 1, -1, 0, List.of(), -2, -1,
                (short) -1, (short) 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
        assertThatThrownBy(() -> new TransactionRecord("t", 1, (short) 0, "EMPTY", 1, -1, 0, List.of(), -1, -1,
                (short) -2, (short) 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Last");
    }

    @Test
    void v2FieldsRoundTrip() throws Exception {
        TransactionStateStore txns = new TransactionStateStore(store, layout);
        TransactionRecord preparing = new TransactionRecord("tx", 42, (short) 7, "PREPARE_COMMIT", 60_000, 1_000,
                2_000, List.of(new PartitionName("a", 0)), 41, 43, (short) 6, (short) 2);
        result(txns.put(preparing));
        reopen();
        assertThat(result(new TransactionStateStore(store, layout).get("tx"))).contains(preparing);
    }

    @Test
    void v1ValuesStillLoad() throws Exception {
        byte[] v1 = VersionedValue.encode(1, 42L, 3L, "ONGOING", 60_000L, 1_000L, 2_000L, Tuple.from("a", 0L, "b", 3L));
        write("legacy", v1);
        TransactionRecord loaded = result(new TransactionStateStore(store, layout).get("legacy")).orElseThrow();
        assertThat(loaded).isEqualTo(ongoing("legacy", (short) 3));
        assertThat(loaded.previousProducerId()).isEqualTo(-1);
        assertThat(loaded.nextProducerId()).isEqualTo(-1);
        assertThat(loaded.lastEpoch()).isEqualTo((short) -1);
        assertThat(loaded.clientTransactionVersion()).isZero();
    }

    @Test
    void newerOrTruncatedValuesAreRefused() throws Exception {
        TransactionStateStore txns = new TransactionStateStore(store, layout);
        write("future", VersionedValue.encode(3, 42L, 3L, "ONGOING", 60_000L, 1_000L, 2_000L, new Tuple()));
        assertThatThrownBy(() -> result(txns.get("future"))).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(MetadataFormatException.class).hasMessageContaining("format version 3");
        write("short", VersionedValue.encode(2, 42L, 3L, "ONGOING", 60_000L, 1_000L, 2_000L, new Tuple(), 1L));
        assertThatThrownBy(() -> result(txns.get("short"))).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(MetadataFormatException.class).hasMessageContaining("expected 11");
    }

    private void write(String transactionalId, byte[] value) throws Exception {
        result(store.run(tx -> {
            tx.set(layout.transaction(transactionalId), value);
            return CompletableFuture.completedFuture(null);
        }));
    }
}
