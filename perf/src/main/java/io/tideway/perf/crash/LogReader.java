package io.tideway.perf.crash;

import io.tideway.perf.crash.check.ReadRecord;
import io.tideway.perf.crash.check.ReadView;
import io.tideway.perf.crash.check.RecordTag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every partition of the test topic from its beginning up to given end offsets with a
 * fresh consumer (assign, no group) of one isolation level, keeping the records in poll order.
 * Records at or past a partition's end are dropped, so both views cover the same offsets.
 *
 * <p>Stateless; thread-safe. {@link #read} blocks until every position reaches its end, or fails
 * when positions stop moving for {@link #STALL_TIMEOUT}.
 */
final class LogReader {

    static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private LogReader() {
    }

    /**
     * @param readCommitted the isolation level
     * @param ends end offset (exclusive) per partition
     * @throws CheckFailedException when the consumer stops making progress before the ends
     */
    static ReadView read(String bootstrap, String topic, boolean readCommitted,
            Map<Integer, Long> ends) {
        String isolation = readCommitted ? "read_committed" : "read_uncommitted";
        List<ReadRecord> records = new ArrayList<>();
        List<TopicPartition> partitions = ends.keySet().stream().sorted()
                .map(p -> new TopicPartition(topic, p)).toList();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                ClientConfigs.reader(bootstrap, "crash-check-" + isolation, isolation))) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long lastProgress = System.nanoTime();
            long positions = -1;
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    Optional<RecordTag> tag = RecordTag.parse(r.key());
                    if (tag.isPresent() && r.offset() < ends.get(r.partition())) {
                        records.add(new ReadRecord(r.partition(), r.offset(), tag.get()));
                    }
                }
                long sum = 0;
                boolean done = true;
                for (TopicPartition tp : partitions) {
                    long position = consumer.position(tp);
                    sum += position;
                    done &= position >= ends.get(tp.partition());
                }
                if (done) {
                    return new ReadView(isolation, readCommitted, records);
                }
                if (sum != positions) {
                    positions = sum;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                    throw new CheckFailedException(isolation + " reader stuck for "
                            + STALL_TIMEOUT + ": " + stuck(consumer, partitions, ends));
                }
            }
        }
    }

    private static String stuck(KafkaConsumer<String, byte[]> consumer,
            List<TopicPartition> partitions, Map<Integer, Long> ends) {
        StringBuilder b = new StringBuilder();
        for (TopicPartition tp : partitions) {
            long position = consumer.position(tp);
            if (position < ends.get(tp.partition())) {
                b.append(tp).append(" at ").append(position).append(" < end ")
                        .append(ends.get(tp.partition())).append("; ");
            }
        }
        return b.toString();
    }
}
