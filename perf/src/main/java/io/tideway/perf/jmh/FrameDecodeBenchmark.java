package io.tideway.perf.jmh;

import io.tideway.gateway.internal.FrameDecoder;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The request path before a handler: the gateway's {@link FrameDecoder} splitting socket reads
 * into size-prefixed frames (one copy into a heap array), then {@link RequestHeader#parse} and
 * {@link AbstractRequest#parseRequest} of a Produce request (v11, one topic, one partition, one
 * 16 KB batch of 16 x 1 KB records). One operation = one request, fed as socket reads of
 * {@code readBytes} bytes. Uses the gateway's {@code internal} decoder on purpose: it is the hot
 * path being measured (benchmarks are outside the module dependency rules' production scope).
 *
 * <p>Thread contract: the state is confined to its JMH thread, which plays the event loop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class FrameDecodeBenchmark {

    /** Bytes per simulated socket read (Netty's adaptive allocator often reads 16-64 KB). */
    @Param({"65536", "4096"})
    int readBytes;

    private List<Buffer> reads;
    private FrameDecoder decoder;
    private Blackhole sink;

    @Setup
    public void setUp(Blackhole blackhole) {
        MemoryRecords batch = LogBenchmarkSupport.batch(16, 1024);
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1)
                .setTimeoutMs(30_000);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData()
                .setName("bench");
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0)
                .setRecords(batch));
        data.topicData().add(topic);
        short version = 11;
        ByteBuffer body = ProduceRequest.builder(data).build(version)
                .serializeWithHeader(new RequestHeader(ApiKeys.PRODUCE, version, "bench", 1));
        ByteBuffer frame = ByteBuffer.allocate(4 + body.remaining());
        frame.putInt(body.remaining()).put(body).flip();
        reads = new ArrayList<>();
        while (frame.hasRemaining()) {
            int n = Math.min(readBytes, frame.remaining());
            byte[] chunk = new byte[n];
            frame.get(chunk);
            reads.add(Buffer.buffer(chunk));
        }
        sink = blackhole;
        decoder = new FrameDecoder(100 << 20, new FrameDecoder.Listener() {
            @Override
            public void onFrame(ByteBuffer request) {
                RequestHeader header = RequestHeader.parse(request);
                sink.consume(AbstractRequest.parseRequest(header.apiKey(), header.apiVersion(),
                        new ByteBufferAccessor(request)));
            }

            @Override
            public void onInvalidFrame(String reason, int size) {
                throw new IllegalStateException(reason);
            }
        });
    }

    @Benchmark
    public void decodeAndParseProduce() {
        for (Buffer read : reads) {
            decoder.feed(read);
        }
    }
}
