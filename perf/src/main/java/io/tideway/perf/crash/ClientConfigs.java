package io.tideway.perf.crash;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Client configurations of the crash harness. Producers are idempotent with acks=all (the
 * durability promise under test) and reconnect fast. A patient producer keeps retrying for long
 * enough to outlive a broker restart; an impatient one gives up during most restarts (sends
 * fail, commits time out), which is what exercises the indeterminate outcomes, the client's epoch
 * bumps and the fencing of a replaced transactional client. Consumers and the admin client use
 * short timeouts so that a dead broker is noticed and retried rather than waited for.
 *
 * <p>Stateless; thread-safe. Each call returns a new mutable map.
 */
final class ClientConfigs {

    /** Longer than the slowest restart seen on a loaded machine, so most sends succeed. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    /** Shorter than most restarts. */
    static final Duration IMPATIENT_DELIVERY_TIMEOUT = Duration.ofMillis(2500);
    /** How long an impatient transactional client blocks in initTransactions and commit. */
    static final Duration IMPATIENT_MAX_BLOCK = Duration.ofMillis(1500);

    private ClientConfigs() {
    }

    private static Map<String, Object> common(String bootstrap, String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        c.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, 50);
        c.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        c.put(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, 50);
        c.put(CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, 500);
        c.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return c;
    }

    static Map<String, Object> idempotentProducer(String bootstrap, String clientId,
            boolean impatient) {
        Map<String, Object> c = common(bootstrap, clientId);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        if (impatient) {
            // delivery.timeout.ms must cover linger.ms + request.timeout.ms
            c.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 2000);
            c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    (int) IMPATIENT_DELIVERY_TIMEOUT.toMillis());
        } else {
            c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        }
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return c;
    }

    static Map<String, Object> transactionalProducer(String bootstrap, String clientId,
            String transactionalId, Duration txnTimeout, boolean impatient) {
        Map<String, Object> c = idempotentProducer(bootstrap, clientId, false);
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        c.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) txnTimeout.toMillis());
        // A transaction that cannot finish within its timeout is aborted by the broker anyway.
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(txnTimeout.toMillis(),
                20_000));
        if (impatient) {
            // initTransactions, commitTransaction and abortTransaction give up this soon.
            c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) IMPATIENT_MAX_BLOCK.toMillis());
        }
        return c;
    }

    /** The read_committed group member that commits after every poll. */
    static Map<String, Object> groupConsumer(String bootstrap, String groupId) {
        Map<String, Object> c = consumer(bootstrap, groupId + "-member", "read_committed");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return c;
    }

    /** A checker consumer (no group) with the given isolation level. */
    static Map<String, Object> reader(String bootstrap, String clientId, String isolation) {
        return consumer(bootstrap, clientId, isolation);
    }

    private static Map<String, Object> consumer(String bootstrap, String clientId,
            String isolation) {
        Map<String, Object> c = common(bootstrap, clientId);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return c;
    }

    static Map<String, Object> admin(String bootstrap) {
        Map<String, Object> c = common(bootstrap, "crash-admin");
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return c;
    }
}
