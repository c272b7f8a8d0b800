package io.tideway.perf.crash;

import io.tideway.perf.crash.check.CommittedOffset;
import io.tideway.perf.crash.check.Poll;
import io.tideway.perf.crash.check.ReadRecord;
import io.tideway.perf.crash.check.RecordTag;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read_committed member of a consumer group that polls the test topic and commits its
 * positions synchronously after every poll that returned records. The ledger gets every record
 * it polled (with the assignment generation), every commit that succeeded, and, after each
 * assignment, the position it resumed from: a committed offset observation.
 *
 * <p>Thread contract: {@link #run()} runs on one dedicated thread, which owns the consumer; the
 * rebalance listener runs inside {@code poll} on that thread.
 */
final class GroupConsumerWorker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(GroupConsumerWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final WorkerContext context;
    private final String groupId;
    private int generation;

    GroupConsumerWorker(WorkerContext context, String groupId) {
        this.context = context;
        this.groupId = groupId;
    }

    @Override
    public void run() {
        while (context.active()) {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                    ClientConfigs.groupConsumer(context.bootstrap(), groupId))) {
                consumer.subscribe(List.of(context.topic()), new Listener(consumer));
                while (context.active()) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                    for (ConsumerRecord<String, byte[]> r : records) {
                        Optional<RecordTag> tag = RecordTag.parse(r.key());
                        tag.ifPresent(t -> context.ledger().polled(new Poll(generation,
                                new ReadRecord(r.partition(), r.offset(), t))));
                    }
                    if (!records.isEmpty()) {
                        commit(consumer);
                    }
                }
            } catch (KafkaException | IllegalStateException e) {
                log.atDebug().setMessage("Group consumer failed; replacing it")
                        .addKeyValue("error", e.toString()).log();
                LockSupport.parkNanos(200_000_000L);
            }
        }
    }

    private void commit(KafkaConsumer<String, byte[]> consumer) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<Integer, Long> committed = new HashMap<>();
        try {
            for (TopicPartition tp : consumer.assignment()) {
                long position = consumer.position(tp, CALL_TIMEOUT);
                offsets.put(tp, new OffsetAndMetadata(position));
                committed.put(tp.partition(), position);
            }
            consumer.commitSync(offsets, CALL_TIMEOUT);
            context.ledger().commitAcknowledged(committed);
        } catch (KafkaException e) {
            // In doubt (timeout, rebalance, broker gone): it may or may not have been stored.
            log.atDebug().setMessage("Offset commit failed").addKeyValue("error", e.toString())
                    .log();
        }
    }

    /**
     * Records where each new assignment resumes: the committed offsets the consumer fetches (its
     * positions start there, or at the log start when none).
     */
    private final class Listener implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> consumer;

        Listener(KafkaConsumer<String, byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Nothing to do: commits are synchronous after each poll.
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            generation++;
            Map<Integer, Long> acknowledged = new HashMap<>();
            partitions.forEach(tp -> acknowledged.put(tp.partition(),
                    context.ledger().acknowledgedCommit(tp.partition())));
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(
                        Set.copyOf(partitions), CALL_TIMEOUT);
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata o = committed.get(tp);
                    context.ledger().observed(new CommittedOffset(context.ledger().cycle(),
                            "resume", tp.partition(), o == null ? -1 : o.offset(), -1,
                            acknowledged.get(tp.partition())));
                }
            } catch (KafkaException e) {
                log.atDebug().setMessage("No committed offsets after assignment")
                        .addKeyValue("error", e.toString()).log();
            }
        }
    }
}
