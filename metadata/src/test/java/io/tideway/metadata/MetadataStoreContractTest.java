package io.tideway.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.apple.foundationdb.Range;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.ByteArrayUtil;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.tideway.metadata.internal.LittleEndianAdd;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MetadataStore} backend must show, FoundationDB's semantics. Each test
 * works in a fresh random subspace, so backends that share data across tests (a FoundationDB
 * cluster) stay isolated. Subclasses say how to open (and reopen) their backend.
 */
public abstract class MetadataStoreContractTest {

    protected static final Duration WAIT = Duration.ofSeconds(30);

    protected MetadataStore store;
    protected Subspace space;

    /**
     * Opens the backend on the same data every time it is called.
     *
     * @param overrides settings to change from the defaults
     */
    protected abstract MetadataStore open(Map<String, String> overrides);

    @BeforeEach
    void openStore() {
        store = open(Map.of());
        space = new Subspace(Tuple.from("contract", UUID.randomUUID().toString()));
    }

    @AfterEach
    void closeStore() throws Exception {
        try {
            store.run(tx -> {
                tx.clearRange(space.range());
                return CompletableFuture.completedFuture(null);
            }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            store.close();
        }
    }

    protected byte[] key(Object... parts) {
        return space.pack(Tuple.from(parts));
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static <T> T result(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Sets a watch and returns once the transaction that set it has committed, so the watch's
     * baseline is the value before any write the caller makes next ({@link MetadataStore#watch}
     * returns before that point, which made tests racy).
     */
    protected CompletableFuture<Void> watchSet(byte[] key) throws Exception {
        return result(store.<CompletableFuture<Void>>run(tx -> CompletableFuture.completedFuture(tx.watch(key))));
    }

    protected void put(byte[] key, byte[] value) throws Exception {
        result(store.run(tx -> {
            tx.set(key, value);
            return CompletableFuture.completedFuture(null);
        }));
    }

    protected byte[] read(byte[] key) throws Exception {
        return result(store.read(tx -> tx.get(key)));
    }

    protected List<KeyValue> scan(Range range) throws Exception {
        return scan(range.begin, range.end, 0, false);
    }

    protected List<KeyValue> scan(byte[] begin, byte[] end, int limit, boolean reverse) throws Exception {
        CompletableFuture<List<KeyValue>> pairs = store.read(tx -> tx.getRange(begin, end, limit, reverse));
        return result(pairs);
    }

    protected void reopen(Map<String, String> overrides) {
        store.close();
        store = open(overrides);
    }

    @Test
    void setGetAndClear() throws Exception {
        assertThat(read(key("absent"))).isNull();
        put(key("k"), bytes("v1"));
        assertThat(read(key("k"))).isEqualTo(bytes("v1"));
        put(key("k"), bytes("v2"));
        assertThat(read(key("k"))).isEqualTo(bytes("v2"));
        result(store.run(tx -> {
            tx.clear(key("k"));
            return CompletableFuture.completedFuture(null);
        }));
        assertThat(read(key("k"))).isNull();
    }

    @Test
    void transactionReadsItsOwnWrites() throws Exception {
        put(key("a"), bytes("old"));
        List<KeyValue> seen = result(store.run(tx -> {
            tx.set(key("a"), bytes("new"));
            tx.set(key("b"), bytes("added"));
            tx.clear(key("c"));
            return tx.get(key("a")).thenCompose(a -> {
                assertThat(a).isEqualTo(bytes("new"));
                return tx.getRange(space.range());
            });
        }));
        assertThat(seen).containsExactly(new KeyValue(key("a"), bytes("new")), new KeyValue(key("b"), bytes("added")));
    }

    @Test
    void clearRangeRemovesExactlyTheRange() throws Exception {
        for (String name : List.of("a", "b", "c", "d")) {
            put(key(name), bytes(name));
        }
        result(store.run(tx -> {
            tx.clearRange(key("b"), key("d"));
            return CompletableFuture.completedFuture(null);
        }));
        assertThat(scan(space.range())).extracting(kv -> space.unpack(kv.key()).getString(0))
                .containsExactly("a", "d");
        result(store.run(tx -> {
            tx.clearRange(space.range());
            return CompletableFuture.completedFuture(null);
        }));
        assertThat(scan(space.range())).isEmpty();
    }

    @Test
    void rangeReadsUseUnsignedByteOrderForwardReverseAndWithLimits() throws Exception {
        byte[][] suffixes = {{(byte) 0xFF}, {0x00}, {(byte) 0x80, 0x00}, {0x7F}, {(byte) 0x80}, {0x01}};
        for (byte[] suffix : suffixes) {
            put(ByteArrayUtil.join(space.getKey(), suffix), suffix);
        }
        Range all = Range.startsWith(space.getKey());
        List<byte[]> expected = List.of(new byte[] {0x00}, new byte[] {0x01}, new byte[] {0x7F}, new byte[] {(byte) 0x80},
                new byte[] {(byte) 0x80, 0x00}, new byte[] {(byte) 0xFF});
        assertThat(values(scan(all))).containsExactlyElementsOf(expected);
        List<byte[]> reversed = new ArrayList<>(expected);
        java.util.Collections.reverse(reversed);
        assertThat(values(scan(all.begin, all.end, 0, true))).containsExactlyElementsOf(reversed);
        assertThat(values(scan(all.begin, all.end, 2, false))).containsExactlyElementsOf(expected.subList(0, 2));
        assertThat(values(scan(all.begin, all.end, 2, true))).containsExactlyElementsOf(reversed.subList(0, 2));
        byte[] from = ByteArrayUtil.join(space.getKey(), new byte[] {0x7F});
        byte[] to = ByteArrayUtil.join(space.getKey(), new byte[] {(byte) 0xFF});
        assertThat(values(scan(from, to, 0, false))).containsExactlyElementsOf(expected.subList(2, 5));
        assertThat(scan(to, from, 0, false)).isEmpty();
    }

    private static List<byte[]> values(List<KeyValue> pairs) {
        return pairs.stream().map(KeyValue::value).toList();
    }

    @Test
    void readsSeeTheSnapshotTakenAtTheStart() throws Exception {
        put(key("k"), bytes("before"));
        byte[] secondRead = result(store.read(tx -> tx.get(key("k")).thenCompose(first -> {
            assertThat(first).isEqualTo(bytes("before"));
            return store.run(other -> {
                other.set(key("k"), bytes("after"));
                return CompletableFuture.completedFuture(null);
            }).thenCompose(ignored -> tx.get(key("k")));
        })));
        assertThat(secondRead).isEqualTo(bytes("before"));
        assertThat(read(key("k"))).isEqualTo(bytes("after"));
    }

    @Test
    void conflictingReadModifyWriteIsRetriedAndNoUpdateIsLost() throws Exception {
        byte[] counter = key("counter");
        put(counter, LittleEndianAdd.encode(0));
        AtomicInteger attempts = new AtomicInteger();
        result(store.run(tx -> {
            boolean first = attempts.incrementAndGet() == 1;
            return tx.get(counter).thenCompose(value -> {
                // On the first attempt another transaction changes the counter after this one read it.
                CompletableFuture<Void> interference = first ? increment(counter) : CompletableFuture.completedFuture(null);
                return interference.thenApply(ignored -> {
                    tx.set(counter, LittleEndianAdd.encode(LittleEndianAdd.decode(value) + 1));
                    return null;
                });
            });
        }));
        assertThat(attempts).hasValue(2);
        assertThat(LittleEndianAdd.decode(read(counter))).isEqualTo(2);
    }

    private CompletableFuture<Void> increment(byte[] counter) {
        return store.run(tx -> tx.get(counter).thenApply(value -> {
            tx.set(counter, LittleEndianAdd.encode(LittleEndianAdd.decode(value) + 1));
            return null;
        }));
    }

    @Test
    void concurrentReadModifyWritesOnOneCounterAreExact() throws Exception {
        byte[] counter = key("counter");
        List<CompletableFuture<Void>> increments = IntStream.range(0, 20).mapToObj(i -> increment(counter)).toList();
        result(CompletableFuture.allOf(increments.toArray(CompletableFuture[]::new)));
        assertThat(LittleEndianAdd.decode(read(counter))).isEqualTo(20);
    }

    @Test
    void rangeReadConflictsWithAKeyInsertedIntoTheRange() throws Exception {
        Subspace items = space.get("items");
        AtomicInteger attempts = new AtomicInteger();
        long counted = result(store.run(tx -> {
            boolean first = attempts.incrementAndGet() == 1;
            return tx.getRange(items.range()).thenCompose(found -> {
                CompletableFuture<Void> phantom = first ? store.run(other -> {
                    other.set(items.pack(Tuple.from("x")), bytes("x"));
                    return CompletableFuture.completedFuture(null);
                }) : CompletableFuture.completedFuture(null);
                return phantom.thenApply(ignored -> {
                    tx.set(key("count"), LittleEndianAdd.encode(found.size()));
                    return (long) found.size();
                });
            });
        }));
        assertThat(attempts).hasValue(2);
        assertThat(counted).isEqualTo(1);
    }

    @Test
    void limitedRangeReadConflictsOnlyWithTheKeysItReturned() throws Exception {
        Subspace items = space.get("items");
        put(items.pack(Tuple.from("a")), bytes("a"));
        put(items.pack(Tuple.from("z")), bytes("z"));
        AtomicInteger attempts = new AtomicInteger();
        result(store.run(tx -> {
            boolean first = attempts.incrementAndGet() == 1;
            return tx.getRange(items.range(), 1, false).thenCompose(firstItem -> {
                CompletableFuture<Void> later = first ? store.run(other -> {
                    other.set(items.pack(Tuple.from("m")), bytes("m"));
                    return CompletableFuture.completedFuture(null);
                }) : CompletableFuture.completedFuture(null);
                return later.thenApply(ignored -> {
                    tx.set(key("first"), firstItem.get(0).value());
                    return null;
                });
            });
        }));
        assertThat(attempts).hasValue(1);
    }

    @Test
    void blindClearRangeAlsoRemovesKeysCommittedConcurrently() throws Exception {
        Subspace items = space.get("items");
        AtomicInteger attempts = new AtomicInteger();
        result(store.run(tx -> {
            CompletableFuture<Void> concurrent = attempts.incrementAndGet() == 1 ? store.run(other -> {
                other.set(items.pack(Tuple.from("late")), bytes("late"));
                return CompletableFuture.completedFuture(null);
            }) : CompletableFuture.completedFuture(null);
            return concurrent.thenApply(ignored -> {
                tx.clearRange(items.range());
                return null;
            });
        }));
        assertThat(attempts).hasValue(1);
        assertThat(scan(items.range())).isEmpty();
    }

    @Test
    void exhaustedRetriesFailWithConflictExceptionNamingTheAttempts() throws Exception {
        reopen(Map.of(MetadataConfig.RETRY_LIMIT, "2", MetadataConfig.RETRY_BACKOFF_MS, "1"));
        byte[] contended = key("contended");
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<Object> doomed = store.run(tx -> {
            attempts.incrementAndGet();
            return tx.get(contended).thenCompose(value -> increment(contended)).thenApply(ignored -> {
                tx.set(key("never"), bytes("written"));
                return null;
            });
        });
        assertThat(doomed).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(MetadataConflictException.class)
                .withMessageContaining("3 attempts")
                .satisfies(e -> assertThat(((MetadataConflictException) e).attempts()).isEqualTo(3));
        assertThat(attempts).hasValue(3);
        assertThat(read(key("never"))).isNull();
    }

    @Test
    void failureInTheBodyIsReturnedAsIsWithoutRetry() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Object> thrown = store.run(tx -> {
            attempts.incrementAndGet();
            tx.set(key("k"), bytes("v"));
            throw boom;
        });
        assertThat(thrown).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause().isSameAs(boom);
        CompletableFuture<Object> failedStage = store.run(tx -> {
            attempts.incrementAndGet();
            return tx.get(key("k")).thenApply(v -> {
                throw boom;
            });
        });
        assertThat(failedStage).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause().isSameAs(boom);
        assertThat(attempts).hasValue(2);
        assertThat(read(key("k"))).isNull();
    }

    @Test
    void concurrentAtomicAddsSumExactlyWithoutConflicts() throws Exception {
        byte[] counter = key("adds");
        AtomicInteger attempts = new AtomicInteger();
        List<CompletableFuture<Void>> adds = IntStream.range(0, 50).mapToObj(i -> store.<Void>run(tx -> {
            attempts.incrementAndGet();
            tx.atomicAdd(counter, 3);
            return CompletableFuture.completedFuture(null);
        })).toList();
        result(CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new)));
        assertThat(LittleEndianAdd.decode(read(counter))).isEqualTo(150);
        assertThat(attempts).hasValue(50);
        long seenInside = result(store.run(tx -> {
            tx.atomicAdd(counter, -200);
            return tx.get(counter).thenApply(LittleEndianAdd::decode);
        }));
        assertThat(seenInside).isEqualTo(-50);
        assertThat(read(counter)).isEqualTo(LittleEndianAdd.encode(-50));
    }

    @Test
    void versionstampsIncreaseAcrossTransactionsAndReopen() throws Exception {
        List<byte[]> stamps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stamps.add(commitStamp(i));
        }
        reopen(Map.of());
        stamps.add(commitStamp(99));
        assertThat(stamps).allSatisfy(stamp -> assertThat(stamp).hasSize(10));
        for (int i = 1; i < stamps.size(); i++) {
            assertThat(Arrays.compareUnsigned(stamps.get(i - 1), stamps.get(i))).as("stamp %d < stamp %d", i - 1, i).isNegative();
        }
    }

