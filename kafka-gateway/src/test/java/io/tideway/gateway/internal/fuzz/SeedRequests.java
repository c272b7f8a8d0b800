package io.tideway.gateway.internal.fuzz;

import io.tideway.gateway.ApiRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * The seed corpus of the request fuzz tests: one valid request per API key the gateway serves and
 * per version it accepts, built with kafka-clients' message classes and serialized with a request
 * header as a client would. The APIs a client starts with (Produce, Fetch, Metadata, ListOffsets,
 * topic creation and configs, the group and producer-id handshakes) carry realistic content naming
 * {@link FuzzEngine#TOPIC}; the others are their message's defaults, which still reach the handler.
 *
 * <p>{@link #main} writes the corpus files; they are checked in under {@code
 * src/test/resources/io/tideway/gateway/internal/fuzz/}. Regenerate after a handler gains a
 * version: {@code java -cp <test classpath> io.tideway.gateway.internal.fuzz.SeedRequests
 * src/test/resources}.
 *
 * <p>Thread-safe: stateless.
 */
public final class SeedRequests {

    private static final String CLIENT_ID = "fuzz-seed";
    private static final String GROUP = "fuzz-group";
    /** Produce and Fetch name topics by id from this version on. */
    private static final short TOPIC_ID_VERSION = 13;
    /** An id no topic has: the handlers answer UNKNOWN_TOPIC_ID, the fuzzer mutates from there. */
    private static final Uuid UNKNOWN_TOPIC_ID = new Uuid(0x7469646577617900L, 1L);

    private SeedRequests() {
    }

    /**
     * One seed: a request and its name.
     *
     * @param name {@code <api>-v<version>}, the corpus file name
     * @param frame the request header and body, without the size prefix
     */
    public record Seed(String name, byte[] frame) {

        /** The frame with its 4-byte size prefix, as it travels on a connection. */
        public byte[] sizePrefixed() {
            return ByteBuffer.allocate(4 + frame.length).putInt(frame.length).put(frame).array();
        }
    }

    /** One seed per API key served by {@code registry} and per version its handler accepts. */
    public static List<Seed> all(ApiRegistry registry) {
        List<Seed> seeds = new ArrayList<>();
        for (ApiKeys key : registry.apiKeys()) {
            var handler = registry.handler(key).orElseThrow();
            for (short v = handler.minVersion(); v <= handler.maxVersion(); v++) {
                seeds.add(seed(key, v));
            }
        }
        return seeds;
    }

    /** The seed of {@code key} at {@code version}; the message defaults where content does not fit. */
    static Seed seed(ApiKeys key, short version) {
        try {
            return seed(key, version, content(key, version));
        } catch (RuntimeException e) { // a field the content sets does not exist at this version
            return seed(key, version, ApiMessageType.fromApiKey(key.id).newRequest());
        }
    }

    private static Seed seed(ApiKeys key, short version, ApiMessage data) {
        ByteBuffer body = MessageUtil.toByteBufferAccessor(data, version).buffer();
        AbstractRequest request = AbstractRequest.parseRequest(key, version,
                new ByteBufferAccessor(body)).request;
        RequestHeader header = new RequestHeader(key, version, CLIENT_ID, 1 + version);
        ByteBuffer framed = request.serializeWithHeader(header);
        byte[] frame = new byte[framed.remaining()];
        framed.get(frame);
        return new Seed(key.name.toLowerCase(Locale.ROOT) + "-v" + version, frame);
    }

    /** Content valid at {@code version}: fields a version lacks keep their defaults. */
    private static ApiMessage content(ApiKeys key, short version) {
        return switch (key) {
            case PRODUCE -> produce(version);
            case FETCH -> fetch(version);
            case METADATA -> new MetadataRequestData().setTopics(List.of(
                    new MetadataRequestData.MetadataRequestTopic().setName(FuzzEngine.TOPIC)))
                    .setAllowAutoTopicCreation(version < 4);
            case LIST_OFFSETS -> listOffsets();
            case CREATE_TOPICS -> createTopics();
            case DESCRIBE_CONFIGS -> new DescribeConfigsRequestData().setResources(List.of(
                    new DescribeConfigsRequestData.DescribeConfigsResource()
                            .setResourceType((byte) 2).setResourceName(FuzzEngine.TOPIC)));
            case FIND_COORDINATOR -> version < 4 ? new FindCoordinatorRequestData().setKey(GROUP)
                    : new FindCoordinatorRequestData().setCoordinatorKeys(List.of(GROUP));
            case JOIN_GROUP -> joinGroup();
            case OFFSET_COMMIT -> offsetCommit();
            case OFFSET_FETCH -> offsetFetch(version);
            case INIT_PRODUCER_ID -> new InitProducerIdRequestData().setTransactionalId(null)
                    .setTransactionTimeoutMs(60_000).setProducerId(-1).setProducerEpoch((short) -1);
            default -> ApiMessageType.fromApiKey(key.id).newRequest();
        };
    }

    private static ApiMessage produce(short version) {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(0L, "k".getBytes(StandardCharsets.UTF_8),
                        "value".getBytes(StandardCharsets.UTF_8)));
        ProduceRequestData.TopicProduceDataCollection topics =
                new ProduceRequestData.TopicProduceDataCollection();
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData();
        if (version < TOPIC_ID_VERSION) {
            topic.setName(FuzzEngine.TOPIC);
        } else {
            topic.setTopicId(UNKNOWN_TOPIC_ID);
        }
        topics.add(topic.setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                        .setIndex(0).setRecords(records))));
        return new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000)
                .setTopicData(topics);
    }

    private static ApiMessage fetch(short version) {
        FetchRequestData.FetchTopic topic = version < TOPIC_ID_VERSION
                ? new FetchRequestData.FetchTopic().setTopic(FuzzEngine.TOPIC)
                : new FetchRequestData.FetchTopic().setTopicId(UNKNOWN_TOPIC_ID);
        return new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1)
                .setMaxBytes(1 << 20).setSessionEpoch(-1)
                .setTopics(List.of(topic
                        .setPartitions(List.of(new FetchRequestData.FetchPartition()
                                .setPartition(0).setFetchOffset(0).setPartitionMaxBytes(1 << 16)))));
    }

    private static ApiMessage listOffsets() {
        return new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(
                new ListOffsetsRequestData.ListOffsetsTopic().setName(FuzzEngine.TOPIC)
                        .setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                .setPartitionIndex(0).setTimestamp(-1)))));
    }

    private static ApiMessage createTopics() {
        CreateTopicsRequestData.CreatableTopicCollection topics =
                new CreateTopicsRequestData.CreatableTopicCollection();
        topics.add(new CreateTopicsRequestData.CreatableTopic().setName("fuzz-created")
                .setNumPartitions(1).setReplicationFactor((short) 1));
        return new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(1000);
    }

    private static ApiMessage joinGroup() {
        JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                .setMetadata(new byte[] {0, 1}));
        return new JoinGroupRequestData().setGroupId(GROUP).setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(10_000).setMemberId("").setProtocolType("consumer")
                .setProtocols(protocols);
    }

    private static ApiMessage offsetCommit() {
        return new OffsetCommitRequestData().setGroupId(GROUP).setGenerationIdOrMemberEpoch(-1)
                .setMemberId("").setTopics(List.of(new OffsetCommitRequestData
                        .OffsetCommitRequestTopic().setName(FuzzEngine.TOPIC)
                        .setPartitions(List.of(new OffsetCommitRequestData
                                .OffsetCommitRequestPartition().setPartitionIndex(0)
                                .setCommittedOffset(1)))));
    }

    private static ApiMessage offsetFetch(short version) {
        if (version < 8) {
            return new OffsetFetchRequestData().setGroupId(GROUP).setTopics(List.of(
                    new OffsetFetchRequestData.OffsetFetchRequestTopic().setName(FuzzEngine.TOPIC)
                            .setPartitionIndexes(List.of(0))));
        }
        return new OffsetFetchRequestData()
                .setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                        .setGroupId(GROUP).setTopics(List.of(
                                new OffsetFetchRequestData.OffsetFetchRequestTopics()
                                        .setName(FuzzEngine.TOPIC)
                                        .setPartitionIndexes(List.of(0))))));
    }

    /**
     * Writes the corpus: {@code ConnectionFuzzTestInputs/<method>/<seed>} (size-prefixed frames)
     * and {@code RequestRouterFuzzTestInputs/<method>/<seed>} (bare frames).
     *
     * @param args the test resources root, for example {@code src/test/resources}
     */
    public static void main(String[] args) throws IOException {
        Path base = Path.of(args[0]).resolve("io/tideway/gateway/internal/fuzz");
        Path connection = Files.createDirectories(base.resolve(
                "ConnectionFuzzTestInputs/everyRequestIsAnsweredOrRefusedByClosing"));
        Path router = Files.createDirectories(base.resolve(
                "RequestRouterFuzzTestInputs/routesAnyFrameWithoutThrowing"));
        try (FuzzEngine engine = FuzzEngine.start()) {
            for (Seed seed : all(engine.registry())) {
                Files.write(connection.resolve(seed.name()), seed.sizePrefixed());
                Files.write(router.resolve(seed.name()), seed.frame());
            }
        }
    }
}
