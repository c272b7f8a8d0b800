package io.tideway.perf.crash;

import io.tideway.perf.crash.check.RecordTag;
import io.tideway.perf.crash.check.TxnId;
import io.tideway.perf.crash.check.TxnOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transactional producer: at a fixed rate, a transaction of 1 to {@code maxTxnRecords}
 * tagged records to random partitions, then a commit, or (for a seeded share) an abort, or (for
 * a smaller share) nothing: the records are flushed and the client is closed at once, as a
 * crashed client would leave it, and the next incarnation takes a new transactional id so that
 * only the broker's transaction timeout can end the hanging transaction. The
 * ledger learns that a transaction committed only when {@code commitTransaction} returned, and
 * that it aborted only when {@code abortTransaction} returned. Any failure ends the transaction
 * as {@code UNKNOWN} (commit requested) or {@code ABANDONED} (not), closes the client and starts
 * the next incarnation, whose {@code initTransactions} fences the old one and lets the
 * coordinator finish or abort what it left open. Odd producers are impatient (their commits and
 * initTransactions give up after 1.5 s), so commits during restarts end unknown and the
 * replacing client's InitProducerId meets a transaction still being committed or aborted.
 *
 * <p>Thread contract: {@link #run()} runs on one dedicated thread, which owns the client;
 * callbacks run on the client's I/O thread and only touch the thread-safe ledger.
 */
final class TransactionalProducerWorker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TransactionalProducerWorker.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final long RETRY_PAUSE_NANOS = 200_000_000L;

    private final WorkerContext context;
    private final String name;
    private final String transactionalIdBase;
    private final SplittableRandom random;
    private final boolean impatient;
    private long seq;
    private long txn;
    private int hangs;

    /** Thrown to leave a transaction open on purpose. */
    private static final class SimulatedClientCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedClientCrash() {
            super("left the transaction open", null, false, false);
        }
    }

    TransactionalProducerWorker(WorkerContext context, int index, String runId) {
        this.context = context;
        this.name = "t" + index;
        this.transactionalIdBase = "crash-" + runId + "-" + name;
        this.random = context.random(1000 + index);
        this.impatient = index % 2 == 1;
    }

    @Override
    public void run() {
        Pace pace = new Pace(context.settings().txnRate());
        for (int incarnation = 0; context.active(); incarnation++) {
            String transactionalId = hangs == 0 ? transactionalIdBase
                    : transactionalIdBase + "-h" + hangs;
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    ClientConfigs.transactionalProducer(context.bootstrap(),
                            name + "." + incarnation, transactionalId,
                            context.settings().txnTimeout(), impatient));
            Duration close = CLOSE_TIMEOUT;
            try {
                producer.initTransactions();
                while (context.active()) {
                    pace.await();
                    transaction(producer, incarnation);
                }
            } catch (SimulatedClientCrash e) {
                hangs++;
                close = Duration.ZERO; // a graceful close would abort the transaction
            } catch (KafkaException | IllegalStateException e) {
                log.atDebug().setMessage("Transactional producer failed; replacing it")
                        .addKeyValue("producer", name).addKeyValue("incarnation", incarnation)
                        .addKeyValue("error", e.toString()).log();
                LockSupport.parkNanos(RETRY_PAUSE_NANOS);
            } finally {
                producer.close(close);
            }
        }
    }

    private void transaction(KafkaProducer<String, byte[]> producer, int incarnation) {
        TxnId id = new TxnId(name, txn++);
        boolean commit = random.nextDouble() >= context.settings().abortRatio();
        int records = 1 + random.nextInt(context.settings().maxTxnRecords());
        byte[] outcome = (commit ? "commit" : "abort").getBytes(StandardCharsets.US_ASCII);
        context.ledger().txnStarted(id);
        boolean commitRequested = false;
        try {
            producer.beginTransaction();
            for (int i = 0; i < records; i++) {
                RecordTag tag = new RecordTag(name, incarnation, seq++, id.txn());
                int partition = random.nextInt(context.settings().partitions());
                byte[] value = new byte[context.settings().recordBytes()];
                random.nextBytes(value);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(context.topic(),
                        partition, tag.key(), value);
                record.headers().add("outcome", outcome);
                context.ledger().txnSent(id, tag, partition);
                producer.send(record, (metadata, error) -> context.ledger().txnSendAnswered(id,
                        tag, error == null ? metadata.offset() : -1));
            }
            if (random.nextDouble() < context.settings().hangRatio()) {
                producer.flush(); // written and added to the transaction, then abandoned
                context.ledger().txnEnded(id, TxnOutcome.ABANDONED);
                throw new SimulatedClientCrash();
            }
            if (commit) {
                commitRequested = true;
                producer.commitTransaction();
                context.ledger().txnEnded(id, TxnOutcome.COMMITTED);
            } else {
                producer.abortTransaction();
                context.ledger().txnEnded(id, TxnOutcome.ABORTED);
            }
        } catch (KafkaException | IllegalStateException e) {
            context.ledger().txnEnded(id, commitRequested ? TxnOutcome.UNKNOWN
                    : TxnOutcome.ABANDONED);
            throw e;
        }
    }
}
