package io.tideway.perf.report;

import io.tideway.perf.metrics.LatencySummary;
import io.tideway.perf.run.RunResult;
import io.tideway.perf.run.ThroughputStats;
import io.tideway.perf.workload.Workload;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable report: environment, every run (workload, throughput, latency in
 * microseconds, broker usage, per-second series) and the comparison's ratios. NaN becomes
 * {@code null}.
 *
 * <p>Stateless; thread-safe.
 */
final class JsonReport {

    private JsonReport() {
    }

    static String render(Map<String, String> environment, List<RunResult> runs,
            List<Comparison> comparisons) {
        JsonObject root = new JsonObject();
        root.put("environment", new JsonObject(new java.util.LinkedHashMap<>(environment)));
        JsonArray runArray = new JsonArray();
        runs.forEach(r -> runArray.add(run(r)));
        root.put("runs", runArray);
        JsonArray compareArray = new JsonArray();
        for (Comparison c : comparisons) {
            JsonArray ratios = new JsonArray();
            for (MetricRatio m : c.ratios()) {
                JsonObject o = new JsonObject().put("metric", m.name())
                        .put("tideway", num(m.tidewayMedian())).put("kafka", num(m.kafkaMedian()))
                        .put("ratio", num(m.ratio()));
                m.target().ifPresent(t -> o.put("target", t.toString())
                        .put("met", m.targetMet()));
                ratios.add(o);
            }
            compareArray.add(new JsonObject().put("workload", c.workloadName())
                    .put("ratios", ratios));
        }
        root.put("comparisons", compareArray);
        return root.encodePrettily();
    }

    private static JsonObject run(RunResult r) {
        JsonObject o = new JsonObject()
                .put("label", r.label())
                .put("startedAt", r.startedAt().toString())
                .put("workload", workload(r.workload()))
                .put("measuredSeconds", r.measuredSeconds())
                .put("produced", throughput(r.produced()))
                .put("consumed", throughput(r.consumed()))
                .put("sendErrors", r.sendErrors())
                .put("publishLatencyMicros", latency(r.publishLatency()))
                .put("endToEndLatencyMicros", latency(r.endToEndLatency()))
                .put("producedPerSecond", new JsonArray(List.copyOf(r.producedPerSecond())))
                .put("consumedPerSecond", new JsonArray(List.copyOf(r.consumedPerSecond())));
        r.brokerUsage().ifPresent(u -> o.put("broker", new JsonObject()
                .put("cpuSeconds", num(u.cpuSeconds()))
                .put("cpuSecondsPerGb", num(u.cpuSecondsPerGb()))
                .put("peakRssBytes", u.peakRssBytes())
                .put("endRssBytes", u.endRssBytes())));
        r.startToReadyMillis().ifPresent(ms -> o.put("startToReadyMillis", num(ms)));
        return o;
    }

    private static JsonObject workload(Workload w) {
        return new JsonObject().put("name", w.name()).put("topics", w.topics())
                .put("partitionsPerTopic", w.partitionsPerTopic())
                .put("messageSize", w.messageSize())
                .put("producerRate", w.unlimitedRate() ? "unlimited" : w.producerRate())
                .put("producersPerTopic", w.producersPerTopic())
                .put("consumersPerTopic", w.consumersPerTopic())
                .put("durationSeconds", w.duration().toMillis() / 1000.0)
                .put("warmupSeconds", w.warmup().toMillis() / 1000.0)
                .put("acks", w.acks()).put("compression", w.compression())
                .put("keyDistribution", w.keyDistribution().configName())
                .put("lingerMs", w.lingerMs()).put("batchSize", w.batchSize());
    }

    private static JsonObject throughput(ThroughputStats t) {
        return new JsonObject().put("records", t.records()).put("bytes", t.bytes())
                .put("recordsPerSecond", num(t.recordsPerSecond()))
                .put("megabytesPerSecond", num(t.megabytesPerSecond()));
    }

    private static JsonObject latency(LatencySummary l) {
        return new JsonObject().put("count", l.count()).put("mean", num(l.meanMicros()))
                .put("p50", l.p50Micros()).put("p99", l.p99Micros())
                .put("p99.9", l.p999Micros()).put("max", l.maxMicros());
    }

    private static Double num(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
