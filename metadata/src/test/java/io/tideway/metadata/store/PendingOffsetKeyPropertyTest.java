package io.tideway.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.Range;
import com.apple.foundationdb.tuple.Tuple;
import io.tideway.metadata.KeyLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The keys of pending transactional offsets: both keys of a {@link PendingOffsetKey} decode back to
 * it, fall in exactly the subspaces that the stores range-read (by producer, by group, by
 * partition), and the by-group index sorts by topic, partition, then producer id.
 */
class PendingOffsetKeyPropertyTest {

    private static final KeyLayout LAYOUT = new KeyLayout("prop");

    @Property(tries = 300)
    void bothKeysRoundTrip(@ForAll("keys") PendingOffsetKey key) {
        assertThat(PendingOffsetKey.fromRecordKey(LAYOUT, key.recordKey(LAYOUT))).isEqualTo(key);
        assertThat(PendingOffsetKey.fromIndexKey(LAYOUT, key.indexKey(LAYOUT))).isEqualTo(key);
    }

    @Property(tries = 300)
    void keysFallInTheRangesOfTheirOwnProducerGroupAndPartitionOnly(@ForAll("keys") PendingOffsetKey a,
            @ForAll("keys") PendingOffsetKey b) {
        assertThat(inside(LAYOUT.pendingOffsets(a.producerId()).range(), b.recordKey(LAYOUT)))
                .isEqualTo(a.producerId() == b.producerId());
        assertThat(inside(LAYOUT.pendingOffsetsByGroup(a.group()).range(), b.indexKey(LAYOUT)))
                .isEqualTo(a.group().equals(b.group()));
        Range partition = LAYOUT.pendingOffsetsByGroup(a.group(), a.partition().topic(), a.partition().partition()).range();
        assertThat(inside(partition, b.indexKey(LAYOUT)))
                .isEqualTo(a.group().equals(b.group()) && a.partition().equals(b.partition()));
        Range own = LAYOUT.pendingOffsetsByGroup(b.group(), b.partition().topic(), b.partition().partition()).range();
        assertThat(inside(own, b.indexKey(LAYOUT))).isTrue();
        assertThat(inside(LAYOUT.pendingOffsets(b.producerId()).range(), b.recordKey(LAYOUT))).isTrue();
        assertThat(inside(LAYOUT.allPendingOffsets().range(), a.indexKey(LAYOUT))).isFalse();
        assertThat(inside(LAYOUT.allPendingOffsetsByGroup().range(), a.recordKey(LAYOUT))).isFalse();
        assertThat(inside(LAYOUT.allGroupOffsets().range(), a.recordKey(LAYOUT))).isFalse();
    }

    @Property(tries = 200)
    void theIndexOfAGroupSortsByTopicPartitionThenProducer(@ForAll("groupsKeys") List<PendingOffsetKey> keys) {
        List<PendingOffsetKey> byKey = new ArrayList<>(keys);
        byKey.sort((x, y) -> Arrays.compareUnsigned(x.indexKey(LAYOUT), y.indexKey(LAYOUT)));
        List<PendingOffsetKey> byFields = new ArrayList<>(keys);
        byFields.sort(Comparator.<PendingOffsetKey, byte[]>comparing(k -> Tuple.from(k.partition().topic()).pack(),
                        Arrays::compareUnsigned)
                .thenComparingInt(k -> k.partition().partition())
                .thenComparingLong(PendingOffsetKey::producerId));
        assertThat(byKey).containsExactlyElementsOf(byFields);
    }

    @Provide
    Arbitrary<PendingOffsetKey> keys() {
        return Combinators.combine(producerIds(), names(), names(), partitions())
                .as((producerId, group, topic, partition) ->
                        new PendingOffsetKey(producerId, group, new PartitionName(topic, partition)));
    }

    @Provide
    Arbitrary<List<PendingOffsetKey>> groupsKeys() {
        Arbitrary<PendingOffsetKey> inOneGroup = Combinators.combine(producerIds(), names(), partitions())
                .as((producerId, topic, partition) -> new PendingOffsetKey(producerId, "group",
                        new PartitionName(topic, partition)));
        return inOneGroup.list().ofMaxSize(20).uniqueElements();
    }

    private static Arbitrary<Long> producerIds() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 300), Arbitraries.longs().greaterOrEqual(0));
    }

    private static Arbitrary<Integer> partitions() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 300), Arbitraries.integers().greaterOrEqual(0));
    }

    /** Short strings including NUL (escaped by the tuple layer), ASCII and BMP characters. */
    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars('a', 'b', '.', '\u0000').ofMinLength(1).ofMaxLength(4),
                Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMinLength(1).ofMaxLength(12));
    }

    private static boolean inside(Range range, byte[] key) {
        return Arrays.compareUnsigned(range.begin, key) <= 0 && Arrays.compareUnsigned(key, range.end) < 0;
    }
}
