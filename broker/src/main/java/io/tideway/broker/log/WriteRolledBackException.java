package io.tideway.broker.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A write into a partition's files failed (typically "No space left on device") and was undone:
 * the files and the in-memory state are as they were before the call, so the log stays usable
 * and the caller reports a storage error for this one operation. Any failure that could not be
 * undone is thrown as a plain {@link IOException} instead, and takes the log offline.
 *
 * <p>Thread contract: an immutable exception, thread-safe. Never escapes the package.
 */
final class WriteRolledBackException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  WriteRolledBackException(Path file, IOException cause) {
    super("Write to " + file + " failed and was undone: " + cause.getMessage(), cause);
    this.file = file;
  }

  /** The file whose write failed. */
  Path file() {
    return file;
  }

  /** The underlying failure. */
  IOException failure() {
    return (IOException) getCause();
  }
}
