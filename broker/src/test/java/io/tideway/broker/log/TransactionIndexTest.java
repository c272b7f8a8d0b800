package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code .txnindex} file of one segment: codec, checks, truncation and the fetch search. */
class TransactionIndexTest {

  private static final long BASE = 100;

  @TempDir
  Path dir;

  private Path file() {
    return LogFileNames.txnIndexFile(dir, BASE);
  }

  @Test
  void theFileIsCreatedWithItsFirstEntryInKafkasFormat() throws IOException {
    try (TransactionIndex index = TransactionIndex.open(file(), BASE, FileWrites.DIRECT)) {
      assertThat(file()).doesNotExist();
      index.append(new AbortedTransaction(7, 90, 105, 106));
      index.append(new AbortedTransaction(8, 101, 110, 95));
    }
    byte[] bytes = Files.readAllBytes(file());
    assertThat(bytes).hasSize(2 * AbortedTransaction.SIZE);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    assertThat(buffer.getShort()).as("version").isZero();
    assertThat(buffer.getLong()).isEqualTo(7);
    assertThat(buffer.getLong()).isEqualTo(90);
    assertThat(buffer.getLong()).isEqualTo(105);
    assertThat(buffer.getLong()).isEqualTo(106);
    try (TransactionIndex reopened = TransactionIndex.open(file(), BASE, FileWrites.DIRECT)) {
      reopened.sanityCheck(111);
      assertThat(reopened.entries()).containsExactly(new AbortedTransaction(7, 90, 105, 106),
          new AbortedTransaction(8, 101, 110, 95));
    }
  }

  @Test
  void aTornOrForeignFileIsReportedWithItsPath() throws IOException {
    write(new AbortedTransaction(7, 100, 105, 106));
    Files.write(file(), new byte[] {0, 0, 0}, StandardOpenOption.APPEND);
    assertCorrupt(Long.MAX_VALUE, "length 37 is not a multiple of the entry size 34");

    ByteBuffer wrongVersion = ByteBuffer.allocate(AbortedTransaction.SIZE);
    new AbortedTransaction(7, 100, 105, 106).writeTo(wrongVersion);
    wrongVersion.putShort(0, (short) 1);
    Files.write(file(), wrongVersion.array());
    assertCorrupt(Long.MAX_VALUE, "entry at byte 0: Transaction index entry has version 1");
  }

  @Test
  void entriesOutsideTheSegmentOrOutOfOrderAreReported() throws IOException {
    write(new AbortedTransaction(7, 10, 99, 100));
    assertCorrupt(Long.MAX_VALUE, "marker offset 99, below the segment's base offset 100");
    write(new AbortedTransaction(7, 100, 105, 106), new AbortedTransaction(8, 100, 103, 106));
    assertCorrupt(Long.MAX_VALUE, "entry at byte 34 has marker offset 103");
    write(new AbortedTransaction(7, 100, 105, 106));
    try (TransactionIndex index = TransactionIndex.open(file(), BASE, FileWrites.DIRECT)) {
      assertThatThrownBy(() -> index.sanityCheck(105))
          .isInstanceOf(CorruptIndexException.class).hasMessageContaining(file().toString())
          .hasMessageContaining("marker offset 105, at or past the segment's end offset 105");
      index.sanityCheck(106);
    }
  }

