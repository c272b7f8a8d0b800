package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, through injected write failures ({@link FakeDisk}): a failed append is undone,
 * the directory refuses appends until space returns, reads go on, and appends resume without a
 * reopen.
 */
class DiskFullTest {

  private static final String ENOSPC = "No space left on device";

  @TempDir
  Path root;

  private final ManualClock clock = new ManualClock(1_000);
  private final FakeDisk disk = new FakeDisk(1L << 40);
  private final List<TestRecords.Rec> written = new ArrayList<>();
  private LogDirFlusher flusher;
  private LogConfig config;
  private PartitionLog log;
  private Path dir;

  @BeforeEach
  void setUp() {
    flusher = new LogDirFlusher(root, (channel, path) -> { }, disk,
        new LogDirWriteGuard(root, disk, 0));
    dir = root.resolve("t-0");
    config = LogConfig.from(Map.of("index.interval.bytes", 100, "file.delete.delay.ms", 0L));
  }

  @AfterEach
  void tearDown() {
    if (log != null) {
      log.close();
    }
    flusher.close();
  }

  private PartitionLog open() {
    log = PartitionLog.open(dir, config, flusher, SegmentListener.NONE, clock);
    return log;
  }

  /** Appends one batch of 2 records and remembers them as acknowledged. */
  private LogAppendResult append(int i) {
    var batch = TestRecords.batch(Compression.NONE, 100 + i, 2, 40, "b" + i + "-");
    List<TestRecords.Rec> records = TestRecords.records(batch); // before offsets are assigned
    LogAppendResult result = log.append(batch);
    for (TestRecords.Rec rec : records) {
      written.add(new TestRecords.Rec(result.firstOffset() + rec.offset(), rec.timestamp(),
          rec.key(), rec.value()));
    }
    return result;
  }

  private static List<TestRecords.Rec> readAll(PartitionLog log) {
    List<TestRecords.Rec> out = new ArrayList<>();
    long offset = log.logStartOffset();
    while (offset < log.logEndOffset()) {
      FetchSlice slice = log.read(offset, 1 << 20, true);
      out.addAll(TestRecords.records(slice.toMemoryRecords()));
      offset = slice.lastOffset() + 1;
    }
    return out;
  }

  private long activeSize() throws Exception {
    return Files.size(LogFileNames.logFile(dir, log.segments().get(log.segments().size() - 1)
        .baseOffset()));
  }

  @Test
  void aWriteThatRunsOutOfSpaceIsUndoneAndAppendsResumeOnceSpaceReturns() throws Exception {
    open();
    for (int i = 0; i < 5; i++) {
      append(i);
    }
    long size = activeSize();
    disk.setFree(50); // a batch is larger: the write stops half way

    assertThatThrownBy(() -> append(5)).isInstanceOf(KafkaStorageException.class)
        .hasMessageContaining(ENOSPC).hasMessageContaining("nothing was written");
    assertThat(log.logEndOffset()).isEqualTo(10);
    assertThat(activeSize()).isEqualTo(size);
    assertThat(readAll(log)).isEqualTo(written);
    assertThat(flusher.guard().refusal()).hasValueSatisfying(
        reason -> assertThat(reason).contains("disk full"));

    // Refused at once while space is short, here and in every partition of the directory.
    assertThatThrownBy(() -> append(5)).isInstanceOf(KafkaStorageException.class)
        .hasMessageContaining("refuses appends").hasMessageContaining("until space is freed");
    PartitionLog neighbour = PartitionLog.open(root.resolve("t-1"), config, flusher,
        SegmentListener.NONE, clock);
    try {
      assertThatThrownBy(() -> neighbour.append(TestRecords.simple(1, 1)))
          .isInstanceOf(KafkaStorageException.class).hasMessageContaining("refuses appends");
    } finally {
      neighbour.close();
    }
    assertThat(activeSize()).isEqualTo(size);

    disk.setFree(1 << 20);
    assertThat(append(5).firstOffset()).isEqualTo(10);
    assertThat(flusher.guard().refusal()).isEmpty();
    assertThat(readAll(log)).isEqualTo(written);

    log.abandon(); // a crash now recovers exactly the acknowledged appends
    open();
    assertThat(readAll(log)).isEqualTo(written);
  }

