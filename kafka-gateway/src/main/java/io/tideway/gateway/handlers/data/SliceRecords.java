package io.tideway.gateway.handlers.data;

import io.tideway.broker.log.FetchSlice;
import java.util.Objects;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

/**
 * A fetched {@link FetchSlice} standing in for a partition's records in a {@code
 * FetchResponseData}: the generated message sizes it as zero-copy bytes and hands it to {@code
 * Writable.writeRecords}, where {@link FetchResponseEncoder} turns it into a file region (or copies
 * it). It is never turned into a kafka-clients {@code Send}.
 *
 * <p>Thread contract: immutable; the slice is safe to read from any thread.
 */
final class SliceRecords implements BaseRecords {

    private final FetchSlice slice;

    SliceRecords(FetchSlice slice) {
        this.slice = Objects.requireNonNull(slice, "slice");
    }

    FetchSlice slice() {
        return slice;
    }

    @Override
    public int sizeInBytes() {
        return slice.sizeInBytes();
    }

    @Override
    public RecordsSend<? extends BaseRecords> toSend() {
        throw new UnsupportedOperationException(
                "Fetched slices are written by FetchResponseEncoder, not sent by kafka-clients");
    }

    @Override
    public String toString() {
        return "SliceRecords(" + slice + ")";
    }
}
