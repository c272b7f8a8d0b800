package io.tideway.perf.crash;

import io.tideway.perf.crash.check.RecordTag;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One idempotent producer (acks=all): sends tagged records to random partitions at a fixed rate
 * and records each callback's answer in the ledger. At most {@value #WINDOW} sends are
 * unanswered at a time, so a dead broker stalls the loop instead of filling memory. If the
 * client becomes unusable it is closed and a new one (the next incarnation) takes over. Odd
 * producers are impatient (a delivery timeout shorter than most restarts): their sends fail
 * during restarts, with the client's epoch bumps that follow.
 *
 * <p>Thread contract: {@link #run()} runs on one dedicated thread, which owns the client;
 * callbacks run on the client's I/O thread and only touch the thread-safe ledger and window.
 */
final class IdempotentProducerWorker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(IdempotentProducerWorker.class);
    static final int WINDOW = 500;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(70);

    private final WorkerContext context;
    private final String name;
    private final SplittableRandom random;
    private final boolean impatient;
    private final Semaphore window = new Semaphore(WINDOW);
    private long seq;

    IdempotentProducerWorker(WorkerContext context, int index) {
        this.context = context;
        this.name = "i" + index;
        this.random = context.random(index);
        this.impatient = index % 2 == 1;
    }

    @Override
    public void run() {
        Pace pace = new Pace(context.settings().recordRate());
        for (int incarnation = 0; context.active(); incarnation++) {
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    ClientConfigs.idempotentProducer(context.bootstrap(), name + "." + incarnation,
                            impatient));
            try {
                sendUntilStoppedOrBroken(producer, incarnation, pace);
            } finally {
                // Waits for the answers of what is in flight (they reach the ledger).
                producer.close(CLOSE_TIMEOUT);
            }
        }
    }

    private void sendUntilStoppedOrBroken(KafkaProducer<String, byte[]> producer,
            int incarnation, Pace pace) {
        while (context.active()) {
            pace.await();
            try {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            RecordTag tag = new RecordTag(name, incarnation, seq++, RecordTag.NO_TXN);
            int partition = random.nextInt(context.settings().partitions());
            byte[] value = new byte[context.settings().recordBytes()];
            random.nextBytes(value);
            context.ledger().sent(tag, partition);
            try {
                producer.send(new ProducerRecord<>(context.topic(), partition, tag.key(), value),
                        (metadata, error) -> {
                            window.release();
                            if (error == null) {
                                context.ledger().acked(tag, metadata.offset());
                            } else {
                                context.ledger().failed(tag);
                            }
                        });
            } catch (KafkaException | IllegalStateException e) {
                // Not an ApiException (those go to the callback): the client is unusable.
                window.release();
                context.ledger().failed(tag);
                log.atWarn().setMessage("Producer unusable; replacing it")
                        .addKeyValue("producer", name).addKeyValue("incarnation", incarnation)
                        .setCause(e).log();
                return;
            }
        }
    }
}
