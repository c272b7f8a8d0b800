package io.tideway.broker.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerSnapshotFileTest {

  @TempDir
  Path dir;

  private static ProducerEntry entry(long producerId, int batches) {
    List<BatchMetadata> list = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      list.add(new BatchMetadata(i * 10, i * 10 + 9, 100L * i, 100L * i + 9, 1_700_000_000_000L));
    }
    return new ProducerEntry(producerId, (short) 3, list, 1_700_000_000_123L, 7,
        producerId == 2 ? 150 : -1);
  }

  @Test
  void writesAndReadsBackAndListsByOffset() throws IOException {
    List<ProducerEntry> entries = List.of(entry(1, 5), entry(2, 1), entry(Long.MAX_VALUE, 0));
    ProducerSnapshotFile.write(dir, 1234, entries);
    ProducerSnapshotFile.write(dir, 99, List.of());
    assertThat(ProducerSnapshotFile.path(dir, 1234).getFileName().toString())
        .isEqualTo("00000000000000001234.snapshot");
    assertThat(ProducerSnapshotFile.read(ProducerSnapshotFile.path(dir, 1234)))
        .containsExactlyElementsOf(entries);
    assertThat(ProducerSnapshotFile.read(ProducerSnapshotFile.path(dir, 99))).isEmpty();
    assertThat(ProducerSnapshotFile.offsets(dir)).containsExactly(99L, 1234L);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.endsWith(".tmp"));
    }
    assertThat(ProducerSnapshotFile.deleteIf(dir, offset -> offset < 1000)).isEqualTo(1);
    assertThat(ProducerSnapshotFile.offsets(dir)).containsExactly(1234L);
  }

  @Test
  void aDamagedOrTruncatedFileIsReportedAsCorrupt() throws IOException {
    ProducerSnapshotFile.write(dir, 5, List.of(entry(1, 3)));
    Path file = ProducerSnapshotFile.path(dir, 5);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 3] ^= 0x40;
    Files.write(file, bytes);
    assertThatThrownBy(() -> ProducerSnapshotFile.read(file))
        .isInstanceOf(ProducerSnapshotFile.CorruptSnapshotException.class)
        .hasMessageContaining("CRC32C mismatch");
    Files.write(file, ByteBuffer.allocate(3).array());
    assertThatThrownBy(() -> ProducerSnapshotFile.read(file))
        .isInstanceOf(ProducerSnapshotFile.CorruptSnapshotException.class);
  }

  @Test
  void unrelatedFilesAreIgnoredAndAMissingDirectoryHasNoSnapshots() throws IOException {
    Files.writeString(dir.resolve("notes.snapshot"), "x");
    Files.writeString(dir.resolve("00000000000000000001.log"), "x");
    assertThat(ProducerSnapshotFile.offsets(dir)).isEmpty();
    assertThat(ProducerSnapshotFile.offsets(dir.resolve("missing"))).isEmpty();
  }

  @Property(tries = 100)
  void everySnapshotReadsBackAsWritten(@ForAll("entries") List<ProducerEntry> entries)
      throws IOException {
    Path tmp = Files.createTempDirectory("snapshot-property");
    try {
      ProducerSnapshotFile.write(tmp, 7, entries);
      assertThat(ProducerSnapshotFile.read(ProducerSnapshotFile.path(tmp, 7)))
          .containsExactlyElementsOf(entries);
    } finally {
      try (Stream<Path> files = Files.walk(tmp)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Provide
  Arbitrary<List<ProducerEntry>> entries() {
    Arbitrary<BatchMetadata> batch = Combinators.combine(Arbitraries.integers(),
        Arbitraries.integers(), Arbitraries.longs().greaterOrEqual(0),
        Arbitraries.longs().greaterOrEqual(0), Arbitraries.longs())
        .as(BatchMetadata::new);
    Arbitrary<ProducerEntry> entry = Combinators.combine(Arbitraries.longs().greaterOrEqual(0),
        Arbitraries.shorts(), batch.list().ofMaxSize(ProducerEntry.BATCHES_TO_RETAIN),
        Arbitraries.longs(), Arbitraries.integers().greaterOrEqual(-1),
        Arbitraries.longs().greaterOrEqual(-1)).as(ProducerEntry::new);
    return entry.list().ofMaxSize(20);
  }

  @Test
  void writesFormatVersionTwo() throws IOException {
    ProducerSnapshotFile.write(dir, 3, List.of(entry(2, 1)));
    ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(ProducerSnapshotFile.path(dir, 3)));
    assertThat(file.getShort(0)).isEqualTo(ProducerSnapshotFile.VERSION_2);
    // header 18, producer 31 (id, epoch, timestamp, coordinator epoch, txn offset, count), batch 32
    assertThat(file.capacity()).isEqualTo(18 + 31 + 32);
    assertThat(file.getInt(18 + 18)).as("coordinator epoch").isEqualTo(7);
    assertThat(file.getLong(18 + 22)).as("current transaction first offset").isEqualTo(150);
  }

  @Test
  void aVersionOneSnapshotLoadsWithoutTransactions() throws IOException {
    BatchMetadata batch = new BatchMetadata(0, 4, 10, 14, 1_700_000_000_000L);
    ByteBuffer v1 = ByteBuffer.allocate(18 + 19 + 32);
    v1.putShort(ProducerSnapshotFile.VERSION_1).putInt(0).putLong(15).putInt(1);
    v1.putLong(42).putShort((short) 2).putLong(1_700_000_000_123L).put((byte) 1);
    v1.putInt(batch.firstSeq()).putInt(batch.lastSeq()).putLong(batch.firstOffset())
        .putLong(batch.lastOffset()).putLong(batch.timestamp());
    CRC32C crc = new CRC32C();
    crc.update(v1.array(), 6, v1.capacity() - 6);
    v1.putInt(2, (int) crc.getValue());
    Files.write(ProducerSnapshotFile.path(dir, 15), v1.array());

    assertThat(ProducerSnapshotFile.read(ProducerSnapshotFile.path(dir, 15))).containsExactly(
        new ProducerEntry(42, (short) 2, List.of(batch), 1_700_000_000_123L, -1, -1));
  }

  @Test
  void anUnknownVersionIsCorrupt() throws IOException {
    ProducerSnapshotFile.write(dir, 4, List.of());
    Path file = ProducerSnapshotFile.path(dir, 4);
    byte[] bytes = Files.readAllBytes(file);
    bytes[1] = 3;
    Files.write(file, bytes);
    assertThatThrownBy(() -> ProducerSnapshotFile.read(file))
        .isInstanceOf(ProducerSnapshotFile.CorruptSnapshotException.class)
        .hasMessageContaining("unknown version 3");
  }
}
