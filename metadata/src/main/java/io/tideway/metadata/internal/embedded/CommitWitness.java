package io.tideway.metadata.internal.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit version at the last clean close, kept beside the database in {@value #FILE_NAME}:
 * a witness outside RocksDB. A MANIFEST that lost its last records (cut, or damaged where RocksDB
 * cannot tell) opens without complaint but forgets the SST files they added, and with them
 * committed transactions; the persisted commit version then reads lower than this witness, and
 * the store refuses to open instead of serving older metadata.
 *
 * <p>Format: text lines {@code 1} (version), the commit version, and the CRC32C of the first two
 * lines. Replaced atomically (temporary file, fsync, rename, directory fsync). A damaged witness
 * is ignored (logged): it can only add a check.
 *
 * <p>Thread contract: stateless; blocking file I/O, called while the store opens or closes.
 */
final class CommitWitness {

    static final String FILE_NAME = "TIDEWAY-CLEAN-CLOSE";
    private static final Logger log = LoggerFactory.getLogger(CommitWitness.class);

    private CommitWitness() {
    }

    /** @return the witnessed commit version, or -1 when there is none (or it is damaged) */
    static long read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            if (lines.size() == 3 && "1".equals(lines.get(0))
                    && lines.get(2).equals(Long.toString(crc(lines.get(1))))) {
                return Long.parseLong(lines.get(1));
            }
            log.atWarn().setMessage("Ignoring a damaged commit witness").addKeyValue("file", file).log();
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException | NumberFormatException e) {
            log.atWarn().setMessage("Ignoring an unreadable commit witness").addKeyValue("file", file)
                    .addKeyValue("reason", e.toString()).log();
        }
        return -1;
    }

    /** Records {@code commitVersion} as the state of a clean close. */
    static void write(Path dir, long commitVersion) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        String version = Long.toString(commitVersion);
        byte[] text = ("1\n" + version + "\n" + crc(version) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(text);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private static long crc(String version) {
        CRC32C crc = new CRC32C();
        crc.update(version.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }
}
