package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .txnindex} files of a partition log: where entries go, how they are found, and that
 * they live and die with their segments (flush, retention, delete-records, truncation, reopen,
 * crash, damage).
 */
class TransactionIndexLogTest {

  @TempDir
  Path root;

  private final ManualClock clock = new ManualClock(1_000_000);
  private final RecordingListener listener = new RecordingListener();
  private final CountingFsync fsync = new CountingFsync();
  private LogDirFlusher flusher;
  private PartitionLog log;
  private Path dir;

  @BeforeEach
  void setUp() {
    flusher = new LogDirFlusher(root, fsync);
    dir = root.resolve("topic-0");
  }

  @AfterEach
  void tearDown() {
    if (log != null) {
      log.close();
    }
    flusher.close();
  }

  private PartitionLog open(Map<String, ?> overrides) {
    Map<String, Object> props = new HashMap<>(Map.of("file.delete.delay.ms", 0L));
    props.putAll(overrides);
    log = PartitionLog.open(dir, LogConfig.from(props), flusher, listener, clock);
    return log;
  }

  private PartitionLog reopen() {
    LogConfig config = log.config();
    log.close();
    log = PartitionLog.open(dir, config, flusher, listener, clock);
    return log;
  }

  /** Appends a one-record batch; returns its offset. */
  private long append() {
    return log.append(TestRecords.simple(clock.millis(), 1)).firstOffset();
  }

  /** Appends {@code count} batches and records an abort of {@code producerId} at the last. */
  private AbortedTransaction abortAfter(long producerId, int count) {
    long first = append();
    long marker = first;
    for (int i = 1; i < count; i++) {
      marker = append();
    }
    AbortedTransaction entry = new AbortedTransaction(producerId, first, marker, marker + 1);
    log.appendAbortedTransaction(entry).join();
    return entry;
  }

  private Path txnIndex(long baseOffset) {
    return LogFileNames.txnIndexFile(dir, baseOffset);
  }

