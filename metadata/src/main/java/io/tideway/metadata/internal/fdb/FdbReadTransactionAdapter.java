package io.tideway.metadata.internal.fdb;

import io.tideway.metadata.KeyValue;
import io.tideway.metadata.ReadTransaction;
import io.tideway.metadata.internal.KeyLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * {@link ReadTransaction} over a FoundationDB read transaction of one attempt.
 *
 * <p>Thread-safe as fdb-java's transactions are; futures complete on FoundationDB's executor.
 * Read failures stay raw {@code FDBException}s so the retry loop can tell retryable ones apart.
 */
class FdbReadTransactionAdapter implements ReadTransaction {

    private final com.apple.foundationdb.ReadTransaction reads;

    FdbReadTransactionAdapter(com.apple.foundationdb.ReadTransaction reads) {
        this.reads = reads;
    }

    @Override
    public CompletableFuture<byte[]> get(byte[] key) {
        KeyLimits.checkKey(key);
        return reads.get(key);
    }

    @Override
    public CompletableFuture<List<KeyValue>> getRange(byte[] begin, byte[] end, int limit, boolean reverse) {
        Objects.requireNonNull(begin, "begin");
        Objects.requireNonNull(end, "end");
        if (limit < 0) {
            throw new IllegalArgumentException("Range read limit must be 0 (unlimited) or positive, got " + limit);
        }
        int rowLimit = limit == 0 ? com.apple.foundationdb.ReadTransaction.ROW_LIMIT_UNLIMITED : limit;
        return reads.getRange(begin, end, rowLimit, reverse).asList().thenApply(pairs -> {
            List<KeyValue> converted = new ArrayList<>(pairs.size());
            pairs.forEach(pair -> converted.add(new KeyValue(pair.getKey(), pair.getValue())));
            return converted;
        });
    }
}
