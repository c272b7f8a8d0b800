package io.tideway.perf.run;

import io.tideway.perf.metrics.LatencyRecorder;
import io.tideway.perf.metrics.ThroughputSeries;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters one run's producers and consumers write: latency recorders, per-second series
 * and the measured-window totals. Latency counts a send when its <em>intended</em> time is in
 * the measured window; throughput counts an acknowledgement or a read when it <em>happens</em>
 * in the window.
 *
 * <p>Thread-safe: every method is lock-free and called from producer callbacks (the clients'
 * I/O threads) and consumer threads at once.
 */
public final class RunMetrics {

    final RunClock clock;
    final LatencyRecorder publishLatency = new LatencyRecorder();
    final LatencyRecorder endToEndLatency = new LatencyRecorder();
    final ThroughputSeries produced;
    final ThroughputSeries consumed;
    final LongAdder producedInWindow = new LongAdder();
    final LongAdder producedBytesInWindow = new LongAdder();
    final LongAdder consumedInWindow = new LongAdder();
    final LongAdder consumedBytesInWindow = new LongAdder();
    final LongAdder producedTotal = new LongAdder();
    final LongAdder consumedTotal = new LongAdder();
    final LongAdder sendErrors = new LongAdder();

    /**
     * @param clock the run's phases
     * @param slackSeconds seconds of series kept after the window (drain time)
     */
    public RunMetrics(RunClock clock, int slackSeconds) {
        this.clock = clock;
        int seconds = (int) Math.ceil((clock.measureEndNanos() - clock.startNanos()) / 1e9)
                + slackSeconds;
        this.produced = new ThroughputSeries(clock.startNanos(), seconds);
        this.consumed = new ThroughputSeries(clock.startNanos(), seconds);
    }

    /** A send intended at {@code intendedNanos} was acknowledged at {@code ackNanos}. */
    public void onAcked(long intendedNanos, long ackNanos, int bytes) {
        producedTotal.increment();
        produced.record(ackNanos, 1, bytes);
        if (intendedNanos - clock.measureStartNanos() >= 0) {
            publishLatency.recordFromIntended(intendedNanos, ackNanos);
        }
        if (clock.inWindow(ackNanos)) {
            producedInWindow.increment();
            producedBytesInWindow.add(bytes);
        }
    }

    /** A send failed. */
    public void onSendError() {
        sendErrors.increment();
    }

    /** A record whose send was intended at {@code intendedNanos} was read at {@code nowNanos}. */
    public void onConsumed(long intendedNanos, long nowNanos, int bytes) {
        consumedTotal.increment();
        consumed.record(nowNanos, 1, bytes);
        if (intendedNanos - clock.measureStartNanos() >= 0) {
            endToEndLatency.recordFromIntended(intendedNanos, nowNanos);
        }
        if (clock.inWindow(nowNanos)) {
            consumedInWindow.increment();
            consumedBytesInWindow.add(bytes);
        }
    }

    /** Acknowledged sends so far. */
    public long producedTotal() {
        return producedTotal.sum();
    }

    /** Records read so far. */
    public long consumedTotal() {
        return consumedTotal.sum();
    }
}
