package io.tideway.broker.internal.producer;

import io.tideway.broker.log.AbortedTransaction;
import io.tideway.broker.log.BatchHeader;
import io.tideway.broker.log.FetchSlice;
import io.tideway.broker.log.PartitionLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Iterator;
import java.util.Optional;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Replays a range of a partition log into a {@link ProducerStateManager}: data batches by their
 * 61-byte header, COMMIT/ABORT control batches by their one control record (the marker type and
 * coordinator epoch are in the record, not the header). Aborted transactions whose marker lies at
 * or after {@code indexFrom} are written to the log's transaction index, with the last stable
 * offset the live path would have recorded: this is how the indexes emptied by an unclean open
 * are rebuilt.
 *
 * <p>Thread contract: not thread-safe; one replay at a time on the worker opening the partition.
 * Blocking (positional reads).
 */
final class LogReplay {

  private final PartitionLog partitionLog;
  private final ProducerStateManager state;
  private final long indexFrom;
  private final ByteBuffer header = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
  private int batches;
  private int indexedAborts;

  /**
   * @param indexFrom markers at or after this offset get their aborted transaction indexed;
   *     {@code Long.MAX_VALUE} for none
   */
  LogReplay(PartitionLog partitionLog, ProducerStateManager state, long indexFrom) {
    this.partitionLog = partitionLog;
    this.state = state;
    this.indexFrom = indexFrom;
  }

  /** Batches replayed so far. */
  int batches() {
    return batches;
  }

  /** Aborted transactions written to the transaction index so far. */
  int indexedAborts() {
    return indexedAborts;
  }

  /** Replays every batch ending at or after {@code from}, up to {@code logEnd}. */
  void run(long from, long logEnd) throws IOException {
    long next = from;
    while (next < logEnd) {
      FetchSlice slice = partitionLog.read(next, Integer.MAX_VALUE, true);
      if (slice.isEmpty()) {
        return;
      }
      long position = slice.position();
      long end = position + slice.sizeInBytes();
      while (position < end) {
        readFully(slice.channel(), header.clear(), position, slice);
        BatchHeader parsed = BatchHeader.parse(header, 0);
        if (parsed.lastOffset() >= from) {
          if (parsed.isControl()) {
            replayMarker(slice, position, parsed);
          } else {
            state.replay(parsed);
          }
          batches++;
        }
        position += parsed.sizeInBytes();
      }
      next = slice.lastOffset() + 1;
    }
  }

  private void replayMarker(FetchSlice slice, long position, BatchHeader batch)
      throws IOException {
    if (batch.producerId() < 0 || batch.recordCount() == 0) {
      return; // not a transaction marker (or an emptied one): nothing to apply
    }
    ByteBuffer bytes = ByteBuffer.allocate(batch.sizeInBytes());
    readFully(slice.channel(), bytes, position, slice);
    RecordBatch parsed = MemoryRecords.readableRecords(bytes.flip()).batches().iterator().next();
    Iterator<Record> records = parsed.iterator();
    if (!records.hasNext()) {
      return;
    }
    Record record = records.next();
    ControlRecordType type = ControlRecordType.parse(record.key());
    if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
      return;
    }
    EndTransactionMarker marker = EndTransactionMarker.deserialize(record);
    Optional<CompletedTxn> completed = state.completeMarker(batch.producerId(),
        batch.producerEpoch(), marker.coordinatorEpoch(), type == ControlRecordType.COMMIT,
        batch.baseOffset(), batch.maxTimestamp());
    if (completed.isPresent() && completed.get().aborted() && batch.baseOffset() >= indexFrom) {
      CompletedTxn txn = completed.get();
      partitionLog.appendAbortedTransaction(new AbortedTransaction(txn.producerId(),
          txn.firstOffset(), txn.lastOffset(), state.lastStableOffsetAfter(txn)));
      indexedAborts++;
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer into, long position,
      FetchSlice slice) throws IOException {
    int start = into.position();
    while (into.hasRemaining()) {
      if (channel.read(into, position + into.position() - start) < 0) {
        throw new IOException("Segment " + slice.file() + " ended inside the batch at byte "
            + position);
      }
    }
  }
}