  @Test
  void aFailedIndexPageReservationIsUndoneBeforeAnyDataIsWritten() throws Exception {
    open();
    disk.failWrites(path -> path.toString().endsWith(".index"), ENOSPC);

    assertThatThrownBy(() -> append(0)).isInstanceOf(KafkaStorageException.class)
        .hasMessageContaining(ENOSPC);
    assertThat(activeSize()).isZero();
    assertThat(log.logEndOffset()).isZero();

    disk.healed();
    for (int i = 0; i < 8; i++) {
      append(i);
    }
    assertThat(readAll(log)).isEqualTo(written);
    assertThat(log.segmentMap().firstEntry().getValue().offsetIndex().entries()).isPositive();
    log.close();
    open();
    assertThat(readAll(log)).isEqualTo(written);
  }

  @Test
  void anUnwrittenAbortedTransactionEntryStaysInMemoryAndBlocksACleanShutdown() throws Exception {
    open();
    for (int i = 0; i < 3; i++) {
      append(i);
    }
    disk.failWrites(path -> path.toString().endsWith(".txnindex"), ENOSPC);
    AbortedTransaction aborted = new AbortedTransaction(7, 0, 5, 0);

    log.appendAbortedTransaction(aborted).join();
    assertThat(log.abortedTransactions(0, 6)).containsExactly(aborted);
    // The segment cannot be sealed while its index lacks an entry: the roll is undone.
    assertThatThrownBy(() -> log.roll()).isInstanceOf(KafkaStorageException.class)
        .hasMessageContaining(ENOSPC);
    assertThat(log.segments()).hasSize(1);
    assertThat(append(3).firstOffset()).isEqualTo(6);

    log.close(); // without the marker: the next open rebuilds the index from the log
    assertThat(dir.resolve(LogFileNames.CLEAN_SHUTDOWN)).doesNotExist();
    disk.healed();
    open();
    assertThat(log.transactionIndexRebuildOffset()).hasValue(0);
    assertThat(readAll(log)).isEqualTo(written);
  }

  @Test
  void aPendingAbortedTransactionEntryIsWrittenOnceSpaceReturns() throws Exception {
    open();
    for (int i = 0; i < 3; i++) {
      append(i);
    }
    disk.failWrites(path -> path.toString().endsWith(".txnindex"), ENOSPC);
    AbortedTransaction first = new AbortedTransaction(7, 0, 3, 0);
    log.appendAbortedTransaction(first).join();
    disk.healed();
    AbortedTransaction second = new AbortedTransaction(8, 4, 5, 4);
    log.appendAbortedTransaction(second).join();

    assertThat(Files.size(LogFileNames.txnIndexFile(dir, 0)))
        .isEqualTo(2L * AbortedTransaction.SIZE);
    log.roll();
    log.close();
    open();
    assertThat(log.transactionIndexRebuildOffset()).isEmpty();
    assertThat(log.abortedTransactions(0, 6)).containsExactly(first, second);
  }

  @Test
  void aDeleteRecordsWhoseCheckpointCannotBeWrittenChangesNothing() throws Exception {
    open();
    for (int i = 0; i < 3; i++) {
      append(i);
    }
    disk.failWrites(path -> path.toString().endsWith(".checkpoint.tmp"), ENOSPC);

    assertThatThrownBy(() -> log.deleteRecordsBefore(4)).isInstanceOf(KafkaStorageException.class)
        .hasMessageContaining(ENOSPC);
    assertThat(log.logStartOffset()).isZero();
    assertThat(dir.resolve(LogFileNames.LOG_START_OFFSET_CHECKPOINT + ".tmp")).doesNotExist();

    disk.healed();
    append(3);
    assertThat(readAll(log)).isEqualTo(written);
    assertThat(log.deleteRecordsBefore(4)).isEqualTo(4);
  }

  @Test
  void aWriteErrorOtherThanAFullDiskIsHandledTheSameWay() throws Exception {
    open();
    append(0);
    disk.failWrites(path -> path.toString().endsWith(".log"), "Input/output error");

    assertThatThrownBy(() -> append(1)).isInstanceOf(KafkaStorageException.class)
        .hasMessageContaining("Input/output error");
    assertThat(flusher.guard().refusal()).hasValueSatisfying(
        reason -> assertThat(reason).startsWith("write failed"));
    disk.healed(); // space was never short: the next append is tried, and works
    append(1);
    assertThat(readAll(log)).isEqualTo(written);
  }
}
