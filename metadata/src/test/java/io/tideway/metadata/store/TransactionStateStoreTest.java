package io.tideway.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
    }
}
