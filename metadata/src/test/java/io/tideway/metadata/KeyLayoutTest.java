package io.tideway.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.Range;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pins the encoded bytes of representative keys, so that an accidental change of the stored
 * layout fails here, and checks the orderings the stores rely on.
 */
class KeyLayoutTest {

    private static final KeyLayout LAYOUT = new KeyLayout("prod");
    private static final UUID TOPIC = new UUID(0x0102030405060708L, 0x090a0b0c0d0e0f10L);
    /** ("tideway", "prod"): tuple strings are 0x02, UTF-8 bytes, 0x00. */
    private static final String ROOT = "02" + "74696465776179" + "00" + "02" + "70726f64" + "00";

    private static String hex(byte[] key) {
        return HexFormat.of().formatHex(key);
    }

    @Test
    void pinsTheClusterIdKey() {
        assertThat(hex(LAYOUT.clusterId())).isEqualTo(ROOT + "02636c757374657200" + "02696400");
    }

    @Test
    void pinsTheBrokerKey() {
        // small positive integers: 0x15 then one byte
        assertThat(hex(LAYOUT.broker(7))).isEqualTo(ROOT + "0262726f6b65727300" + "1507");
    }

    @Test
    void pinsTheTopicNameKey() {
        assertThat(hex(LAYOUT.topicName("orders"))).isEqualTo(ROOT + "02746f7069637300" + "026e616d6500" + "026f726465727300");
    }

    @Test
    void pinsTheSegmentKey() {
        // UUIDs: 0x30 then 16 bytes; 1000 = 0x16 then two bytes
        assertThat(hex(LAYOUT.segment(TOPIC, 3, 1000))).isEqualTo(ROOT + "027365676d656e747300" + "30"
                + "0102030405060708090a0b0c0d0e0f10" + "1503" + "1603e8");
    }

    @Test
    void pinsTheGroupOffsetKey() {
        assertThat(hex(LAYOUT.groupOffset("g", "t", 0))).isEqualTo(ROOT + "026f66667365747300" + "026700" + "027400" + "14");
    }

    @Test
    void pinsThePendingTransactionalOffsetKeys() {
        String txnOffsets = "0274786e5f6f66667365747300";
        assertThat(hex(LAYOUT.pendingOffset(7, "g", "t", 0))).isEqualTo(ROOT + txnOffsets + "0270656e64696e6700" + "1507"
                + "026700" + "027400" + "14");
        assertThat(hex(LAYOUT.pendingOffsetByGroup("g", "t", 0, 7))).isEqualTo(ROOT + txnOffsets + "0262795f67726f757000"
                + "026700" + "027400" + "14" + "1507");
        assertThat(hex(LAYOUT.offsetProducer(7))).isEqualTo(ROOT + txnOffsets + "0270726f64756365727300" + "1507");
    }

    @Test
    void pendingOffsetSubspacesHoldTheirKeysAndNothingElse() {
        assertThat(inside(LAYOUT.pendingOffsets(7).range(), LAYOUT.pendingOffset(7, "g", "t", 3))).isTrue();
        assertThat(inside(LAYOUT.pendingOffsets(7).range(), LAYOUT.pendingOffset(70, "g", "t", 3))).isFalse();
        assertThat(inside(LAYOUT.pendingOffsetsByGroup("g").range(), LAYOUT.pendingOffsetByGroup("g", "t", 3, 7))).isTrue();
        assertThat(inside(LAYOUT.pendingOffsetsByGroup("g").range(), LAYOUT.pendingOffsetByGroup("g.", "t", 3, 7))).isFalse();
        assertThat(inside(LAYOUT.pendingOffsetsByGroup("g", "t", 3).range(), LAYOUT.pendingOffsetByGroup("g", "t", 3, 9)))
                .isTrue();
        assertThat(inside(LAYOUT.pendingOffsetsByGroup("g", "t", 3).range(), LAYOUT.pendingOffsetByGroup("g", "t", 30, 9)))
                .isFalse();
        assertThat(inside(LAYOUT.allPendingOffsets().range(), LAYOUT.pendingOffsetByGroup("g", "t", 3, 7))).isFalse();
        assertThat(inside(LAYOUT.allGroupOffsets().range(), LAYOUT.pendingOffsetByGroup("g", "t", 3, 7))).isFalse();
        assertThat(inside(LAYOUT.offsetProducers().range(), LAYOUT.offsetProducer(Long.MAX_VALUE))).isTrue();
    }