    private byte[] commitStamp(int i) throws Exception {
        return result(store.run(tx -> {
            tx.set(key("stamped", i), bytes("x"));
            return CompletableFuture.completedFuture(tx.versionstamp());
        }).thenCompose(stamp -> stamp));
    }

    @Test
    void versionstampedKeysAndValuesCarryTheCommitVersionstamp() throws Exception {
        Subspace log = space.get("log");
        byte[] keyTemplate = Versionstamps.packWithVersionstamp(log, Tuple.from(Versionstamp.incomplete(7), "entry"));
        byte[] valueTemplate = Versionstamps.packWithVersionstamp(Tuple.from("pointer", Versionstamp.incomplete(3)));
        byte[] stamp = result(store.run(tx -> {
            tx.setVersionstampedKey(keyTemplate, bytes("payload"));
            tx.setVersionstampedValue(key("latest"), valueTemplate);
            return CompletableFuture.completedFuture(tx.versionstamp());
        }).thenCompose(f -> f));
        List<KeyValue> entries = scan(log.range());
        assertThat(entries).hasSize(1);
        assertThat(log.unpack(entries.get(0).key()).getItems()).containsExactly(Versionstamp.complete(stamp, 7), "entry");
        assertThat(entries.get(0).value()).isEqualTo(bytes("payload"));
        assertThat(Tuple.fromBytes(read(key("latest"))).getItems()).containsExactly("pointer", Versionstamp.complete(stamp, 3));
    }

