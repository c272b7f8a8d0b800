package io.tideway.metadata.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(4), Duration.ofMillis(50), Duration.ofSeconds(1));

    @Test
    void allowsExactlyTheRetryLimit() {
        assertThat(policy.mayRetry(1)).isTrue();
        assertThat(policy.mayRetry(3)).isTrue();
        assertThat(policy.mayRetry(4)).isFalse();
    }

    @RepeatedTest(20)
    void backoffDoublesWithJitterUpToTheMaximum() {
        assertThat(policy.backoffMillis(1)).isBetween(2L, 4L);
        assertThat(policy.backoffMillis(3)).isBetween(8L, 16L);
        assertThat(policy.backoffMillis(10)).isBetween(25L, 50L);
        assertThat(policy.backoffMillis(1_000)).isBetween(25L, 50L);
    }
}