  private void write(AbortedTransaction... entries) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(entries.length * AbortedTransaction.SIZE);
    for (AbortedTransaction entry : entries) {
      entry.writeTo(buffer);
    }
    Files.write(file(), buffer.array());
  }

  private void assertCorrupt(long nextOffset, String problem) throws IOException {
    try (TransactionIndex index = TransactionIndex.open(file(), BASE, FileWrites.DIRECT)) {
      assertThat(index.entries()).isEmpty();
      assertThatThrownBy(() -> index.sanityCheck(nextOffset))
          .isInstanceOf(CorruptIndexException.class).hasMessageContaining(file().toString())
          .hasMessageContaining(problem);
    }
  }

  @Test
  void appendsMustFollowTheLastMarker() throws IOException {
    try (TransactionIndex index = TransactionIndex.open(file(), BASE, FileWrites.DIRECT)) {
      index.append(new AbortedTransaction(7, 100, 105, 106));
      assertThatThrownBy(() -> index.append(new AbortedTransaction(8, 100, 105, 106)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not follow");
      assertThatThrownBy(() -> index.append(new AbortedTransaction(8, 10, 99, 106)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void truncationDropsEntriesFromTheCutAndForgettingOnlyTouchesMemory() throws IOException {
    try (TransactionIndex index = TransactionIndex.open(file(), BASE, FileWrites.DIRECT)) {
      for (int i = 0; i < 4; i++) {
        index.append(new AbortedTransaction(i, 100 + 10L * i, 105 + 10L * i, 106 + 10L * i));
      }
      index.forgetBefore(115);
      assertThat(index.entries()).extracting(AbortedTransaction::lastOffset)
          .containsExactly(115L, 125L, 135L);
      index.truncateTo(125);
      assertThat(index.entries()).extracting(AbortedTransaction::lastOffset)
          .containsExactly(115L);
      assertThat(Files.size(file())).isEqualTo(2L * AbortedTransaction.SIZE);
      index.append(new AbortedTransaction(9, 120, 130, 131));
      assertThat(Files.size(file())).isEqualTo(3L * AbortedTransaction.SIZE);
      index.reset();
      assertThat(index.entries()).isEmpty();
      assertThat(Files.size(file())).isZero();
    }
    try (TransactionIndex reopened = TransactionIndex.open(file(), BASE, FileWrites.DIRECT)) {
      reopened.sanityCheck(BASE);
      assertThat(reopened.entries()).isEmpty();
    }
  }

  @Test
  void syncForcesOnlyAfterNewEntries() throws IOException {
    CountingFsync fsync = new CountingFsync();
    try (TransactionIndex index = TransactionIndex.open(file(), BASE, FileWrites.DIRECT)) {
      index.sync(fsync);
      index.append(new AbortedTransaction(7, 100, 105, 106));
      index.sync(fsync);
      index.sync(fsync);
    }
    assertThat(fsync.count(file())).isEqualTo(1);
    assertThat(fsync.total()).isEqualTo(1);
  }

  @Provide
  Arbitrary<List<AbortedTransaction>> entryLists() {
    return Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE / 2),
        Arbitraries.integers().between(0, 40), Arbitraries.integers().between(1, 50),
        Arbitraries.longs().between(0, 1000))
        .as((producerId, firstBack, gap, lso) -> new long[] {producerId, firstBack, gap, lso})
        .list().ofMaxSize(60).map(specs -> {
          List<AbortedTransaction> entries = new ArrayList<>();
          long marker = BASE;
          for (long[] spec : specs) {
            marker += spec[2];
            // The last stable offset after an abort is at most the offset after its marker.
            entries.add(new AbortedTransaction(spec[0], Math.max(0, marker - spec[1]), marker,
                Math.min(spec[3], marker + 1)));
          }
          return entries;
        });
  }

  @Property(tries = 200)
  void everyIndexReadsBackAsWrittenAndByteForByte(
      @ForAll("entryLists") List<AbortedTransaction> entries) throws IOException {
    Path tmp = TempDirs.create("txnindex");
    try {
      Path path = LogFileNames.txnIndexFile(tmp, BASE);
      try (TransactionIndex index = TransactionIndex.open(path, BASE, FileWrites.DIRECT)) {
        for (AbortedTransaction entry : entries) {
          index.append(entry);
        }
      }
      ByteBuffer expected = ByteBuffer.allocate(entries.size() * AbortedTransaction.SIZE);
      entries.forEach(entry -> entry.writeTo(expected));
      if (entries.isEmpty()) {
        assertThat(path).doesNotExist();
      } else {
        assertThat(Files.readAllBytes(path)).isEqualTo(expected.array());
      }
      try (TransactionIndex reopened = TransactionIndex.open(path, BASE, FileWrites.DIRECT)) {
        long end = entries.isEmpty() ? BASE : entries.get(entries.size() - 1).lastOffset() + 1;
        reopened.sanityCheck(end);
        assertThat(reopened.entries()).containsExactlyElementsOf(entries);
      }
    } finally {
      TempDirs.deleteRecursively(tmp);
    }
  }

  /** One step of a partition's history: a producer's data record, commit or abort. */
  record Step(int producer, int kind) {
  }

  @Provide
  Arbitrary<List<Step>> histories() {
    return Combinators.combine(Arbitraries.integers().between(0, 4),
        Arbitraries.integers().between(0, 4).map(k -> k <= 2 ? 0 : k - 2))
        .as(Step::new).list().ofMaxSize(120);
  }

  /**
   * Entries recorded as the partition records them (the last stable offset of the moment), then
   * searched for random fetch ranges: the early-stopping search finds exactly the entries a full
   * scan with Kafka's condition finds.
   */
  @Property(tries = 200)
  void theSearchFindsExactlyWhatAFullScanFinds(@ForAll("histories") List<Step> steps,
      @ForAll @IntRange(min = 0, max = 130) int fetchOffset,
      @ForAll @IntRange(min = 0, max = 60) int length) throws IOException {
    Path tmp = TempDirs.create("txnsearch");
    try (TransactionIndex index = TransactionIndex.open(LogFileNames.txnIndexFile(tmp, 0), 0,
        FileWrites.DIRECT)) {
      List<AbortedTransaction> all = record(steps, index);
      long upperBound = fetchOffset + length;
      List<AbortedTransaction> found = new ArrayList<>();
      index.collect(fetchOffset, upperBound, found);
      assertThat(found).containsExactlyElementsOf(all.stream()
          .filter(e -> e.lastOffset() >= fetchOffset && e.firstOffset() < upperBound).toList());
    } finally {
      TempDirs.deleteRecursively(tmp);
    }
  }

  private static List<AbortedTransaction> record(List<Step> steps, TransactionIndex index)
      throws IOException {
    Map<Integer, Long> open = new HashMap<>();
    List<AbortedTransaction> entries = new ArrayList<>();
    long offset = 0;
    for (Step step : steps) {
      if (step.kind() == 0) {
        open.putIfAbsent(step.producer(), offset);
      } else {
        Long first = open.remove(step.producer());
        if (first != null && step.kind() == 2) {
          long lso = open.values().stream().min(Long::compare).orElse(offset + 1);
          AbortedTransaction entry = new AbortedTransaction(step.producer(), first, offset, lso);
          index.append(entry);
          entries.add(entry);
        }
      }
      offset++;
    }
    return entries;
  }
}
