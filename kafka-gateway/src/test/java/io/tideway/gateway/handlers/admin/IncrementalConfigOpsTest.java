package io.tideway.gateway.handlers.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

class IncrementalConfigOpsTest {

    private static final String LIST_KEY = "cleanup.policy";
    private static final String LONG_KEY = "retention.ms";

    private static Function<String, IncrementalConfigOps.KeyInfo> keys(String inherited) {
        Map<String, IncrementalConfigOps.KeyInfo> info = Map.of(
                LIST_KEY, new IncrementalConfigOps.KeyInfo(ConfigDef.Type.LIST, inherited),
                LONG_KEY, new IncrementalConfigOps.KeyInfo(ConfigDef.Type.LONG, "1000"));
        return info::get;
    }

    private static Map<String, String> apply(Map<String, String> overrides, String inherited,
            IncrementalConfigOps.Op... ops) {
        return IncrementalConfigOps.apply(overrides, List.of(ops), keys(inherited));
    }

    @Provide
    Arbitrary<String> word() {
        return Arbitraries.strings().withCharRange('a', 'f').ofMinLength(1).ofMaxLength(3);
    }

    @Provide
    Arbitrary<List<String>> words() {
        return word().list().ofMaxSize(5).uniqueElements();
    }

    @Property(tries = 200)
    void setAndDeleteTouchOnlyTheirKey(@ForAll("words") List<String> keys,
            @ForAll("word") String key, @ForAll("word") String value) {
        Map<String, String> overrides = new HashMap<>();
        keys.forEach(k -> overrides.put(k, k + "-value"));
        Map<String, String> before = Map.copyOf(overrides);

        Map<String, String> set = IncrementalConfigOps.apply(overrides,
                List.of(new IncrementalConfigOps.Op(key, OpType.SET, value)), k -> null);
        Map<String, String> deleted = IncrementalConfigOps.apply(overrides,
                List.of(new IncrementalConfigOps.Op(key, OpType.DELETE, null)), k -> null);

        assertThat(set).containsEntry(key, value);
        assertThat(deleted).doesNotContainKey(key);
        Map<String, String> othersSet = new HashMap<>(set);
        othersSet.remove(key);
        Map<String, String> othersBefore = new HashMap<>(before);
        othersBefore.remove(key);
        assertThat(othersSet).isEqualTo(othersBefore);
        assertThat(overrides).isEqualTo(before);
    }

    @Provide
    Arbitrary<List<String>> someWords() {
        return word().list().ofMinSize(1).ofMaxSize(5).uniqueElements();
    }

    @Property(tries = 200)
    void appendKeepsOrderAddsOnlyMissingValuesAndIsIdempotent(
            @ForAll("words") List<String> base, @ForAll("someWords") List<String> added) {
        Map<String, String> overrides = Map.of(LIST_KEY, String.join(",", base));
        IncrementalConfigOps.Op append =
                new IncrementalConfigOps.Op(LIST_KEY, OpType.APPEND, String.join(",", added));

        String once = apply(overrides, null, append).get(LIST_KEY);
        String twice = apply(overrides, null, append, append).get(LIST_KEY);

        LinkedHashSet<String> expected = new LinkedHashSet<>(base);
        expected.addAll(added);
        assertThat(once).isEqualTo(String.join(",", expected));
        assertThat(twice).isEqualTo(once);
    }

    @Property(tries = 200)
    void subtractUndoesAnAppendOfNewValues(@ForAll("words") List<String> base,
            @ForAll @Size(min = 1, max = 3) @UniqueElements
                    List<@CharRange(from = 'x', to = 'z') Character> newLetters) {
        List<String> added = new ArrayList<>();
        newLetters.forEach(c -> added.add(String.valueOf(c)));
        String operand = String.join(",", added);
        Map<String, String> overrides = Map.of(LIST_KEY, String.join(",", base));

        Map<String, String> result = apply(overrides, null,
                new IncrementalConfigOps.Op(LIST_KEY, OpType.APPEND, operand),
                new IncrementalConfigOps.Op(LIST_KEY, OpType.SUBTRACT, operand));

        assertThat(result.get(LIST_KEY)).isEqualTo(String.join(",", base));
    }

    @Test
    void appendWithoutOverrideStartsFromTheInheritedValue() {
        assertThat(apply(Map.of(), "delete", new IncrementalConfigOps.Op(LIST_KEY, OpType.APPEND,
                "compact"))).containsEntry(LIST_KEY, "delete,compact");
        assertThat(apply(Map.of(), null, new IncrementalConfigOps.Op(LIST_KEY, OpType.APPEND,
                "compact"))).containsEntry(LIST_KEY, "compact");
    }

    @Test
    void subtractRemovesOneOccurrenceAndMayLeaveAnEmptyList() {
        assertThat(apply(Map.of(LIST_KEY, "a,b,a"), null,
                new IncrementalConfigOps.Op(LIST_KEY, OpType.SUBTRACT, "a")))
                .containsEntry(LIST_KEY, "b,a");
        assertThat(apply(Map.of(), "delete",
                new IncrementalConfigOps.Op(LIST_KEY, OpType.SUBTRACT, "delete")))
                .containsEntry(LIST_KEY, "");
    }

    @Test
    void listOperationsOnOtherTypesOrUnknownKeysAreInvalidConfig() {
        assertThatThrownBy(() -> apply(Map.of(), null,
                new IncrementalConfigOps.Op(LONG_KEY, OpType.APPEND, "1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Can't APPEND to key retention.ms because its type is not LIST.");
        assertThatThrownBy(() -> apply(Map.of(), null,
                new IncrementalConfigOps.Op("unknown", OpType.SUBTRACT, "1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Can't SUBTRACT to key unknown because its type is not LIST.");
    }

    @Test
    void needsKeyInfoOnlyForListOperations() {
        assertThat(IncrementalConfigOps.needsKeyInfo(List.of(
                new IncrementalConfigOps.Op("a", OpType.SET, "1"),
                new IncrementalConfigOps.Op("b", OpType.DELETE, null)))).isFalse();
        assertThat(IncrementalConfigOps.needsKeyInfo(List.of(
                new IncrementalConfigOps.Op("a", OpType.SUBTRACT, "1")))).isTrue();
    }
}
