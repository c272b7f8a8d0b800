package io.tideway.metadata.internal.fdb;

import com.apple.foundationdb.MutationType;
import io.tideway.metadata.Transaction;
import io.tideway.metadata.internal.KeyLimits;
import io.tideway.metadata.internal.LittleEndianAdd;
import io.tideway.metadata.internal.VersionstampTemplate;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Transaction} over a FoundationDB transaction of one attempt: each call maps to the
 * fdb-java call of the same meaning ({@code ADD}, {@code SET_VERSIONSTAMPED_KEY/VALUE},
 * {@code watch}, {@code getVersionstamp}). Arguments are checked like the embedded backend does,
 * so both report bad input the same way.
 *
 * <p>Thread-safe as fdb-java's transactions are; futures complete on FoundationDB's executor.
 */
final class FdbTransactionAdapter extends FdbReadTransactionAdapter implements Transaction {

    private final com.apple.foundationdb.Transaction tr;

    FdbTransactionAdapter(com.apple.foundationdb.Transaction tr) {
        super(tr);
        this.tr = tr;
    }

    @Override
    public void set(byte[] key, byte[] value) {
        KeyLimits.checkWritableKey(key);
        KeyLimits.checkValue(value);
        tr.set(key, value);
    }

    @Override
    public void clear(byte[] key) {
        KeyLimits.checkWritableKey(key);
        tr.clear(key);
    }

    @Override
    public void clearRange(byte[] begin, byte[] end) {
        KeyLimits.checkClearRange(begin, end);
        tr.clear(begin, end);
    }

    @Override
    public void atomicAdd(byte[] key, long delta) {
        KeyLimits.checkWritableKey(key);
        tr.mutate(MutationType.ADD, key, LittleEndianAdd.encode(delta));
    }

    @Override
    public void setVersionstampedKey(byte[] keyTemplate, byte[] value) {
        VersionstampTemplate.check(keyTemplate, "key");
        KeyLimits.checkValue(value);
        tr.mutate(MutationType.SET_VERSIONSTAMPED_KEY, keyTemplate, value);
    }

    @Override
    public void setVersionstampedValue(byte[] key, byte[] valueTemplate) {
        KeyLimits.checkWritableKey(key);
        VersionstampTemplate.check(valueTemplate, "value");
        tr.mutate(MutationType.SET_VERSIONSTAMPED_VALUE, key, valueTemplate);
    }

    @Override
    public CompletableFuture<Void> watch(byte[] key) {
        KeyLimits.checkKey(key);
        return tr.watch(key);
    }

    @Override
    public CompletableFuture<byte[]> versionstamp() {
        return tr.getVersionstamp();
    }
}
