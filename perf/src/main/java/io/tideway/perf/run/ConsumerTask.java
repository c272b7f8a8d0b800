package io.tideway.perf.run;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One consumer thread: {@code assign}s its partitions (no consumer group, so it works against
 * any broker with Fetch), reads from offset 0 of the fresh topics and records, for each record,
 * the end-to-end latency from the intended send time carried in the value's first 8 bytes.
 *
 * <p>Thread contract: {@link #run()} runs on one dedicated thread that owns the consumer client;
 * {@link #stop()} may be called from any thread (it uses {@link KafkaConsumer#wakeup()}).
 */
final class ConsumerTask implements Runnable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private RunMetrics metrics; // set before the thread starts (Thread.start: happens-before)
    private volatile boolean stopped;

    /** Creates the client and assigns the partitions; call on the thread that starts the run. */
    ConsumerTask(String bootstrap, List<TopicPartition> partitions, int index) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "perf-consumer-" + index);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Resolves the start positions (a round trip per partition), before the producers start. */
    void awaitPositions(Duration timeout) {
        for (TopicPartition tp : consumer.assignment()) {
            consumer.position(tp, timeout);
        }
    }

    /** Sets where records are counted; call once, before the thread is started. */
    ConsumerTask recordingInto(RunMetrics runMetrics) {
        this.metrics = runMetrics;
        return this;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    byte[] value = r.value();
                    if (value != null && value.length >= Long.BYTES) {
                        metrics.onConsumed(ByteBuffer.wrap(value).getLong(), now, value.length);
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() was called: the normal way out of a blocked poll
        } finally {
            consumer.close();
        }
    }

    /** Asks the loop to end; the thread closes the client. */
    void stop() {
        stopped = true;
        consumer.wakeup();
    }
}
