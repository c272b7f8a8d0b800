package io.tideway.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Damaged files of the embedded (RocksDB) store: committed transactions are written, the store is
 * closed cleanly or its directory copied while open (what a crash leaves), then an SST file, the
 * MANIFEST, the write-ahead log or CURRENT is flipped, cut or deleted, and the store reopened. It
 * must either refuse to open, naming its directory, or open and return for every committed key
 * exactly the committed value or fail the read. It must never answer with a missing or different
 * value, since a broker would act on it (a lost topic id, an older committed offset). The one
 * exception is the write-ahead log after a crash, the store's torn tail: a cut there that ends on
 * a record boundary looks like a shorter log, so whole transactions at its end may be missing,
 * never a part of one or one before a survivor.
 */
class EmbeddedStoreCorruptionPropertyTest {

    private static final int TRANSACTIONS = 6;
    private static final int KEYS_PER_TRANSACTION = 10;

    /** Which file is damaged. */
    enum Target {
        SST, MANIFEST, WAL, CURRENT
    }

    /** How: bytes flipped, the file cut short, or the file deleted. */
    enum Damage {
        FLIP, CUT, DELETE
    }

    @Property(tries = 80) // each try opens RocksDB three times; keeps the class under 20 s
    void aDamagedStoreRefusesToOpenOrReturnsExactlyWhatWasCommitted(@ForAll Target target,
            @ForAll Damage damage, @ForAll boolean cleanClose, @ForAll @IntRange(max = 2) int valueKib,
            @ForAll long seed) throws Throwable {
        Random random = new Random(seed);
        Path root = Files.createTempDirectory("metadata-corrupt");
        try {
            Path live = root.resolve("live");
            Path dir = cleanClose ? live : root.resolve("crashed");
            Map<String, String> committed = new TreeMap<>();
            MetadataStore store = open(live);
            try {
                for (int t = 0; t < TRANSACTIONS; t++) {
                    Map<String, String> writes = new TreeMap<>();
                    for (int k = 0; k < KEYS_PER_TRANSACTION; k++) {
                        writes.put("key-" + t + "-" + k, ("v" + t + "-" + k + "-").repeat(1 + valueKib * 150));
                    }
                    store.run(tx -> {
                        writes.forEach((key, value) -> tx.set(bytes(key), bytes(value)));
                        return CompletableFuture.completedFuture(null);
                    }).get(30, TimeUnit.SECONDS);
                    committed.putAll(writes);
                }
                if (!cleanClose) {
                    copy(live, dir); // every commit was synced: the copy is what a crash leaves
                }
            } finally {
                store.close();
            }

            Path file = pick(dir, target, random);
            if (file == null) {
                Statistics.collect(target, "no such file");
                return; // no file of that kind (e.g. no SST before a flush)
            }
            damage(file, damage, random);

            MetadataStore reopened;
            try {
                // Once, RocksDB spun in its native open on a damaged directory: bound the wait
                // and keep the directory for a report instead of hanging the build.
                CompletableFuture<MetadataStore> opening = CompletableFuture.supplyAsync(() -> open(dir));
                try {
                    reopened = opening.get(30, TimeUnit.SECONDS);
                } catch (TimeoutException hang) {
                    Path keep = Files.createTempDirectory("metadata-open-hang-");
                    copy(dir, keep.resolve("store"));
                    throw new AssertionError("The store did not open within 30 s after " + damage + " of a " + target
                            + " file; the damaged directory is kept in " + keep, hang);
                } catch (ExecutionException e) {
                    throw e.getCause();
                }
            } catch (MetadataUnavailableException e) {
                assertThat(e.getMessage()).contains(dir.toString());
                Statistics.collect(target, "refused to open");
                return;
            }
            Statistics.collect(target, "opened");
            try {
                if (target == Target.WAL && !cleanClose) {
                    committed = committedPrefix(reopened, committed);
                }
                checkReads(reopened, committed);
            } finally {
                reopened.close();
            }
        } finally {
            deleteRecursively(root);
        }
    }

    private static MetadataStore open(Path dir) {
        return MetadataStores.open(MetadataConfig.from(Map.of(MetadataConfig.DIR, dir.toString())));
    }

    /**
     * The committed keys of the transactions before the first one the store lost, checking that
     * it lost every later one entirely.
     */
    private static Map<String, String> committedPrefix(MetadataStore store, Map<String, String> committed) throws Exception {
        int firstLost = TRANSACTIONS;
        for (int t = 0; t < TRANSACTIONS && firstLost == TRANSACTIONS; t++) {
            String first = "key-" + t + "-0";
            byte[] value = store.run(tx -> tx.get(bytes(first))).get(30, TimeUnit.SECONDS);
            if (value == null) {
                firstLost = t;
            }
        }
        Map<String, String> prefix = new TreeMap<>();
        for (Map.Entry<String, String> entry : committed.entrySet()) {
            int t = Integer.parseInt(entry.getKey().split("-")[1]);
            if (t < firstLost) {
                prefix.put(entry.getKey(), entry.getValue());
            } else {
                assertThat(store.run(tx -> tx.get(bytes(entry.getKey()))).get(30, TimeUnit.SECONDS))
                        .as("%s belongs to a lost transaction", entry.getKey()).isNull();
            }
        }
        return prefix;
    }

    /** Every committed key reads back exactly, or the read fails; a full scan likewise. */
    private static void checkReads(MetadataStore store, Map<String, String> committed) throws Exception {
        for (Map.Entry<String, String> entry : committed.entrySet()) {
            byte[] value;
            try {
                value = store.run(tx -> tx.get(bytes(entry.getKey()))).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(MetadataException.class);
                continue;
            }
            assertThat(value).as("key %s was committed", entry.getKey()).isNotNull();
            assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo(entry.getValue());
        }
        List<KeyValue> all;
        try {
            all = store.run(tx -> tx.getRange(bytes("key-"), bytes("key."), 0, false))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(MetadataException.class);
            return;
        }
        Map<String, String> scanned = new TreeMap<>();
        for (KeyValue kv : all) {
            scanned.put(new String(kv.key(), StandardCharsets.UTF_8), new String(kv.value(), StandardCharsets.UTF_8));
        }
        assertThat(scanned).isEqualTo(committed);
    }

    private static Path pick(Path dir, Target target, Random random) throws IOException {
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(file -> matches(file.getFileName().toString(), target)).sorted()
                    .forEach(candidates::add);
        }
        candidates.removeIf(file -> {
            try {
                return Files.size(file) == 0;
            } catch (IOException e) {
                return true;
            }
        });
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private static boolean matches(String name, Target target) {
        return switch (target) {
            case SST -> name.endsWith(".sst");
            case MANIFEST -> name.startsWith("MANIFEST-");
            case WAL -> name.endsWith(".log") && !name.startsWith("LOG");
            case CURRENT -> name.equals("CURRENT");
        };
    }

    private static void damage(Path file, Damage damage, Random random) throws IOException {
        long size = Files.size(file);
        switch (damage) {
            case DELETE -> Files.delete(file);
            case CUT -> {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate((long) (random.nextDouble() * size));
                }
            }
            case FLIP -> {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    for (int i = 0, flips = 1 + random.nextInt(3); i < flips; i++) {
                        long position = (long) (random.nextDouble() * size);
                        ByteBuffer one = ByteBuffer.allocate(1);
                        channel.read(one, position);
                        one.put(0, (byte) (one.get(0) ^ (1 + random.nextInt(255)))).rewind();
                        channel.write(one, position);
                    }
                }
            }
            default -> throw new IllegalArgumentException(damage.toString());
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals("LOCK")) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
