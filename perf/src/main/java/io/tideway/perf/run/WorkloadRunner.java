package io.tideway.perf.run;

import io.tideway.perf.metrics.LatencySummary;
import io.tideway.perf.workload.Workload;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Workload} against one bootstrap: creates fresh topics (named
 * {@code <workload>-<run id>-<i>}), starts the consumers ({@code assign}, from offset 0) and then
 * the producers, prints progress, stops sending at the end of the measured window, waits (bounded)
 * for the consumers to read everything acknowledged, and returns the {@link RunResult}.
 *
 * <p>Thread contract: {@link #run} blocks the calling thread for the whole run (warm-up, window,
 * drain); it starts one thread per producer and consumer plus one scheduler thread, and joins
 * them all before returning. One run at a time per instance.
 */
public final class WorkloadRunner {

    private static final Logger log = LoggerFactory.getLogger(WorkloadRunner.class);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
    /** Gap between setup and the first send, so every producer thread is parked at send 0. */
    private static final Duration START_DELAY = Duration.ofMillis(500);

    private final PrintStream out;

    /** @param out where progress lines go (the CLI's standard output) */
    public WorkloadRunner(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs {@code workload} and returns what it measured.
     *
     * @throws RunFailedException when the topics cannot be created, a client thread fails, or
     *     the run is interrupted
     */
    public RunResult run(Workload workload, RunOptions options) {
        Instant startedAt = Instant.now();
        String runId = UUID.randomUUID().toString().substring(0, 8);
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < workload.topics(); i++) {
            topics.add(workload.name() + "-" + runId + "-" + i);
        }
        createTopics(workload, options.bootstrapServers(), topics);
        log.atInfo().setMessage("Topics created").addKeyValue("topics", topics)
                .addKeyValue("partitionsPerTopic", workload.partitionsPerTopic()).log();

        List<ConsumerTask> consumers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long setupStart = System.nanoTime();
        // Consumers resolve their start offsets before the clock starts: setup is not measured.
        for (List<TopicPartition> partitions : assignments(workload, topics)) {
            consumers.add(new ConsumerTask(options.bootstrapServers(), partitions,
                    consumers.size()));
        }
        for (ConsumerTask consumer : consumers) {
            consumer.awaitPositions(SETUP_TIMEOUT);
        }
        RunClock clock = RunClock.starting(System.nanoTime() + START_DELAY.toNanos(),
                workload.warmup(), workload.duration());
        RunMetrics metrics = new RunMetrics(clock, (int) options.drainTimeout().toSeconds() + 2);
        log.atDebug().setMessage("Consumers ready")
                .addKeyValue("setupMillis", (System.nanoTime() - setupStart) / 1_000_000).log();

        for (int c = 0; c < consumers.size(); c++) {
            threads.add(start("perf-consumer-" + c, consumers.get(c).recordingInto(metrics),
                    failure));
        }
        List<Thread> producers = new ArrayList<>();
        int index = 0;
        for (String topic : topics) {
            for (int p = 0; p < workload.producersPerTopic(); p++, index++) {
                producers.add(start("perf-producer-" + index, new ProducerTask(workload,
                        options.bootstrapServers(), topic, index, metrics), failure));
            }
        }
        ProgressPrinter progress = new ProgressPrinter(metrics, out, options.label(),
                options.brokerPid());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perf-progress");
            t.setDaemon(true);
            return t;
        });
        try {
            long now = System.nanoTime();
            scheduler.schedule(progress::sampleWindowStart,
                    clock.measureStartNanos() - now, TimeUnit.NANOSECONDS);
            scheduler.schedule(progress::sampleWindowEnd,
                    clock.measureEndNanos() - now, TimeUnit.NANOSECONDS);
            long interval = options.progressInterval().toNanos();
            scheduler.scheduleAtFixedRate(progress::tick, interval, interval,
                    TimeUnit.NANOSECONDS);
            joinAll(producers);
            awaitDrain(metrics, options.drainTimeout(), failure);
        } finally {
            consumers.forEach(ConsumerTask::stop);
            joinAll(threads);
            shutdown(scheduler);
        }
        if (failure.get() != null) {
            throw new RunFailedException("a client thread failed: " + failure.get(),
                    failure.get());
        }
        return result(workload, options, startedAt, metrics, progress);
    }

    private static RunResult result(Workload workload, RunOptions options, Instant startedAt,
            RunMetrics m, ProgressPrinter progress) {
        double seconds = m.clock.measuredSeconds();
        Histogram pub = m.publishLatency.total();
        Histogram e2e = m.endToEndLatency.total();
        long producedBytes = m.producedBytesInWindow.sum();
        return new RunResult(options.label(), workload, startedAt, seconds,
                ThroughputStats.over(m.producedInWindow.sum(), producedBytes, seconds),
                ThroughputStats.over(m.consumedInWindow.sum(), m.consumedBytesInWindow.sum(),
                        seconds),
                m.sendErrors.sum(), LatencySummary.ofNanos(pub), LatencySummary.ofNanos(e2e),
                pub, e2e, perSecond(m.produced), perSecond(m.consumed),
                Optional.ofNullable(progress.usage(producedBytes)), Optional.empty());
    }

    private static List<Long> perSecond(io.tideway.perf.metrics.ThroughputSeries series) {
        List<Long> values = new ArrayList<>(series.seconds());
        for (int s = 0; s < series.seconds(); s++) {
            values.add(series.recordsAt(s));
        }
        while (!values.isEmpty() && values.get(values.size() - 1) == 0) {
            values.remove(values.size() - 1); // drop the unused drain slack
        }
        return List.copyOf(values);
    }

    static List<List<TopicPartition>> assignments(Workload workload, List<String> topics) {
        List<List<TopicPartition>> result = new ArrayList<>();
        int perTopic = workload.consumersPerTopic();
        for (String topic : topics) {
            for (int c = 0; c < perTopic; c++) {
                List<TopicPartition> mine = new ArrayList<>();
                for (int p = c; p < workload.partitionsPerTopic(); p += perTopic) {
                    mine.add(new TopicPartition(topic, p));
                }
                if (!mine.isEmpty()) {
                    result.add(mine);
                }
            }
        }
        return result;
    }

    private static void createTopics(Workload workload, String bootstrap, List<String> topics) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "perf-admin");
        try (Admin admin = Admin.create(config)) {
            List<NewTopic> newTopics = topics.stream()
                    .map(t -> new NewTopic(t, workload.partitionsPerTopic(), (short) 1)).toList();
            admin.createTopics(newTopics).all()
                    .get(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new RunFailedException(String.format(Locale.ROOT,
                    "cannot create topics %s on %s: %s", topics, bootstrap, e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("interrupted while creating topics", e);
        }
    }

    private static void awaitDrain(RunMetrics metrics, Duration timeout,
            AtomicReference<Throwable> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (metrics.consumedTotal() < metrics.producedTotal() && failure.get() == null
                && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polling a counter
        }
    }

    private static Thread start(String name, Runnable task, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                log.atError().setMessage("Client thread failed").addKeyValue("thread", name)
                        .setCause(e).log();
            }
        }, name);
        t.start();
        return t;
    }

    private static void joinAll(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                threads.forEach(Thread::interrupt);
                throw new RunFailedException("interrupted while waiting for " + t.getName(), e);
            }
        }
    }

    private static void shutdown(ScheduledExecutorService scheduler) {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