    @Test
    void watchFiresWhenTheValueChanges() throws Exception {
        put(key("watched"), bytes("1"));
        CompletableFuture<Void> watch = watchSet(key("watched"));
        put(key("watched"), bytes("2"));
        assertThat(watch).succeedsWithin(WAIT);
    }

    @Test
    void watchDoesNotFireWhenTheSameValueIsWrittenAgain() throws Exception {
        put(key("watched"), bytes("same"));
        CompletableFuture<Void> watch = watchSet(key("watched"));
        put(key("watched"), bytes("same"));
        put(key("neighbour"), bytes("changed"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !watch.isDone());
        put(key("watched"), bytes("different"));
        assertThat(watch).succeedsWithin(WAIT);
    }

    @Test
    void watchesFireOnClearClearRangeAndAtomicAdd() throws Exception {
        for (String name : List.of("cleared", "ranged", "added")) {
            put(key(name), LittleEndianAdd.encode(1));
        }
        CompletableFuture<Void> cleared = watchSet(key("cleared"));
        CompletableFuture<Void> ranged = watchSet(key("ranged"));
        CompletableFuture<Void> added = watchSet(key("added"));
        CompletableFuture<Void> absent = watchSet(key("created"));
        result(store.run(tx -> {
            tx.clear(key("cleared"));
            tx.clearRange(key("ranged"), ByteArrayUtil.keyAfter(key("ranged")));
            tx.atomicAdd(key("added"), 1);
            tx.set(key("created"), bytes("now"));
            return CompletableFuture.completedFuture(null);
        }));
        assertThat(List.of(cleared, ranged, added, absent)).allSatisfy(watch -> assertThat(watch).succeedsWithin(WAIT));
    }

    @Test
    void dataSurvivesCloseAndReopen() throws Exception {
        put(key("durable"), bytes("yes"));
        result(store.run(tx -> {
            tx.atomicAdd(key("count"), 5);
            return CompletableFuture.completedFuture(null);
        }));
        reopen(Map.of());
        assertThat(read(key("durable"))).isEqualTo(bytes("yes"));
        assertThat(LittleEndianAdd.decode(read(key("count")))).isEqualTo(5);
    }

    @Test
    void aTransactionThatWroteNothingHasNoVersionstamp() throws Exception {
        CompletableFuture<byte[]> stamp = result(store.run(tx -> tx.get(key("k")).thenApply(ignored -> tx.versionstamp())));
        assertThat(stamp).failsWithin(WAIT);
    }

    @Test
    void backendNamesItself() {
        assertThat(store.backend()).isIn("embedded", "fdb");
    }
}