  private long recoveryPoint() throws IOException {
    return new OffsetCheckpointFile(dir.resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT),
        Fsync.DATASYNC, FileWrites.DIRECT).read().orElse(-1L);
  }

  /** Three segments of four batches each, one abort in each of the first two. */
  private List<AbortedTransaction> threeSegments() {
    open(Map.of());
    AbortedTransaction first = abortAfter(1, 3);
    append();
    log.roll();
    AbortedTransaction second = abortAfter(2, 2);
    append();
    append();
    log.roll();
    append();
    assertThat(log.segments()).extracting(SegmentInfo::baseOffset).containsExactly(0L, 4L, 8L);
    return List.of(first, second);
  }

  @Test
  void entriesGoToTheSegmentOfTheirMarkerAndAreFoundAcrossSegments() throws IOException {
    List<AbortedTransaction> entries = threeSegments();
    assertThat(Files.size(txnIndex(0))).isEqualTo(AbortedTransaction.SIZE);
    assertThat(Files.size(txnIndex(4))).isEqualTo(AbortedTransaction.SIZE);
    assertThat(txnIndex(8)).doesNotExist();
    assertThat(log.abortedTransactions(0, 9)).containsExactlyElementsOf(entries);
    assertThat(log.abortedTransactions(2, 4)).containsExactly(entries.get(0));
    assertThat(log.abortedTransactions(3, 4)).isEmpty();
    assertThat(log.abortedTransactions(4, 9)).containsExactly(entries.get(1));
    assertThat(log.abortedTransactions(0, 2)).containsExactly(entries.get(0));
    assertThat(log.abortedTransactions(6, 9)).isEmpty();
    assertThat(log.abortedTransactions(5, 5)).isEmpty();
    assertThatThrownBy(() -> log.appendAbortedTransaction(new AbortedTransaction(3, 5, 9, 10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the log");
  }

  @Test
  void underGroupCommitAnEntryIsFsyncedBeforeItsFutureCompletes() {
    open(Map.of("log.flush.policy", "group-commit"));
    long offset = log.append(TestRecords.simple(clock.millis(), 2)).lastOffset();
    CompletableFuture<Void> durable =
        log.appendAbortedTransaction(new AbortedTransaction(5, 0, offset, offset + 1));
    durable.join();
    assertThat(fsync.count(txnIndex(0))).isEqualTo(1);
    log.roll();
    log.close();
    log = null;
    assertThat(fsync.count(txnIndex(0))).as("nothing new to sync at roll or close").isEqualTo(1);
  }

  @Test
  void aCleanReopenLoadsTheIndexesAndNeedsNoRebuild() {
    List<AbortedTransaction> entries = threeSegments();
    reopen();
    assertThat(log.transactionIndexRebuildOffset()).isEmpty();
    assertThat(log.abortedTransactions(0, 9)).containsExactlyElementsOf(entries);
  }

  @Test
  void retentionAndDeleteRecordsRemoveTheIndexesOfDeletedSegmentsAndForgetOlderEntries() {
    List<AbortedTransaction> entries = threeSegments();
    log.deleteRecordsBefore(6);
    assertThat(txnIndex(0)).doesNotExist();
    assertThat(txnIndex(4)).exists();
    assertThat(log.segmentMap().firstEntry().getValue().txnIndex().entries())
        .as("marker 5 lies below the new log start 6").isEmpty();
    assertThat(log.abortedTransactions(6, 9)).isEmpty();
    reopen();
    assertThat(log.segmentMap().firstEntry().getValue().txnIndex().entries()).isEmpty();
    assertThat(Files.exists(txnIndex(4))).as("the file keeps it until its segment goes").isTrue();
    assertThat(entries).hasSize(2);
  }

  @Test
  void truncationDropsTheEntriesOfTheCutAndTheSegmentsAfterIt() throws IOException {
    List<AbortedTransaction> entries = threeSegments();
    log.truncateTo(5);
    assertThat(txnIndex(4)).exists();
    assertThat(Files.size(txnIndex(4))).isZero();
    assertThat(txnIndex(8)).doesNotExist();
    assertThat(log.abortedTransactions(0, 5)).containsExactly(entries.get(0));
    reopen();
    assertThat(log.abortedTransactions(0, 5)).containsExactly(entries.get(0));
  }

  @Test
  void anUncleanOpenEmptiesTheRecoveredSegmentsAndHoldsTheRecoveryPointUntilTheRebuild()
      throws IOException {
    List<AbortedTransaction> entries = threeSegments();
    AbortedTransaction inActive = new AbortedTransaction(3, 8, 8, 9);
    log.appendAbortedTransaction(inActive);
    flusher.execute(() -> { }).join();
    log.abandon();
    open(Map.of());
    assertThat(log.transactionIndexRebuildOffset()).isEqualTo(OptionalLong.of(8));
    assertThat(log.abortedTransactions(0, 9)).containsExactlyElementsOf(entries);
    log.appendAbortedTransaction(inActive);
    log.transactionIndexRebuilt();
    assertThat(log.transactionIndexRebuildOffset()).isEmpty();
    assertThat(recoveryPoint()).isEqualTo(8);
    assertThat(log.abortedTransactions(8, 9)).containsExactly(inActive);
  }

  @Test
  void aDamagedSealedIndexEmptiesTheIndexesFromItsSegmentOnAndLowersTheRecoveryPoint()
      throws IOException {
    threeSegments();
    log.close();
    log = null;
    Files.write(txnIndex(0), new byte[] {9}, StandardOpenOption.APPEND);
    open(Map.of());
    assertThat(log.transactionIndexRebuildOffset()).isEqualTo(OptionalLong.of(0));
    assertThat(recoveryPoint()).isZero();
    assertThat(log.abortedTransactions(0, 9)).isEmpty();
    assertThat(Files.size(txnIndex(0))).isZero();
    assertThat(Files.size(txnIndex(4))).isZero();
    log.transactionIndexRebuilt();
    assertThat(recoveryPoint()).isEqualTo(8);
  }

  @Test
  void orphanIndexesAreRemovedOnOpen() throws IOException {
    open(Map.of());
    append();
    log.close();
    log = null;
    Files.write(txnIndex(42), new byte[0]);
    open(Map.of());
    assertThat(txnIndex(42)).doesNotExist();
  }
}
