package io.tideway.gateway.handlers.data;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.ProduceRequest;

/**
 * The request-level checks Kafka's {@code KafkaApis.handleProduceRequest} and {@code
 * ReplicaManager.handleProduceAppend} make before anything is appended.
 *
 * <p>Thread contract: stateless.
 */
final class ProduceValidation {

    private ProduceValidation() {
    }

    /**
     * Kafka's {@code ProduceRequest.validateRecords}: v3+ carries exactly one magic v2 batch per
     * partition (ZStandard only from v7), otherwise {@code INVALID_RECORD} (or {@code
     * CORRUPT_MESSAGE} when the batch header does not parse or the batch is shorter than it).
     * Absent records are {@code INVALID_RECORD} too: an empty record set fails the same check.
     *
     * @return {@code NONE} when the records may be appended
     */
    static Errors records(short version, BaseRecords records) {
        if (!(records instanceof MemoryRecords)) {
            return Errors.INVALID_RECORD;
        }
        try {
            ProduceRequest.validateRecords(version, records);
        } catch (RuntimeException e) {
            return Errors.forException(e);
        }
        // The batch iterator only checks a size's lower bound for legacy records: a v2 batch
        // shorter than its own header would make every header read fail later (Kafka's
        // ensureValid: CORRUPT_MESSAGE, "smaller than the minimum allowed overhead").
        for (RecordBatch batch : ((MemoryRecords) records).batches()) {
            if (batch.sizeInBytes() < DefaultRecordBatch.RECORD_BATCH_OVERHEAD) {
                return Errors.CORRUPT_MESSAGE;
            }
        }
        return Errors.NONE;
    }

    /**
     * Kafka's {@code RequestUtils.hasTransactionalRecords}, safe on any parsed request: a
     * partition without records (the field is nullable) or whose batches do not parse counts as
     * not transactional here; validation answers it {@code INVALID_RECORD} or {@code
     * CORRUPT_MESSAGE} later.
     */
    static boolean hasTransactionalRecords(ProduceRequest produce) {
        for (ProduceRequestData.TopicProduceData topic : produce.data().topicData()) {
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                if (partition.records() instanceof MemoryRecords records
                        && isTransactional(records)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isTransactional(MemoryRecords records) {
        try {
            for (RecordBatch batch : records.batches()) {
                if (batch.isTransactional()) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) { // a corrupt batch: its partition fails validation
            return false;
        }
    }

    /**
     * The partitions whose batch is transactional, with the one producer they belong to.
     *
     * @throws InvalidPidMappingException when transactional batches name more than one producer,
     *     which Kafka answers for the whole request
     */
    static TransactionalBatches transactional(Map<TopicIdPartition, MemoryRecords> entries) {
        Set<TopicIdPartition> transactional = new LinkedHashSet<>();
        Set<String> producers = new HashSet<>();
        long producerId = RecordBatch.NO_PRODUCER_ID;
        short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
        for (Map.Entry<TopicIdPartition, MemoryRecords> entry : entries.entrySet()) {
            for (RecordBatch batch : entry.getValue().batches()) {
                if (batch.hasProducerId() && batch.isTransactional()) {
                    producers.add(batch.producerId() + ":" + batch.producerEpoch());
                    producerId = batch.producerId();
                    producerEpoch = batch.producerEpoch();
                    transactional.add(entry.getKey());
                }
            }
        }
        if (producers.size() > 1) {
            throw new InvalidPidMappingException(
                    "Transactional records contained more than one producer ID");
        }
        return new TransactionalBatches(transactional, producerId, producerEpoch);
    }

    /**
     * The transactional part of a Produce.
     *
     * @param partitions the partitions whose batch is transactional, in request order; empty for
     *     a request without transactional batches
     * @param producerId their producer id, -1 when there are none
     * @param producerEpoch their producer epoch, -1 when there are none
     */
    record TransactionalBatches(Set<TopicIdPartition> partitions, long producerId,
            short producerEpoch) {

        /** Whether the request carries no transactional batch. */
        boolean isEmpty() {
            return partitions.isEmpty();
        }
    }

    /** Kafka accepts {@code acks} of -1 (all), 0 (none) and 1 (leader). */
    static boolean validAcks(short acks) {
        return acks == -1 || acks == 0 || acks == 1;
    }
}
