package io.tideway.gateway.handlers.data;

import io.tideway.broker.log.FetchSlice;
import io.tideway.gateway.ResponsePart;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Encodes a Fetch response body whose partitions carry {@link SliceRecords}, the way kafka-clients'
 * {@code SendBuilder} splits a message around its records fields: the generated message writes
 * into a {@link Writable} that starts a new part at every records field.
 *
 * <ul>
 *   <li>{@link #zeroCopy}: serialized fields go to one heap buffer sized without the records,
 *       sliced into {@link ResponsePart#bytes} parts between {@link ResponsePart#fileRegion}
 *       parts, one per fetched slice, which the gateway sends with {@code sendfile}. Nothing is
 *       read from the files; no blocking.
 *   <li>{@link #copied}: everything, record bytes read from the segment files included, in one
 *       buffer for connections that cannot send file regions (TLS). Blocking (file reads): run it
 *       on a worker pool.
 * </ul>
 *
 * <p>Thread contract: stateless; each call works on its own buffers.
 */
final class FetchResponseEncoder {

    private FetchResponseEncoder() {
    }

    /** The body as memory parts and file regions, in wire order; never blocks. */
    static List<ResponsePart> zeroCopy(FetchResponseData data, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        MessageSizeAccumulator size = new MessageSizeAccumulator();
        data.addSize(size, cache, version);
        PartsWriter out = new PartsWriter(ByteBuffer.allocate(size.sizeExcludingZeroCopy()), true);
        data.write(out, cache, version);
        return out.finish();
    }

    /** The whole body in one buffer, ready to read. Blocking: reads the fetched slices. */
    static ByteBuffer copied(FetchResponseData data, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        MessageSizeAccumulator size = new MessageSizeAccumulator();
        data.addSize(size, cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size.totalSize());
        PartsWriter out = new PartsWriter(buffer, false);
        data.write(out, cache, version);
        out.finish();
        return buffer.flip();
    }

    /** Whether any partition carries fetched slices (otherwise the gateway can encode it). */
    static boolean hasSlices(FetchResponseData data) {
        for (FetchResponseData.FetchableTopicResponse topic : data.responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                if (partition.records() instanceof SliceRecords) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Writes serialized fields into one buffer; in zero-copy mode each records field closes the
     * current in-memory part and adds its own, otherwise records are copied inline.
     */
    private static final class PartsWriter extends ByteBufferAccessor {

        private final boolean zeroCopy;
        private final List<ResponsePart> parts = new ArrayList<>();
        private int flushed;

        PartsWriter(ByteBuffer buffer, boolean zeroCopy) {
            super(buffer);
            this.zeroCopy = zeroCopy;
        }

        @Override
        public void writeRecords(BaseRecords records) {
            if (records.sizeInBytes() == 0) {
                return;
            }
            if (records instanceof SliceRecords sliceRecords) {
                FetchSlice slice = sliceRecords.slice();
                if (zeroCopy) {
                    flushBytes();
                    parts.add(ResponsePart.fileRegion(slice.channel(), slice.position(),
                            slice.sizeInBytes()));
                } else {
                    slice.readInto(buffer());
                }
            } else if (records instanceof MemoryRecords memoryRecords) {
                if (zeroCopy) {
                    flushBytes();
                    parts.add(ResponsePart.bytes(memoryRecords.buffer()));
                } else {
                    buffer().put(memoryRecords.buffer().duplicate());
                }
            } else {
                throw new IllegalArgumentException("Cannot encode records of type "
                        + records.getClass().getName() + " in a Fetch response");
            }
        }

        List<ResponsePart> finish() {
            if (buffer().hasRemaining()) {
                throw new IllegalStateException("Fetch response encoded " + buffer().position()
                        + " of the " + buffer().capacity() + " bytes it was sized at");
            }
            flushBytes();
            return parts;
        }

        private void flushBytes() {
            int position = buffer().position();
            if (position > flushed) {
                parts.add(ResponsePart.bytes(buffer().slice(flushed, position - flushed)));
                flushed = position;
            }
        }
    }
}
