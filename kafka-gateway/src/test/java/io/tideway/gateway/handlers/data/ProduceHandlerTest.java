package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.TopicInfo;
import io.tideway.gateway.ApiRegistry;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProduceHandlerTest {

    private static Vertx vertx;

    @TempDir
    Path dir;

    private FakeBroker broker;
    private TopicInfo orders;
    private ProduceHandler handler;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        HandlerCalls.await(vertx.close());
    }

    @BeforeEach
    void createTopic() throws Exception {
        broker = new FakeBroker(vertx, dir);
        orders = broker.createTopic("orders", 2);
        handler = new ProduceHandler(broker, vertx);
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(shorts = {3, 7, 12, 13})
    void appendsAndAnswersBaseOffsetAppendTimeAndLogStart(short version) throws Exception {
        ProduceResponse first = produce(version, (short) 1, entry(version, orders, 0,
                Batches.batch(3, 10)));
        ProduceResponse second = produce(version, (short) -1, entry(version, orders, 0,
                Batches.batch(2, 10)));

        PartitionProduceResponse answer = only(second);
        assertThat(only(first).baseOffset()).isZero();
        assertThat(answer.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(answer.baseOffset()).isEqualTo(3);
        assertThat(answer.logAppendTimeMs()).isEqualTo(-1);
        // log_start_offset exists from v5 on; older responses decode it as -1.
        assertThat(answer.logStartOffset()).isEqualTo(version >= 5 ? 0L : -1L);
        assertThat(broker.partition("orders", 0).logEndOffset()).isEqualTo(5);
        TopicProduceResponse topic = second.data().responses().iterator().next();
        if (version >= 13) {
            assertThat(topic.topicId()).isEqualTo(orders.id());
        } else {
            assertThat(topic.name()).isEqualTo("orders");
        }
    }

    @Test
    void unknownTopicOrPartitionFailsAloneAndNothingIsCreated() throws Exception {
        short version = 11;
        ProduceResponse response = produce(version, (short) 1,
                entry(version, orders, 1, Batches.batch(1, 8)),
                entry(version, orders, 2, Batches.batch(1, 8)),
                named("missing", 0, Batches.batch(1, 8)));

        assertThat(error(response, "orders", 1)).isEqualTo(Errors.NONE);
        assertThat(error(response, "orders", 2)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(error(response, "missing", 0)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(broker.topics().byName("missing")).isEmpty();
    }

    @Test
    void unknownTopicIdIsAnsweredAtV13() throws Exception {
        TopicProduceData unknown = new TopicProduceData().setTopicId(Uuid.randomUuid());
        unknown.partitionData().add(new PartitionProduceData().setIndex(0)
                .setRecords(Batches.batch(1, 8)));
        ProduceResponse response = produce((short) 13, (short) 1, unknown);

        assertThat(only(response).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
    }

    static Stream<Arguments> invalidRecords() {
        return Stream.of(
                Arguments.of("two batches", Batches.twoBatches()),
                Arguments.of("magic v1", Batches.magicV1(1)),
                Arguments.of("no batch", MemoryRecords.EMPTY),
                Arguments.of("null", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRecords")
    void recordsMustBeOneMagicV2Batch(String what, MemoryRecords records) throws Exception {
        ProduceResponse response = produce((short) 9, (short) 1,
                entry((short) 9, orders, 0, records), entry((short) 9, orders, 1,
                        Batches.batch(1, 8)));

        assertThat(error(response, "orders", 0)).isEqualTo(Errors.INVALID_RECORD);
        assertThat(error(response, "orders", 1)).isEqualTo(Errors.NONE);
        assertThat(broker.partition("orders", 0).logEndOffset()).isZero();
    }

    @Test
    void batchShorterThanItsHeaderIsCorruptAndFailsAlone() throws Exception {
        // A v2 batch cut to 40 bytes, its length field saying so: the header needs 61.
        ByteBuffer cut = ByteBuffer.allocate(40);
        cut.put(Batches.batch(1, 8).buffer().duplicate().limit(40)).flip();
        cut.putInt(8, 40 - 12);
        ProduceResponse response = produce((short) 9, (short) 1,
                entry((short) 9, orders, 0, MemoryRecords.readableRecords(cut)),
                entry((short) 9, orders, 1, Batches.batch(1, 8)));

        assertThat(error(response, "orders", 0)).isEqualTo(Errors.CORRUPT_MESSAGE);
        assertThat(error(response, "orders", 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void invalidAcksFailsValidPartitionsOnly() throws Exception {
        ProduceResponse response = produce((short) 9, (short) 2,
                entry((short) 9, orders, 0, Batches.batch(1, 8)),
                named("missing", 0, Batches.batch(1, 8)));

        assertThat(error(response, "orders", 0)).isEqualTo(Errors.INVALID_REQUIRED_ACKS);
        assertThat(error(response, "missing", 0)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(broker.partition("orders", 0).logEndOffset()).isZero();
    }

    @Test
    void acksZeroAnswersNothingOnSuccess() throws Exception {
        Reply reply = HandlerCalls.await(call(request((short) 9, (short) 0, 30_000,
                null, entry((short) 9, orders, 0, Batches.batch(4, 8)))));

        assertThat(reply.isNone()).isTrue();
        assertThat(broker.partition("orders", 0).logEndOffset()).isEqualTo(4);
    }

    @Test
    void acksZeroFailureFailsTheFutureSoTheConnectionCloses() {
        assertThatThrownBy(() -> HandlerCalls.await(call(request((short) 9,
                (short) 0, 30_000, null, named("missing", 0, Batches.batch(1, 8))))))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("missing-0: UNKNOWN_TOPIC_OR_PARTITION");
    }

    @Test
    void transactionalBatchesWithoutTransactionalIdFailEveryPartition() throws Exception {
        // Partition 1 carries no records at all (a nullable field): Kafka's own error response
        // dereferences them; the handler answers every partition itself.
        ProduceResponse response = produce((short) 11, (short) 1,
                entry((short) 11, orders, 0, Batches.transactional(5L, (short) 0, 1)),
                entry((short) 11, orders, 1, null));
        assertThat(error(response, "orders", 0))
                .isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        assertThat(error(response, "orders", 1))
                .isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        assertThat(broker.partition("orders", 0).logEndOffset()).isZero();
    }

    @Test
    void transactionalBatchesOfTwoProducersFailEveryPartition() throws Exception {
        ProduceResponse response = produce("tx", (short) 11,
                entry((short) 11, orders, 0, Batches.transactional(5L, (short) 0, 1)),
                entry((short) 11, orders, 1, Batches.transactional(6L, (short) 0, 1)));
        assertThat(error(response, "orders", 0)).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
        assertThat(partition(response, "orders", 1).errorMessage())
                .isEqualTo("Transactional records contained more than one producer ID");
    }

    @Test
    void wholeRequestFailureWithAcksZeroFailsTheFutureSoTheConnectionCloses() {
        assertThatThrownBy(() -> HandlerCalls.await(call(request((short) 11,
                (short) 0, 30_000, null, entry((short) 11, orders, 0,
                        Batches.transactional(5L, (short) 0, 1))))))
                .hasCauseInstanceOf(TransactionalIdAuthorizationException.class);
    }

    static Stream<Arguments> engineFailures() {
        return Stream.of(
                Arguments.of(new CorruptRecordException("crc"), Errors.CORRUPT_MESSAGE, -1L, null),
                Arguments.of(new RecordTooLargeException("big"), Errors.MESSAGE_TOO_LARGE, -1L,
                        null),
                Arguments.of(new RecordBatchTooLargeException("big"),
                        Errors.RECORD_LIST_TOO_LARGE, -1L, null),
                Arguments.of(new KafkaStorageException("disk"), Errors.KAFKA_STORAGE_ERROR, -1L,
                        null),
                Arguments.of(new InvalidRecordException("null key on a compacted topic"),
                        Errors.INVALID_RECORD, 0L, "null key on a compacted topic"),
                Arguments.of(new InvalidTimestampException("too old"), Errors.INVALID_TIMESTAMP,
                        0L, "too old"),
                Arguments.of(new OutOfOrderSequenceException("seq"),
                        Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, 0L, null),
                Arguments.of(new InvalidProducerEpochException("epoch"),
                        Errors.INVALID_PRODUCER_EPOCH, 0L, null),
                Arguments.of(new IllegalStateException("engine bug"),
                        Errors.UNKNOWN_SERVER_ERROR, 0L, null));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("engineFailures")
    void engineFailuresKeepTheirKafkaCodes(RuntimeException failure, Errors expected,
            long logStartOffset, String message) throws Exception {
        broker.partition("orders", 0).failAppends(failure);

        ProduceResponse response = produce((short) 9, (short) 1,
                entry((short) 9, orders, 0, Batches.batch(1, 8)),
                entry((short) 9, orders, 1, Batches.batch(1, 8)));

        PartitionProduceResponse failed = partition(response, "orders", 0);
        assertThat(failed.errorCode()).isEqualTo(expected.code());
        assertThat(failed.baseOffset()).isEqualTo(-1);
        assertThat(failed.logStartOffset()).isEqualTo(logStartOffset);
        assertThat(failed.errorMessage()).isEqualTo(message);
        assertThat(error(response, "orders", 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void offlineAndUnopenedPartitions() throws Exception {
        broker.takeOffline(new TopicPartition("orders", 0), new KafkaStorageException("gone"));
        broker.closePartition(new TopicPartition("orders", 1));

        ProduceResponse response = produce((short) 9, (short) 1,
                entry((short) 9, orders, 0, Batches.batch(1, 8)),
                entry((short) 9, orders, 1, Batches.batch(1, 8)));

        assertThat(error(response, "orders", 0)).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
        assertThat(error(response, "orders", 1)).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void internalTopicsOnlyAcceptTheAdminClient() throws Exception {
        TopicInfo internal = broker.createTopic("__consumer_offsets", 1, true);
        ProduceRequest request = request((short) 9, (short) 1, 30_000, null,
                entry((short) 9, internal, 0, Batches.batch(1, 8)));

        ProduceResponse refused = decode(HandlerCalls.await(call("producer-1", request)),
                (short) 9);
        ProduceResponse accepted = decode(HandlerCalls.await(call(
                ProduceHandler.ADMIN_CLIENT_ID, request)), (short) 9);

        assertThat(only(refused).errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(only(accepted).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void acksAllThatOutlivesTheTimeoutIsRequestTimedOut() throws Exception {
        broker.partition("orders", 0).holdAppends();

        ProduceResponse response = decode(HandlerCalls.await(call(
                request((short) 9, (short) -1, 50, null, entry((short) 9, orders, 0,
                        Batches.batch(1, 8)), entry((short) 9, orders, 1,
                        Batches.batch(1, 8))))), (short) 9);

        assertThat(error(response, "orders", 0)).isEqualTo(Errors.REQUEST_TIMED_OUT);
        assertThat(error(response, "orders", 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void aPartitionListedTwiceIsAppendedAndAnsweredOnce() throws Exception {
        ProduceResponse response = produce((short) 9, (short) 1,
                entry((short) 9, orders, 0, Batches.batch(1, 8)),
                entry((short) 9, orders, 0, Batches.batch(2, 8)));

        assertThat(only(response).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.partition("orders", 0).logEndOffset()).isEqualTo(2);
    }

    @Test
    void advertisesFromV0ButAcceptsFromV3() {
        assertThat(handler.advertisedMinVersion()).isZero();
        assertThat(handler.minVersion()).isEqualTo((short) 3);
        assertThat(handler.maxVersion()).isEqualTo((short) 13);
        ApiRegistry registry = ApiRegistry.create(List.of(handler));
        assertThat(registry.advertisedRanges()).anySatisfy(range -> {
            assertThat(range.apiKey()).isEqualTo(ApiKeys.PRODUCE);
            assertThat(range.minVersion()).isZero();
        });
        assertThat(registry.accepts(ApiKeys.PRODUCE, (short) 2)).isFalse();
    }

    // --- helpers -----------------------------------------------------------------------------

    private static TopicProduceData entry(short version, TopicInfo topic, int partition,
            MemoryRecords records) {
        TopicProduceData data = version >= 13 ? new TopicProduceData().setTopicId(topic.id())
                : new TopicProduceData().setName(topic.name());
        data.partitionData().add(new PartitionProduceData().setIndex(partition)
                .setRecords(records));
        return data;
    }

    private static TopicProduceData named(String topic, int partition, MemoryRecords records) {
        TopicProduceData data = new TopicProduceData().setName(topic);
        data.partitionData().add(new PartitionProduceData().setIndex(partition)
                .setRecords(records));
        return data;
    }

    private static ProduceRequest request(short version, short acks, int timeoutMs,
            String transactionalId, TopicProduceData... topics) {
        ProduceRequestData data = new ProduceRequestData().setAcks(acks).setTimeoutMs(timeoutMs)
                .setTransactionalId(transactionalId);
        // Merge entries of one topic, as a client would send them.
        for (TopicProduceData topic : topics) {
            TopicProduceData existing = data.topicData().find(topic.name(), topic.topicId());
            if (existing == null) {
                data.topicData().add(topic);
            } else {
                existing.partitionData().addAll(topic.partitionData());
            }
        }
        return HandlerCalls.wire(new ProduceRequest(data, version));
    }

    private ProduceResponse produce(short version, short acks, TopicProduceData... topics)
            throws Exception {
        return decode(HandlerCalls.await(call(
                request(version, acks, 30_000, null, topics))), version);
    }

    private ProduceResponse produce(String transactionalId, short version,
            TopicProduceData... topics) throws Exception {
        return decode(HandlerCalls.await(call(
                request(version, (short) 1, 30_000, transactionalId, topics))), version);
    }

    private Future<Reply> call(ProduceRequest request) {
        return call("producer-1", request);
    }

    private Future<Reply> call(String clientId, ProduceRequest request) {
        RequestContext context = HandlerCalls.context(vertx.getOrCreateContext(),
                ApiKeys.PRODUCE, request.version(), clientId, true);
        return HandlerCalls.start(handler, context, request);
    }

    private static ProduceResponse decode(Reply reply, short version) {
        return (ProduceResponse) HandlerCalls.decode(reply, ApiKeys.PRODUCE, version);
    }

    private static PartitionProduceResponse only(ProduceResponse response) {
        List<PartitionProduceResponse> all = new ArrayList<>();
        response.data().responses().forEach(topic -> all.addAll(topic.partitionResponses()));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static PartitionProduceResponse partition(ProduceResponse response, String topic,
            int index) {
        return response.data().responses().stream()
                .filter(t -> t.name().equals(topic))
                .flatMap(t -> t.partitionResponses().stream())
                .filter(p -> p.index() == index)
                .findFirst().orElseThrow();
    }

    private static Errors error(ProduceResponse response, String topic, int index) {
        return Errors.forCode(partition(response, topic, index).errorCode());
    }
}
