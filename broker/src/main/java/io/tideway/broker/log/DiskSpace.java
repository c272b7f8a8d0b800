package io.tideway.broker.log;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much space the file system holding a log directory has left for this process. The
 * {@link LogDirWriteGuard} asks it whether a directory that ran out of space may take appends
 * again; tests inject their own figures.
 *
 * <p>Thread contract: implementations must be thread-safe; calls are cheap (one {@code statvfs})
 * and made only while a directory refuses appends.
 */
@FunctionalInterface
public interface DiskSpace {

  /** Usable bytes on the file store of the log directory, as {@code statvfs}'s available blocks. */
  long usableBytes() throws IOException;

  /**
   * The real figure for {@code logDir}: its {@link FileStore} is looked up once (that reads the
   * mount table) and then asked for its usable space on each call.
   */
  static DiskSpace of(Path logDir) {
    return new DiskSpace() {
      private volatile FileStore store;

      @Override
      public long usableBytes() throws IOException {
        FileStore current = store;
        if (current == null) {
          current = Files.getFileStore(logDir);
          store = current;
        }
        return current.getUsableSpace();
      }
    };
  }
}
