package io.tideway.perf.run;

import io.tideway.perf.rate.NanoClock;
import io.tideway.perf.rate.Pacer;
import io.tideway.perf.workload.KeyDistribution;
import io.tideway.perf.workload.Workload;
import java.nio.ByteBuffer;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One producer thread's loop: wait for the next intended send time, send one record whose value
 * starts with that time ({@code nanoTime}, 8 bytes big-endian, for end-to-end latency in the same
 * JVM) followed by random bytes, and record the acknowledgement in {@link RunMetrics}.
 *
 * <p>Thread contract: {@link #run()} runs on one dedicated thread that owns the producer client;
 * acknowledgements arrive on the client's I/O thread and only touch the thread-safe metrics.
 */
final class ProducerTask implements Runnable {

    private final Workload workload;
    private final String topic;
    private final RunMetrics metrics;
    private final Properties config;
    private final Pacer pacer;
    private final SplittableRandom random;

    ProducerTask(Workload workload, String bootstrap, String topic, int index, RunMetrics metrics) {
        this.workload = workload;
        this.topic = topic;
        this.metrics = metrics;
        this.config = producerConfig(workload, bootstrap, "perf-producer-" + index);
        this.pacer = workload.unlimitedRate()
                ? Pacer.unlimited(NanoClock.SYSTEM)
                : Pacer.fixedRate(NanoClock.SYSTEM, metrics.clock.startNanos(),
                        workload.ratePerProducer());
        this.random = new SplittableRandom(index * 7919L + 17);
    }

    static Properties producerConfig(Workload workload, String bootstrap, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, workload.acks());
        // Idempotence requires acks=all; with other acks it must be off or the client refuses.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                Boolean.toString(workload.acks().equals("all") || workload.acks().equals("-1")));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, workload.compression());
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(workload.lingerMs()));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(workload.batchSize()));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    @Override
    public void run() {
        int size = workload.messageSize();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            long seq = 0;
            while (!Thread.currentThread().isInterrupted()) {
                long intended = pacer.awaitNext();
                if (intended - metrics.clock.measureEndNanos() >= 0) {
                    break;
                }
                byte[] value = new byte[size];
                random.nextBytes(value);
                ByteBuffer.wrap(value).putLong(intended);
                producer.send(record(value, seq++), (meta, error) -> {
                    if (error != null) {
                        metrics.onSendError();
                    } else {
                        metrics.onAcked(intended, System.nanoTime(), size);
                    }
                });
            }
            producer.flush();
        }
    }

    private ProducerRecord<byte[], byte[]> record(byte[] value, long seq) {
        KeyDistribution keys = workload.keyDistribution();
        return switch (keys) {
            case NONE -> new ProducerRecord<>(topic, value);
            case RANDOM -> {
                byte[] key = new byte[8];
                random.nextBytes(key);
                yield new ProducerRecord<>(topic, key, value);
            }
            case ROUND_ROBIN -> new ProducerRecord<>(topic,
                    (int) (seq % workload.partitionsPerTopic()), null, value);
        };
    }
}
