package io.tideway.perf.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SendScheduleTest {

    @Property(tries = 200)
    void intendedTimesAreEvenlySpacedAndDueCountInvertsThem(
            @ForAll @DoubleRange(min = 0.5, max = 2_000_000) double rate,
            @ForAll @LongRange(min = 0, max = 10_000_000) long index) {
        // The documented exactness holds for runs up to a day.
        Assume.that(index / rate <= 86_400);
        SendSchedule s = new SendSchedule(1_000, rate);
        long t = s.intendedNanos(index);
        assertThat(s.intendedNanos(index + 1)).isGreaterThanOrEqualTo(t);
        assertThat((double) (t - 1_000)).isCloseTo(index * 1e9 / rate,
                org.assertj.core.data.Offset.offset(1.0));
        // At its own due time, send `index` is due (and so are all before it), the next is not
        // unless it rounds to the same nanosecond.
        long due = s.dueCount(t);
        assertThat(due).isGreaterThanOrEqualTo(index + 1);
        assertThat(s.intendedNanos(due)).isGreaterThan(t);
        assertThat(s.dueCount(t - 1)).isLessThanOrEqualTo(index);
    }

    @Test
    void thousandPerSecondIsOneMillisecondApart() {
        SendSchedule s = new SendSchedule(0, 1000);
        assertThat(s.intendedNanos(0)).isZero();
        assertThat(s.intendedNanos(1)).isEqualTo(1_000_000);
        assertThat(s.intendedNanos(3_600_000)).isEqualTo(3_600_000_000_000L);
        assertThat(s.dueCount(-1)).isZero();
        assertThat(s.dueCount(2_500_000)).isEqualTo(3);
        assertThatThrownBy(() -> new SendSchedule(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stalledPacerHandsOutPastIntendedTimesWithoutWaiting() {
        ManualClock clock = new ManualClock();
        Pacer pacer = Pacer.fixedRate(clock, 0, 1000);
        assertThat(pacer.awaitNext()).isZero();
        // The producer stalls for 10 ms: the next 10 sends keep their scheduled times.
        clock.now = 10_000_000;
        List<Long> intended = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            intended.add(pacer.awaitNext());
        }
        assertThat(intended).containsExactly(1_000_000L, 2_000_000L, 3_000_000L, 4_000_000L,
                5_000_000L, 6_000_000L, 7_000_000L, 8_000_000L, 9_000_000L, 10_000_000L);
        assertThat(clock.sleeps).isZero();
        // Caught up: the next one is waited for.
        assertThat(pacer.awaitNext()).isEqualTo(11_000_000L);
        assertThat(clock.sleeps).isEqualTo(1);
        assertThat(pacer.sent()).isEqualTo(12);
    }

    @Test
    void unlimitedPacerUsesTheCurrentTime() {
        ManualClock clock = new ManualClock();
        clock.now = 42;
        assertThat(Pacer.unlimited(clock).awaitNext()).isEqualTo(42);
    }

    private static final class ManualClock implements NanoClock {
        long now;
        int sleeps;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepUntil(long deadlineNanos) {
            sleeps++;
            now = Math.max(now, deadlineNanos);
        }
    }
}
