package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {

    @TempDir
    Path dir;

    @Test
    void secondLockOnTheSameDirectoryFailsNamingDirectoryAndHolder() throws Exception {
        Path data = dir.resolve("data");
        try (DataDirLock first = DataDirLock.acquire(data)) {
            assertThat(first.directory()).isEqualTo(data);
            assertThat(Files.readString(data.resolve(DataDirLock.LOCK_FILE)))
                    .startsWith("pid=" + ProcessHandle.current().pid());

            assertThatThrownBy(() -> DataDirLock.acquire(data))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("Data directory " + data + " is in use")
                    .hasMessageContaining("pid=" + ProcessHandle.current().pid());
        }
    }

    @Test
    void releasedLockCanBeTakenAgain() throws Exception {
        DataDirLock first = DataDirLock.acquire(dir);
        first.close();
        first.close(); // idempotent
        try (DataDirLock second = DataDirLock.acquire(dir)) {
            assertThat(second.directory()).isEqualTo(dir);
        }
    }

    @Test
    void missingDirectoriesAreCreated() throws Exception {
        Path nested = dir.resolve("a/b/c");
        try (DataDirLock lock = DataDirLock.acquire(nested)) {
            assertThat(lock.directory()).isDirectory();
        }
    }

    @Test
    void directoryThatCannotBeCreatedIsAClearStartupError() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> DataDirLock.acquire(file.resolve("data")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("Cannot lock data directory " + file.resolve("data"));
    }
}
