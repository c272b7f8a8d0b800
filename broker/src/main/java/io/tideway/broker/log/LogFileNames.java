package io.tideway.broker.log;

import java.nio.file.Path;

/**
 * Names of the files in a partition directory.
 *
 * <pre>
 * &lt;partition dir&gt;/
 *   00000000000000000000.log         record batches as received, offsets assigned
 *   00000000000000000000.index       sparse offset index (int32 rel. offset, int32 position)
 *   00000000000000000000.timeindex   sparse time index (int64 timestamp, int32 rel. offset)
 *   00000000000000000000.txnindex    aborted transactions (34-byte entries); only once one exists
 *   00000000000000001234.log ...     one set per segment, named by its base offset
 *   log-start-offset.checkpoint      log start offset moved by delete-records
 *   recovery-point.checkpoint        segments below this offset are known to be on disk
 *   index-summary.checkpoint         per segment: index entry counts, .txnindex CRC32C, max timestamp
 *   .clean-shutdown                  present only between a clean close and the next open
 *   *.deleted                        segment files awaiting file.delete.delay.ms
 *   *.tmp                            a checkpoint being written (removed on open)
 * </pre>
 *
 * <p>Thread contract: stateless, thread-safe.
 */
final class LogFileNames {

  static final String LOG_SUFFIX = ".log";
  static final String INDEX_SUFFIX = ".index";
  static final String TIME_INDEX_SUFFIX = ".timeindex";
  static final String TXN_INDEX_SUFFIX = ".txnindex";
  static final String DELETED_SUFFIX = ".deleted";
  static final String TMP_SUFFIX = ".tmp";
  static final String CLEAN_SHUTDOWN = ".clean-shutdown";
  static final String LOG_START_OFFSET_CHECKPOINT = "log-start-offset.checkpoint";
  static final String RECOVERY_POINT_CHECKPOINT = "recovery-point.checkpoint";
  static final String INDEX_SUMMARY = "index-summary.checkpoint";

  private static final int DIGITS = 20;

  private LogFileNames() {
  }

  /** The 20-digit zero-padded base offset that names a segment's files. */
  static String baseName(long baseOffset) {
    if (baseOffset < 0) {
      throw new IllegalArgumentException("Negative base offset " + baseOffset);
    }
    String digits = Long.toString(baseOffset);
    return "0".repeat(DIGITS - digits.length()) + digits;
  }

  static Path logFile(Path dir, long baseOffset) {
    return dir.resolve(baseName(baseOffset) + LOG_SUFFIX);
  }

  static Path indexFile(Path dir, long baseOffset) {
    return dir.resolve(baseName(baseOffset) + INDEX_SUFFIX);
  }

  static Path timeIndexFile(Path dir, long baseOffset) {
    return dir.resolve(baseName(baseOffset) + TIME_INDEX_SUFFIX);
  }

  static Path txnIndexFile(Path dir, long baseOffset) {
    return dir.resolve(baseName(baseOffset) + TXN_INDEX_SUFFIX);
  }

  /** The partition's log start offset checkpoint. */
  static OffsetCheckpointFile logStartCheckpoint(Path dir, Fsync fsync, FileWrites writes) {
    return new OffsetCheckpointFile(dir.resolve(LOG_START_OFFSET_CHECKPOINT), fsync, writes);
  }

  /** The file renamed for delayed deletion. */
  static Path deleted(Path file) {
    return file.resolveSibling(file.getFileName() + DELETED_SUFFIX);
  }

  /**
   * The base offset a segment file name encodes, or -1 if {@code fileName} is not
   * {@code <20 digits><suffix>}.
   */
  static long parseBaseOffset(String fileName, String suffix) {
    if (!fileName.endsWith(suffix) || fileName.length() != DIGITS + suffix.length()) {
      return -1;
    }
    String digits = fileName.substring(0, DIGITS);
    for (int i = 0; i < DIGITS; i++) {
      if (!Character.isDigit(digits.charAt(i))) {
        return -1;
      }
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
