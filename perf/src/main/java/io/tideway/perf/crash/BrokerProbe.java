package io.tideway.perf.crash;

import io.tideway.perf.crash.check.CommittedOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The harness's admin view of the broker: creating the topic, end offsets under both isolation
 * levels, waiting for the last stable offset to reach a target, open transactions, and the
 * group's committed offsets. Every call retries failures (the broker may be restarting) until its
 * deadline, then fails with {@link CheckFailedException}.
 *
 * <p>Thread contract: used by the harness's main thread; the admin client is thread-safe.
 */
final class BrokerProbe implements AutoCloseable {

    private static final Duration CALL_BOUND = Duration.ofSeconds(60);
    private static final long RETRY_PAUSE_NANOS = 100_000_000L;

    private final Admin admin;
    private final String topic;
    private final int partitions;

    BrokerProbe(String bootstrap, String topic, int partitions) {
        this.admin = Admin.create(ClientConfigs.admin(bootstrap));
        this.topic = topic;
        this.partitions = partitions;
    }

    /** A call to the admin client. */
    @FunctionalInterface
    private interface Call<T> {
        T get() throws ExecutionException, InterruptedException, TimeoutException;
    }

    private static <T> T retrying(String what, Call<T> call) {
        long deadline = System.nanoTime() + CALL_BOUND.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (ExecutionException | KafkaException | TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new CheckFailedException(what + " failed for " + CALL_BOUND, e);
                }
                LockSupport.parkNanos(RETRY_PAUSE_NANOS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CheckFailedException(what + " interrupted", e);
            }
        }
    }

    void createTopic(Map<String, String> configs) {
        retrying("create topic " + topic, () -> {
            try {
                return admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                        .configs(configs))).all().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    return null; // a retry after a lost answer
                }
                throw e;
            }
        });
    }

    /** Latest offsets: the high watermark, or under read_committed the last stable offset. */
    Map<Integer, Long> endOffsets(IsolationLevel isolation) {
        return offsets(OffsetSpec.latest(), isolation);
    }

    Map<Integer, Long> startOffsets() {
        return offsets(OffsetSpec.earliest(), IsolationLevel.READ_UNCOMMITTED);
    }

    private Map<Integer, Long> offsets(OffsetSpec spec, IsolationLevel isolation) {
        Map<TopicPartition, OffsetSpec> request = new TreeMap<>(
                Comparator.comparingInt(TopicPartition::partition));
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), spec);
        }
        return retrying("list offsets", () -> {
            Map<Integer, Long> result = new TreeMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(isolation)).all()
                    .get(10, TimeUnit.SECONDS).forEach((tp, info) ->
                            result.put(tp.partition(), info.offset()));
            return result;
        });
    }

    /**
     * Waits up to {@code bound} for every partition's last stable offset to reach its target;
     * returns one description per partition that did not.
     */
    List<String> awaitStable(Map<Integer, Long> targets, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            Map<Integer, Long> stable = endOffsets(IsolationLevel.READ_COMMITTED);
            List<String> behind = new ArrayList<>();
            targets.forEach((p, target) -> {
                if (stable.getOrDefault(p, -1L) < target) {
                    behind.add("partition " + p + ": last stable offset " + stable.get(p)
                            + " below the high watermark " + target + " captured " + bound
                            + " earlier");
                }
            });
            if (behind.isEmpty() || System.nanoTime() - deadline > 0) {
                return behind;
            }
            LockSupport.parkNanos(RETRY_PAUSE_NANOS);
        }
    }

    /**
     * Waits up to {@code bound} until no transactional id is Ongoing, PrepareCommit or
     * PrepareAbort; returns one description per transaction still open.
     */
    List<String> awaitNoOpenTransactions(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            Collection<TransactionListing> listings = retrying("list transactions",
                    () -> admin.listTransactions().all().get(10, TimeUnit.SECONDS));
            List<String> open = listings.stream()
                    .filter(l -> l.state() == TransactionState.ONGOING
                            || l.state() == TransactionState.PREPARE_COMMIT
                            || l.state() == TransactionState.PREPARE_ABORT)
                    .map(l -> "transactional id " + l.transactionalId() + " still "
                            + l.state() + " (producer id " + l.producerId() + ") " + bound
                            + " after the producers stopped")
                    .toList();
            if (open.isEmpty() || System.nanoTime() - deadline > 0) {
                return open;
            }
            LockSupport.parkNanos(RETRY_PAUSE_NANOS);
        }
    }

    /**
     * The group's committed offsets, each with the high watermark read just after and the
     * highest commit the consumer had seen succeed just before.
     */
    List<CommittedOffset> groupOffsets(String groupId, Ledger ledger) {
        int cycle = ledger.cycle();
        Map<Integer, Long> acknowledged = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            acknowledged.put(p, ledger.acknowledgedCommit(p));
        }
        Map<TopicPartition, OffsetAndMetadata> committed = retrying("list group offsets",
                () -> admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS));
        Map<Integer, Long> ends = endOffsets(IsolationLevel.READ_UNCOMMITTED);
        List<CommittedOffset> observed = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            OffsetAndMetadata o = committed.get(new TopicPartition(topic, p));
            observed.add(new CommittedOffset(cycle, "admin", p, o == null ? -1 : o.offset(),
                    ends.get(p), acknowledged.get(p)));
        }
        return observed;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
