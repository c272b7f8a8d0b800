package io.tideway.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random programs of transactions (set, clear, clear range, atomic add, point and range reads)
 * and restarts run against the embedded store and against a sorted-map model with unsigned byte
 * order. Reads inside transactions (read-your-writes), full scans after each commit, and the data
 * after each reopen must match the model.
 */
class EmbeddedStorePropertyTest {

    private static final byte PREFIX = 0x10;
    private static final byte[] ALPHABET = {0x00, 0x7F, (byte) 0x80, (byte) 0xFF};
    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    sealed interface Step permits Txn, Reopen {
    }

    record Txn(List<Op> ops) implements Step {
    }

    record Reopen() implements Step {
    }

    sealed interface Op permits Set, Clear, ClearRange, Add, Get, Scan {
    }

    record Set(byte[] key, byte[] value) implements Op {
    }

    record Clear(byte[] key) implements Op {
    }

    record ClearRange(byte[] begin, byte[] end) implements Op {
    }

    record Add(byte[] key, long delta) implements Op {
    }

    record Get(byte[] key) implements Op {
    }

    record Scan(byte[] begin, byte[] end, int limit, boolean reverse) implements Op {
    }

    @Property(tries = 150)
    void storeBehavesLikeASortedMap(@ForAll("programs") List<Step> program) throws Exception {
        Path dir = Files.createTempDirectory("tideway-metadata-property");
        MetadataConfig config = MetadataConfig.embedded(dir);
        MetadataStore store = MetadataStores.open(config);
        try {
            NavigableMap<byte[], byte[]> committed = new TreeMap<>(UNSIGNED);
            for (Step step : program) {
                if (step instanceof Reopen) {
                    store.close();
                    store = MetadataStores.open(config);
                } else {
                    committed = runTransaction(store, committed, ((Txn) step).ops());
                }
                assertThat(scanAll(store)).as("contents after %s", step).containsExactlyElementsOf(pairs(committed));
            }
        } finally {
            store.close();
            deleteRecursively(dir);
        }
    }

    private static NavigableMap<byte[], byte[]> runTransaction(MetadataStore store, NavigableMap<byte[], byte[]> committed,
            List<Op> ops) throws Exception {
        AtomicReference<NavigableMap<byte[], byte[]>> outcome = new AtomicReference<>();
        AtomicInteger attempts = new AtomicInteger();
        store.run(tx -> {
            attempts.incrementAndGet();
            NavigableMap<byte[], byte[]> model = new TreeMap<>(committed);
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (Op op : ops) {
                chain = chain.thenCompose(ignored -> apply(tx, model, op));
            }
            return chain.thenRun(() -> outcome.set(model));
        }).get(30, TimeUnit.SECONDS);
        assertThat(attempts).as("a lone writer never conflicts").hasValue(1);
        return outcome.get();
    }

    private static CompletableFuture<Void> apply(Transaction tx, NavigableMap<byte[], byte[]> model, Op op) {
        if (op instanceof Set set) {
            tx.set(set.key(), set.value());
            model.put(set.key(), set.value());
        } else if (op instanceof Clear clear) {
            tx.clear(clear.key());
            model.remove(clear.key());
        } else if (op instanceof ClearRange range) {
            tx.clearRange(range.begin(), range.end());
            model.subMap(range.begin(), true, range.end(), false).clear();
        } else if (op instanceof Add add) {
            tx.atomicAdd(add.key(), add.delta());
            model.put(add.key(), addLittleEndian(model.get(add.key()), add.delta()));
        } else if (op instanceof Get get) {
            byte[] expected = model.get(get.key());
            return tx.get(get.key()).thenAccept(actual -> assertThat(actual).as("get %s", Arrays.toString(get.key()))
                    .isEqualTo(expected));
        } else if (op instanceof Scan scan) {
            List<KeyValue> expected = modelScan(model, scan);
            return tx.getRange(scan.begin(), scan.end(), scan.limit(), scan.reverse())
                    .thenAccept(actual -> assertThat(actual).as("%s", scan).containsExactlyElementsOf(expected));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** FoundationDB ADD with an 8-byte operand, written independently of the production code. */
    private static byte[] addLittleEndian(byte[] existing, long delta) {
        byte[] widened = Arrays.copyOf(existing == null ? new byte[0] : existing, Long.BYTES);
        long sum = ByteBuffer.wrap(widened).order(ByteOrder.LITTLE_ENDIAN).getLong() + delta;
        return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(sum).array();
    }

    private static List<KeyValue> modelScan(NavigableMap<byte[], byte[]> model, Scan scan) {
        if (Arrays.compareUnsigned(scan.begin(), scan.end()) >= 0) {
            return List.of();
        }
        NavigableMap<byte[], byte[]> range = model.subMap(scan.begin(), true, scan.end(), false);
        List<KeyValue> all = pairs(scan.reverse() ? range.descendingMap() : range);
        return scan.limit() == 0 ? all : all.subList(0, Math.min(scan.limit(), all.size()));
    }

    private static List<KeyValue> scanAll(MetadataStore store) throws Exception {
        CompletableFuture<List<KeyValue>> all = store.read(tx -> tx.getRange(new byte[] {PREFIX}, new byte[] {PREFIX + 1}, 0, false));
        return all.get(30, TimeUnit.SECONDS);
    }

    private static List<KeyValue> pairs(Map<byte[], byte[]> map) {
        List<KeyValue> pairs = new ArrayList<>(map.size());
        map.forEach((key, value) -> pairs.add(new KeyValue(key, value)));
        return pairs;
    }

    @Provide
    Arbitrary<List<Step>> programs() {
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Combinators.combine(keys(), values()).as(Set::new)),
                net.jqwik.api.Tuple.of(2, keys().map(Clear::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(keys(), keys()).as((a, b) ->
                        Arrays.compareUnsigned(a, b) <= 0 ? new ClearRange(a, b) : new ClearRange(b, a))),
                net.jqwik.api.Tuple.of(3, Combinators.combine(keys(), Arbitraries.longs().between(-1000, 1000)).as(Add::new)),
                net.jqwik.api.Tuple.of(2, keys().map(Get::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(keys(), keys(), Arbitraries.integers().between(0, 3),
                        Arbitraries.of(false, true)).as(Scan::new)));
        Arbitrary<Step> txn = op.list().ofMinSize(1).ofMaxSize(8).map(Txn::new);
        Arbitrary<Step> step = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, txn),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Reopen())));
        return step.list().ofMinSize(1).ofMaxSize(8);
    }

    /** Short keys under one prefix, from bytes that probe signedness (0x7F/0x80) and the extremes. */
    private static Arbitrary<byte[]> keys() {
        return Arbitraries.of(Arrays.asList(box(ALPHABET))).list().ofMinSize(0).ofMaxSize(2).map(suffix -> {
            byte[] key = new byte[suffix.size() + 1];
            key[0] = PREFIX;
            for (int i = 0; i < suffix.size(); i++) {
                key[i + 1] = suffix.get(i);
            }
            return key;
        });
    }

    private static Arbitrary<byte[]> values() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(10);
    }

    private static Byte[] box(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            boxed[i] = bytes[i];
        }
        return boxed;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            Collections.reverse(all);
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        }
    }
}
