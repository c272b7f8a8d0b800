package io.tideway.broker.log;

import java.nio.file.Path;

/**
 * An index file failed its sanity check (size not a multiple of the entry size, entries out of
 * order, or pointing outside their segment). Never escapes the package: recovery deletes the index
 * and rebuilds it from the segment's log file.
 *
 * <p>Thread contract: an immutable exception, thread-safe.
 */
final class CorruptIndexException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CorruptIndexException(Path file, String problem) {
    super("Corrupt index " + file + ": " + problem);
  }
}
