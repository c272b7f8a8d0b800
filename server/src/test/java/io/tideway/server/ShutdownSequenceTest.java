package io.tideway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShutdownSequenceTest {

    private final List<String> ran = new ArrayList<>();

    @Test
    void runsStepsLastRegisteredFirstAndOnlyOnce() {
        ShutdownSequence sequence = new ShutdownSequence(Duration.ofSeconds(1));
        sequence.pushBlocking("lock", () -> ran.add("lock"));
        sequence.pushBlocking("store", () -> ran.add("store"));
        sequence.pushAsync("engine", () -> {
            ran.add("engine");
            return Future.succeededFuture();
        });
        sequence.pushAsync("listener", () -> {
            ran.add("listener");
            return Future.succeededFuture();
        });
        sequence.run();
        sequence.run();
        assertThat(ran).containsExactly("listener", "engine", "store", "lock");
    }

    @Test
    void aFailingOrHangingStepDoesNotStopTheOthers() {
        ShutdownSequence sequence = new ShutdownSequence(Duration.ofMillis(100));
        sequence.pushBlocking("lock", () -> ran.add("lock"));
        sequence.pushBlocking("throws", () -> {
            throw new IOException("disk gone");
        });
        sequence.pushAsync("fails", () -> Future.failedFuture("broken"));
        sequence.pushAsync("hangs", () -> Promise.promise().future());
        sequence.run();
        assertThat(ran).containsExactly("lock");
    }
}