    @Test
    void pinsTheBrokerConfigKey() {
        assertThat(hex(LAYOUT.brokerConfig("log.retention.ms"))).isEqualTo(ROOT + "0262726f6b65725f636f6e66696700"
                + "026c6f672e726574656e74696f6e2e6d7300");
        assertThat(LAYOUT.root().contains(LAYOUT.brokerConfig("x"))).isTrue();
        assertThat(LAYOUT.brokerConfigs().contains(LAYOUT.brokerConfig("x"))).isTrue();
    }

    @Test
    void transactionKeysArePinned() {
        assertThat(hex(LAYOUT.transaction("tx-1"))).isEqualTo(ROOT + "027472616e73616374696f6e7300" + "0274782d3100");
        assertThat(LAYOUT.transactions().contains(LAYOUT.transaction("tx-1"))).isTrue();
        assertThat(LAYOUT.transactions().contains(LAYOUT.brokerConfig("tx-1"))).isFalse();
    }

    @Test
    void everyKeyLivesUnderTheClusterRoot() {
        List<byte[]> keys = List.of(LAYOUT.clusterId(), LAYOUT.brokerEpochCounter(), LAYOUT.broker(1), LAYOUT.topicName("t"),
                LAYOUT.topicMeta(TOPIC), LAYOUT.topicConfig(TOPIC, "retention.ms"), LAYOUT.segment(TOPIC, 0, 0),
                LAYOUT.groupOffset("g", "t", 1), LAYOUT.nextProducerId(), LAYOUT.transaction("tx"),
                LAYOUT.pendingOffset(1, "g", "t", 1), LAYOUT.pendingOffsetByGroup("g", "t", 1, 1), LAYOUT.offsetProducer(1));
        assertThat(keys).allSatisfy(key -> assertThat(LAYOUT.root().contains(key)).isTrue());
        assertThat(new KeyLayout("other").root().contains(LAYOUT.clusterId())).isFalse();
    }

    @Test
    void segmentKeysSortByBaseOffset() {
        List<Long> offsets = List.of(0L, 1L, 255L, 256L, 1000L, 65_536L, 1L << 40, Long.MAX_VALUE);
        assertSortsLikeNumbers(offsets, offset -> LAYOUT.segment(TOPIC, 0, offset));
    }

    @Test
    void partitionsSortNumericallyAndTheirRangesDoNotOverlap() {
        assertSortsLikeNumbers(List.of(0L, 1L, 2L, 9L, 10L, 100L, 255L, 256L, 1000L),
                partition -> LAYOUT.segment(TOPIC, partition.intValue(), 0));
        Range partitionOne = LAYOUT.segments(TOPIC, 1).range();
        assertThat(inside(partitionOne, LAYOUT.segment(TOPIC, 1, Long.MAX_VALUE))).isTrue();
        assertThat(inside(partitionOne, LAYOUT.segment(TOPIC, 10, 0))).isFalse();
        assertThat(inside(LAYOUT.segments(TOPIC).range(), LAYOUT.segment(TOPIC, 10, 0))).isTrue();
    }

    @Test
    void topicConfigsLiveInsideTheTopicButNotInsideItsNeighbours() {
        UUID neighbour = new UUID(TOPIC.getMostSignificantBits(), TOPIC.getLeastSignificantBits() + 1);
        assertThat(inside(LAYOUT.topic(TOPIC).range(), LAYOUT.topicConfig(TOPIC, "a"))).isTrue();
        assertThat(inside(LAYOUT.topic(TOPIC).range(), LAYOUT.topicConfig(neighbour, "a"))).isFalse();
    }

    @Test
    void blankNamespaceIsRejected() {
        assertThatThrownBy(() -> new KeyLayout(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean inside(Range range, byte[] key) {
        return Arrays.compareUnsigned(range.begin, key) <= 0 && Arrays.compareUnsigned(key, range.end) < 0;
    }

    private static void assertSortsLikeNumbers(List<Long> ascending, java.util.function.Function<Long, byte[]> keyOf) {
        List<Long> shuffled = new ArrayList<>(ascending);
        java.util.Collections.shuffle(shuffled, new java.util.Random(42));
        shuffled.sort((a, b) -> Arrays.compareUnsigned(keyOf.apply(a), keyOf.apply(b)));
        assertThat(shuffled).containsExactlyElementsOf(ascending);
    }
}
