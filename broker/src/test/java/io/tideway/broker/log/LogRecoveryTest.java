package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash recovery and damaged files on open ({@link LogLoader} through {@link PartitionLog}). */
class LogRecoveryTest {

  @TempDir
  Path root;

  private final ManualClock clock = new ManualClock(1_000);
  private final RecordingListener listener = new RecordingListener();
  private LogDirFlusher flusher;
  private Path dir;
  private LogConfig config;
  private PartitionLog log;

  @BeforeEach
  void setUp() {
    flusher = new LogDirFlusher(root, new CountingFsync());
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
    log = PartitionLog.open(dir, config, flusher, listener, clock);
    return log;
  }

  /** As if the process died: pending flusher work done, then files left as they are. */
  private void crash() {
    flusher.execute(() -> { }).join();
    log.abandon();
    log = null;
  }

  /** Appends {@code batches} batches of 2 records; returns each batch's size. */
  private List<Integer> fill(int batches) {
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      sizes.add(log.append(TestRecords.batch(Compression.NONE, 100 + i, 2, 30)).sizeInBytes());
    }
    return sizes;
  }

  private List<Long> offsets() {
    List<Long> out = new ArrayList<>();
    long offset = log.logStartOffset();
    while (offset < log.logEndOffset()) {
      FetchSlice slice = log.read(offset, 1 << 20, true);
      for (TestRecords.Rec rec : TestRecords.records(slice.toMemoryRecords())) {
        out.add(rec.offset());
      }
      offset = slice.lastOffset() + 1;
    }
    return out;
  }

  private static void corrupt(Path file, long position, byte value) throws Exception {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {value}), position);
    }
  }

  private static void cut(Path file, long size) throws Exception {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }

  @Test
  void aTornTailIsCutAtTheLastWholeBatch() throws Exception {
    open();
    List<Integer> sizes = fill(6);
    crash();
    Path active = LogFileNames.logFile(dir, 0);
    cut(active, Files.size(active) - 7);

    open();
    assertThat(log.logEndOffset()).isEqualTo(10);
    assertThat(Files.size(active)).isEqualTo(sizes.stream().limit(5).mapToLong(i -> i).sum());
    assertThat(listener.events).contains("truncated:0-9");
    assertThat(offsets()).hasSize(10);
    assertThat(log.append(TestRecords.simple(1, 1)).firstOffset()).isEqualTo(10);
  }

  @Test
  void aFlippedCrcByteInTheTailDropsThatBatchAndEverythingAfter() throws Exception {
    open();
    List<Integer> sizes = fill(6);
    crash();
    long fourth = sizes.get(0) + sizes.get(1) + sizes.get(2);
    Path active = LogFileNames.logFile(dir, 0);
    corrupt(active, fourth + BatchHeader.CRC_OFFSET, (byte) 0x5a);

    open();
    assertThat(log.logEndOffset()).isEqualTo(6);
    assertThat(Files.size(active)).isEqualTo(fourth);
    assertThat(offsets()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void theActiveSegmentIndexesAreRebuiltAfterACrash() throws Exception {
    open();
    fill(20);
    int entries = log.segmentMap().lastEntry().getValue().offsetIndex().entries();
    crash();
    // The crash left the preallocated index files; make them garbage too.
    Files.write(LogFileNames.indexFile(dir, 0), new byte[] {1, 2, 3});
    Files.delete(LogFileNames.timeIndexFile(dir, 0));

    open();
    assertThat(log.segmentMap().get(0L).offsetIndex().entries()).isEqualTo(entries);
    assertThat(log.offsetForTimestamp(110)).hasValue(new TimestampAndOffset(110, 19));
    assertThat(offsets()).hasSize(40);
  }

  @Test
  void aMissingOrCorruptIndexOfASealedSegmentIsRebuilt() throws Exception {
    open();
    fill(10);
    log.roll();
    fill(2);
    log.close();
    Files.delete(LogFileNames.indexFile(dir, 0));
    Files.write(LogFileNames.timeIndexFile(dir, 0), new byte[TimeIndex.ENTRY_SIZE * 3]);

    open();
    assertThat(Files.size(LogFileNames.indexFile(dir, 0))).isPositive();
    // Batch i holds offsets 2i, 2i+1 with timestamps 100+i, 101+i.
    assertThat(log.offsetForTimestamp(105)).hasValue(new TimestampAndOffset(105, 9));
    assertThat(log.maxTimestampAndOffset()).hasValue(new TimestampAndOffset(110, 19));
    assertThat(offsets()).hasSize(24);
  }

  @Test
  void aCorruptSealedSegmentIsReportedWithItsPathAndOffsets() throws Exception {
    open();
    List<Integer> sizes = fill(10);
    log.roll();
    fill(2);
    log.close();
    log = null;
    Path sealed = LogFileNames.logFile(dir, 0);
    corrupt(sealed, sizes.get(0) + 70, (byte) 0x11); // inside the second batch's records
    Files.delete(LogFileNames.indexFile(dir, 0)); // forces a validating rebuild

    assertThatThrownBy(() -> PartitionLog.open(dir, config, flusher, listener, clock))
        .isInstanceOfSatisfying(CorruptSegmentException.class, e -> {
          assertThat(e.segmentFile()).isEqualTo(sealed);
          assertThat(e.baseOffset()).isZero();
          assertThat(e.endOffset()).isEqualTo(20);
        })
        .hasMessageContaining(sealed.toString()).hasMessageContaining("offsets 0 to 19")
        .hasMessageContaining("CRC32C mismatch");
  }

  @Test
  void aShortenedSealedSegmentIsReportedAfterAnUncleanShutdown() throws Exception {
    open();
    fill(10);
    log.roll();
    fill(2);
    crash();
    Path sealed = LogFileNames.logFile(dir, 0);
    cut(sealed, Files.size(sealed) - 3);

    assertThatThrownBy(() -> PartitionLog.open(dir, config, flusher, listener, clock))
        .isInstanceOf(CorruptSegmentException.class).hasMessageContaining("offsets 0 to 19");
  }

  @Test
  void segmentsAboveTheRecoveryPointAreRecoveredAndLaterOnesDropped() throws Exception {
    open();
    fill(3);
    log.roll();
    List<Integer> sizes = fill(3);
    log.roll();
    fill(3);
    crash();
    // As if the second segment's roll flush had not completed: its tail is torn.
    Files.delete(dir.resolve("recovery-point.checkpoint"));
    Path second = LogFileNames.logFile(dir, 6);
    cut(second, sizes.get(0) + sizes.get(1) + 10);

    open();
    assertThat(log.logEndOffset()).isEqualTo(10);
    assertThat(log.segments()).extracting(SegmentInfo::baseOffset).containsExactly(0L, 6L);
    assertThat(listener.events).contains("truncated:6-9", "deleted:12:RECOVERY");
    assertThat(LogFileNames.logFile(dir, 12)).doesNotExist();
    assertThat(offsets()).hasSize(10);
  }

  @Test
  void aCleanShutdownSkipsTheScanThatAnUncleanOneDoes() throws Exception {
    open();
    List<Integer> sizes = fill(6);
    log.close();
    // Damage the second batch, which lies before the last index entry of the active segment.
    corrupt(LogFileNames.logFile(dir, 0), sizes.get(0) + 70, (byte) 0x11);

    open();
    assertThat(log.logEndOffset()).isEqualTo(12); // clean: the damage is not even looked at
    crash();

    open();
    assertThat(log.logEndOffset()).isEqualTo(2); // unclean: scanned and cut at the damage
  }

  @Test
  void leftoversAndOrphanIndexesAreRemoved() throws Exception {
    open();
    fill(1);
    log.close();
    Files.write(dir.resolve("00000000000000000000.log.deleted"), new byte[] {1});
    Files.write(dir.resolve("log-start-offset.checkpoint.tmp"), new byte[] {1});
    Files.write(LogFileNames.indexFile(dir, 77), new byte[8]);
    Files.write(dir.resolve("unrelated.txt"), new byte[] {1});

    open();
    assertThat(dir.resolve("00000000000000000000.log.deleted")).doesNotExist();
    assertThat(dir.resolve("log-start-offset.checkpoint.tmp")).doesNotExist();
    assertThat(LogFileNames.indexFile(dir, 77)).doesNotExist();
    assertThat(dir.resolve("unrelated.txt")).exists();
    assertThat(log.logEndOffset()).isEqualTo(2);
  }

  @Test
  void aLogStartOffsetBeyondTheRecoveredEndIsLowered() throws Exception {
    open();
    fill(3);
    log.deleteRecordsBefore(6);
    crash();
    Path active = LogFileNames.logFile(dir, 0);
    cut(active, Files.size(active) - 1);

    Map<String, Object> props = new HashMap<>(Map.of("file.delete.delay.ms", 0L));
    config = LogConfig.from(props);
    open();
    assertThat(log.logEndOffset()).isEqualTo(4);
    assertThat(log.logStartOffset()).isEqualTo(4);
    assertThat(log.append(TestRecords.simple(1, 1)).firstOffset()).isEqualTo(4);
  }
}
