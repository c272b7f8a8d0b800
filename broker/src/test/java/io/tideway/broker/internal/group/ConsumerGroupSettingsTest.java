package io.tideway.broker.internal.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerGroupSettingsTest {

  @Test
  void defaultsAreKafkas() {
    ConsumerGroupSettings defaults = ConsumerGroupSettings.defaults();
    assertThat(defaults.sessionTimeoutMs()).isEqualTo(45_000);
    assertThat(defaults.heartbeatIntervalMs()).isEqualTo(5000);
    assertThat(defaults.assignors()).containsExactly("uniform", "range");
    assertThat(defaults.assignorInstances()).extracting(a -> a.name())
        .containsExactly("uniform", "range");
  }

  @Test
  void inconsistentValuesAreRefusedWithTheKeyNamed() {
    assertThatThrownBy(() -> new ConsumerGroupSettings(30_000, 5000, 45_000, 60_000, 5000,
        15_000, 10, List.of("uniform")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("group.consumer.session.timeout.ms (30000) must be between 45000 and 60000");
    assertThatThrownBy(() -> new ConsumerGroupSettings(45_000, 500, 45_000, 60_000, 5000,
        15_000, 10, List.of("uniform")))
        .hasMessageContaining("group.consumer.heartbeat.interval.ms (500)");
    assertThatThrownBy(() -> new ConsumerGroupSettings(45_000, 5000, 45_000, 60_000, 5000,
        15_000, 10, List.of("sticky")))
        .hasMessage("Unknown consumer group assignor sticky in group.consumer.assignors:"
            + " expected uniform or range");
    assertThatThrownBy(() -> new ConsumerGroupSettings(6000, 6000, 1000, 60_000, 1000,
        15_000, 10, List.of("range")))
        .hasMessageContaining("must be lower than group.consumer.session.timeout.ms");
  }
}
