package io.tideway.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ResponseSequencerTest {

    private final List<String> sent = new ArrayList<>();
    private final List<String> discarded = new ArrayList<>();
    private final ResponseSequencer<Integer, String> sequencer = new ResponseSequencer<>(
            (key, value) -> sent.add(key + "=" + value), (key, value) -> discarded.add(value));

    @Property(tries = 300)
    void completionsInAnyOrderAreReleasedInRequestOrder(
            @ForAll @IntRange(min = 1, max = 40) int requests, @ForAll long seed) {
        List<String> out = new ArrayList<>();
        ResponseSequencer<Integer, String> seq = new ResponseSequencer<>(
                (key, value) -> out.add(value), (key, value) -> { });
        List<ResponseSequencer.Slot<Integer, String>> slots = IntStream.range(0, requests)
                .mapToObj(seq::enqueue).collect(Collectors.toList());
        List<ResponseSequencer.Slot<Integer, String>> order = new ArrayList<>(slots);
        Collections.shuffle(order, new Random(seed));

        for (ResponseSequencer.Slot<Integer, String> slot : order) {
            seq.complete(slot, "r" + slot.key());
            assertThat(seq.inFlight()).isEqualTo(requests - out.size());
        }
        assertThat(out).containsExactlyElementsOf(
                IntStream.range(0, requests).mapToObj(i -> "r" + i).collect(Collectors.toList()));
    }

    @Test
    void laterCompletionWaitsForTheHead() {
        ResponseSequencer.Slot<Integer, String> first = sequencer.enqueue(1);
        ResponseSequencer.Slot<Integer, String> second = sequencer.enqueue(2);
        sequencer.complete(second, "b");
        assertThat(sent).isEmpty();
        sequencer.complete(first, "a");
        assertThat(sent).containsExactly("1=a", "2=b");
        assertThat(sequencer.inFlight()).isZero();
    }

    @Test
    void closeDiscardsCompletedAndLaterValues() {
        ResponseSequencer.Slot<Integer, String> first = sequencer.enqueue(1);
        ResponseSequencer.Slot<Integer, String> second = sequencer.enqueue(2);
        sequencer.complete(second, "b");
        sequencer.close();
        sequencer.complete(first, "a");
        assertThat(sent).isEmpty();
        assertThat(discarded).containsExactly("b", "a");
        assertThat(sequencer.inFlight()).isZero();
    }

    @Test
    void sinkMayCompleteAnotherSlotReentrantly() {
        List<String> out = new ArrayList<>();
        List<ResponseSequencer.Slot<Integer, String>> slots = new ArrayList<>();
        AtomicReference<ResponseSequencer<Integer, String>> holder = new AtomicReference<>();
        holder.set(new ResponseSequencer<>((key, value) -> {
            out.add(value);
            if (key == 0) {
                holder.get().complete(slots.get(1), "second");
            }
        }, (key, value) -> { }));
        slots.add(holder.get().enqueue(0));
        slots.add(holder.get().enqueue(1));
        holder.get().complete(slots.get(0), "first");
        assertThat(out).containsExactly("first", "second");
    }

    @Test
    void completingTwiceIsABug() {
        ResponseSequencer.Slot<Integer, String> slot = sequencer.enqueue(1);
        sequencer.complete(slot, "a");
        assertThatThrownBy(() -> sequencer.complete(slot, "b"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void enqueueAfterCloseIsABug() {
        sequencer.close();
        assertThatThrownBy(() -> sequencer.enqueue(1)).isInstanceOf(IllegalStateException.class);
    }
}
