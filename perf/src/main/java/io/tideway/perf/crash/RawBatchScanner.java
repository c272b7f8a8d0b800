package io.tideway.perf.crash;

import io.tideway.perf.crash.check.BatchSpan;
import io.tideway.perf.crash.check.PartitionBatches;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * Reads a partition's batch boundaries with raw read_uncommitted Fetch requests (v12, topics by
 * name) on its own socket: every batch's offsets, producer id, transactional flag and, for a
 * control batch, its marker type. Consumers hide control batches; this is what tells a gap that
 * a marker explains from one that nothing explains.
 *
 * <p>Thread contract: confined to the thread that created it; not thread-safe. Every call
 * blocks (10 s socket timeout).
 */
final class RawBatchScanner implements AutoCloseable {

    private static final short VERSION = 12;
    private static final int PARTITION_MAX_BYTES = 1 << 20;
    private static final int EMPTY_FETCHES_ALLOWED = 50;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int correlationId;

    RawBatchScanner(String host, int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new CheckFailedException("raw fetch: cannot connect to " + host + ":" + port, e);
        }
    }

    /** The batches of {@code [start, end)}, the last one possibly reaching past {@code end}. */
    PartitionBatches scan(String topic, int partition, long start, long end) {
        List<BatchSpan> spans = new ArrayList<>();
        long offset = start;
        int empty = 0;
        while (offset < end) {
            FetchResponseData.PartitionData data = fetch(topic, partition, offset);
            if (data.errorCode() != Errors.NONE.code()) {
                throw new CheckFailedException("raw fetch of " + topic + "-" + partition + " at "
                        + offset + ": " + Errors.forCode(data.errorCode()));
            }
            long before = offset;
            for (RecordBatch batch : ((MemoryRecords) data.records()).batches()) {
                if (batch.lastOffset() >= offset) {
                    spans.add(span(batch));
                    offset = batch.nextOffset();
                }
            }
            if (offset == before) {
                if (data.highWatermark() <= offset || ++empty > EMPTY_FETCHES_ALLOWED) {
                    break; // nothing more below the end: the checker reports what is missing
                }
            }
        }
        return new PartitionBatches(partition, start, end, spans);
    }

    private static BatchSpan span(RecordBatch batch) {
        BatchSpan.Marker marker = BatchSpan.Marker.NONE;
        if (batch.isControlBatch()) {
            Iterator<Record> records = batch.iterator();
            ControlRecordType type = records.hasNext()
                    ? ControlRecordType.parse(records.next().key()) : ControlRecordType.UNKNOWN;
            marker = switch (type) {
                case COMMIT -> BatchSpan.Marker.COMMIT;
                case ABORT -> BatchSpan.Marker.ABORT;
                default -> BatchSpan.Marker.OTHER;
            };
        }
        return new BatchSpan(batch.baseOffset(), batch.lastOffset(), batch.producerId(),
                batch.isTransactional(), marker);
    }

    private FetchResponseData.PartitionData fetch(String topic, int partition, long offset) {
        FetchRequestData request = new FetchRequestData()
                .setReplicaId(-1).setMaxWaitMs(0).setMinBytes(0)
                .setMaxBytes(PARTITION_MAX_BYTES).setIsolationLevel((byte) 0)
                .setSessionId(0).setSessionEpoch(-1).setRackId("")
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(topic)
                        .setPartitions(List.of(new FetchRequestData.FetchPartition()
                                .setPartition(partition).setFetchOffset(offset)
                                .setLogStartOffset(-1).setCurrentLeaderEpoch(-1)
                                .setLastFetchedEpoch(-1)
                                .setPartitionMaxBytes(PARTITION_MAX_BYTES)))));
        int id = ++correlationId;
        RequestHeader header = new RequestHeader(ApiKeys.FETCH, VERSION, "crash-raw-scan", id);
        try {
            ByteBuffer frame = RequestUtils.serialize(header.data(), header.headerVersion(),
                    request, VERSION);
            ByteBuffer sized = ByteBuffer.allocate(4 + frame.remaining());
            sized.putInt(frame.remaining()).put(frame).flip();
            out.write(sized.array(), 0, sized.limit());
            out.flush();
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            ByteBuffer buffer = ByteBuffer.wrap(response);
            ResponseHeader responseHeader = ResponseHeader.parse(buffer,
                    ApiKeys.FETCH.responseHeaderVersion(VERSION));
            if (responseHeader.correlationId() != id) {
                throw new CheckFailedException("raw fetch: correlation id "
                        + responseHeader.correlationId() + ", expected " + id);
            }
            FetchResponse parsed = FetchResponse.parse(new ByteBufferAccessor(buffer), VERSION);
            if (parsed.error() != Errors.NONE) {
                throw new CheckFailedException("raw fetch: " + parsed.error());
            }
            return parsed.data().responses().get(0).partitions().get(0);
        } catch (IOException e) {
            throw new CheckFailedException("raw fetch of " + topic + "-" + partition + " at "
                    + offset + " failed", e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do: the scan is over
        }
    }
}
