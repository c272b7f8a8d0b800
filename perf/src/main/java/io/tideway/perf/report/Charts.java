package io.tideway.perf.report;

import io.tideway.perf.run.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * PNG charts with XChart: latency percentiles per run (publish and end-to-end, milliseconds) and acknowledged records per second over time per run.
 *
 * <p>Stateless; thread-safe (XChart renders off-screen; call with {@code java.awt.headless}).
 */
final class Charts {

    static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99, 100};

    private Charts() {
    }

    /**
     * Writes {@code <file>}: the classic HdrHistogram percentile plot, one line per run, latency
     * (log scale) against the number of nines ({@code -log10(1 - p)}: p90 at 1, p99 at 2, ...).
     */
    static void latency(Path file, String title, List<RunResult> runs,
            Function<RunResult, Histogram> histogram) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title)
                .xAxisTitle("nines: 0.3 = p50, 1 = p90, 2 = p99, 3 = p99.9, 4 = p99.99, 5 = max")
                .yAxisTitle("latency (ms, log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(5);
        // No custom tick labels: XChart loops forever when a formatter maps ticks to equal text.
        int added = 0;
        for (int i = 0; i < runs.size(); i++) {
            Histogram h = histogram.apply(runs.get(i));
            if (h.getTotalCount() == 0) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (double p : PERCENTILES) {
                x.add(nines(p));
                // The log axis cannot show 0: clamp to one microsecond.
                y.add(Math.max(0.001, h.getValueAtPercentile(p) / 1e6));
            }
            chart.addSeries(seriesName(runs, i), x, y);
            added++;
        }
        if (added == 0) {
            chart.addSeries("no data", List.of(0.0), List.of(0.001));
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** {@code -log10(1 - p/100)}, with 100 (the max) drawn one step right of p99.99. */
    static double nines(double percentile) {
        return percentile >= 100 ? 5 : -Math.log10(1 - percentile / 100);
    }

    /** Writes {@code <file>}: acknowledged records per second against seconds since start. */
    static void throughput(Path file, List<RunResult> runs) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500)
                .title("Produce throughput over time (warm-up included)")
                .xAxisTitle("seconds since start").yAxisTitle("acknowledged records/s").build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        int added = 0;
        for (int i = 0; i < runs.size(); i++) {
            List<Long> perSecond = runs.get(i).producedPerSecond();
            if (perSecond.isEmpty()) {
                continue;
            }
            List<Integer> x = new ArrayList<>();
            for (int s = 0; s < perSecond.size(); s++) {
                x.add(s);
            }
            chart.addSeries(seriesName(runs, i), x, perSecond);
            added++;
        }
        if (added == 0) {
            chart.addSeries("no data", List.of(0), List.of(0));
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String seriesName(List<RunResult> runs, int index) {
        RunResult r = runs.get(index);
        String rate = r.workload().unlimitedRate() ? "max" : Math.round(r.workload()
                .producerRate()) + "/s";
        return r.label() + " #" + (index + 1) + " (" + r.workload().partitionsPerTopic()
                + "p, " + rate + ")";
    }
}
