package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.log.FetchSlice;
import io.tideway.broker.log.LogConfig;
import io.tideway.broker.log.LogDirFlusher;
import io.tideway.broker.log.PartitionLog;
import io.tideway.broker.log.SegmentListener;
import io.tideway.gateway.Reply;
import io.tideway.gateway.ResponsePart;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * The zero-copy encoding (memory parts around file regions) and the copying encoding of a Fetch
 * response put the same bytes on the wire, and clients decode them to the fetched batches.
 */
class FetchResponseEncoderTest {

    private static final int LOGS = 3;
    private static final Uuid[] IDS = {Uuid.randomUuid(), Uuid.randomUuid(), Uuid.randomUuid()};

    private static Path root;
    private static LogDirFlusher flusher;
    private static final List<PartitionLog> logs = new ArrayList<>();

    @BeforeContainer
    static void writeLogs() throws IOException {
        root = Files.createTempDirectory("fetch-encoder");
        flusher = new LogDirFlusher(root);
        for (int i = 0; i < LOGS; i++) {
            PartitionLog log = PartitionLog.open(Files.createDirectories(root.resolve("t-" + i)),
                    LogConfig.defaults(), flusher, SegmentListener.NONE, Clock.systemUTC());
            for (int batch = 0; batch < 12; batch++) {
                log.append(Batches.batch(1 + batch % 4, 10 + 37 * batch));
            }
            logs.add(log);
        }
    }

    @AfterContainer
    static void deleteLogs() throws IOException {
        logs.forEach(PartitionLog::close);
        flusher.close();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** One response partition: a slice read from a log, or an error. */
    record Entry(int log, int offsetStep, int maxBytes, boolean error) {
    }

    @Provide
    Arbitrary<List<Entry>> entries() {
        return Combinators.combine(Arbitraries.integers().between(0, LOGS - 1),
                        Arbitraries.integers().between(0, 40),
                        Arbitraries.integers().between(0, 3000),
                        Arbitraries.of(false, false, false, true))
                .as(Entry::new).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<Short> versions() {
        return Arbitraries.shorts().between((short) 4, (short) 18);
    }

    @Property(tries = 100)
    void zeroCopyAndCopiedBodiesAreTheSameMessage(@ForAll("entries") List<Entry> entries,
            @ForAll("versions") short version) {
        List<FetchSlice> slices = new ArrayList<>();
        FetchResponseData data = response(entries, version, slices);

        List<ResponsePart> parts = FetchResponseEncoder.zeroCopy(data, version);
        ByteBuffer zeroCopy = HandlerCalls.concat(Reply.ofParts(parts, () -> { }));
        ByteBuffer copied = FetchResponseEncoder.copied(data, version);

        assertThat(zeroCopy).isEqualTo(copied);
        long regions = parts.stream().filter(part -> part instanceof ResponsePart.ChannelRegion)
                .count();
        assertThat(regions).isEqualTo(slices.stream()
                .filter(slice -> slice != null && !slice.isEmpty()).count());
        FetchResponse decoded = FetchResponse.parse(new ByteBufferAccessor(copied), version);
        List<FetchResponseData.PartitionData> partitions = FetchFixture.partitions(decoded);
        assertThat(partitions).hasSize(entries.size());
        for (int i = 0; i < partitions.size(); i++) {
            FetchSlice slice = slices.get(i);
            ByteBuffer expected = slice == null || slice.isEmpty() ? ByteBuffer.allocate(0)
                    : slice.read();
            MemoryRecords records = (MemoryRecords) FetchResponse.recordsOrFail(partitions.get(i));
            assertThat(records.buffer()).isEqualTo(expected);
        }
    }

    @Example
    void withoutSlicesTheEncodingIsTheGeneratedOne() {
        FetchResponseData data = response(List.of(new Entry(0, 0, 0, true)), (short) 12,
                new ArrayList<>());

        assertThat(FetchResponseEncoder.hasSlices(data)).isFalse();
        assertThat(FetchResponseEncoder.copied(data, (short) 12))
                .isEqualTo(MessageUtil.toByteBufferAccessor(data, (short) 12).buffer());
    }

    private static FetchResponseData response(List<Entry> entries, short version,
            List<FetchSlice> slices) {
        LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> partitions =
                new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            PartitionLog log = logs.get(entry.log());
            Uuid id = version >= 13 ? IDS[entry.log()] : Uuid.ZERO_UUID;
            TopicIdPartition key = new TopicIdPartition(id, i, "t-" + entry.log());
            if (entry.error()) {
                partitions.put(key, FetchResponse.partitionResponse(key,
                        Errors.OFFSET_OUT_OF_RANGE));
                slices.add(null);
                continue;
            }
            long offset = Math.min(entry.offsetStep(), log.logEndOffset());
            FetchSlice slice = log.read(offset, entry.maxBytes(), i % 2 == 0);
            slices.add(slice);
            partitions.put(key, new FetchResponseData.PartitionData()
                    .setHighWatermark(log.logEndOffset())
                    .setLastStableOffset(log.logEndOffset())
                    .setLogStartOffset(log.logStartOffset())
                    .setAbortedTransactions(null)
                    .setRecords(slice.isEmpty() ? MemoryRecords.EMPTY : new SliceRecords(slice)));
        }
        return FetchResponse.of(Errors.NONE, 0, version >= 7 ? 7 : 0, partitions, List.of())
                .data();
    }
}
