package io.tideway.broker.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.TopicSpec;
import io.tideway.broker.internal.config.TopicConfigResolver;
import io.tideway.broker.log.LogConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.junit.jupiter.api.Test;

class TopicRequestsTest {

  private final TopicConfigResolver resolver =
      new TopicConfigResolver(LogConfig.defaults(), List.of());

  private TopicRequests.ValidCreate validate(String name, int partitions, int factor,
      Map<String, String> configs) {
    return TopicRequests.validateCreate(new TopicSpec(name, partitions, (short) factor, configs),
        3, resolver);
  }

  @Test
  void defaultsApplyForMinusOne() {
    assertThat(validate("orders", -1, -1, Map.of()))
        .isEqualTo(new TopicRequests.ValidCreate("orders", 3, Map.of()));
    assertThat(validate("orders", 7, 1, Map.of("retention.ms", "1")).partitions()).isEqualTo(7);
  }

  @Test
  void namesFollowKafkasRules() {
    assertThatThrownBy(() -> validate("", 1, 1, Map.of()))
        .isInstanceOf(InvalidTopicException.class);
    assertThatThrownBy(() -> validate("..", 1, 1, Map.of()))
        .isInstanceOf(InvalidTopicException.class);
    assertThatThrownBy(() -> validate("a/b", 1, 1, Map.of()))
        .isInstanceOf(InvalidTopicException.class).hasMessageContaining("a/b");
    assertThatThrownBy(() -> validate("x".repeat(250), 1, 1, Map.of()))
        .isInstanceOf(InvalidTopicException.class).hasMessageContaining("249");
    assertThatCode(() -> validate("x".repeat(249), 1, 1, Map.of())).doesNotThrowAnyException();
    assertThatThrownBy(() -> TopicRequests.checkCollision("a.b", List.of("a_b")))
        .isInstanceOf(InvalidTopicException.class)
        .hasMessage("Topic 'a.b' collides with existing topic: a_b");
    assertThatCode(() -> TopicRequests.checkCollision("a.b", List.of("a.c")))
        .doesNotThrowAnyException();
  }

  @Test
  void partitionCountsAndReplicationFactorsAreChecked() {
    assertThatThrownBy(() -> validate("t", 0, 1, Map.of()))
        .isInstanceOf(InvalidPartitionsException.class)
        .hasMessage("Number of partitions was set to an invalid non-positive value.");
    assertThatThrownBy(() -> validate("t", -2, 1, Map.of()))
        .isInstanceOf(InvalidPartitionsException.class);
    assertThatThrownBy(() -> validate("t", 1, 0, Map.of()))
        .isInstanceOf(InvalidReplicationFactorException.class)
        .hasMessageContaining("larger than 0");
    assertThatThrownBy(() -> validate("t", 1, 3, Map.of()))
        .isInstanceOf(InvalidReplicationFactorException.class)
        .hasMessageContaining("only 1 broker(s) are registered");
    assertThatThrownBy(() -> TopicRequests.validateNewCount("t", 4, 2))
        .isInstanceOf(InvalidPartitionsException.class)
        .hasMessage("Topic currently has 4 partitions, which is higher than the requested 2.");
    assertThatThrownBy(() -> TopicRequests.validateNewCount("t", 4, 4))
        .isInstanceOf(InvalidPartitionsException.class)
        .hasMessage("Topic already has 4 partitions.");
  }

  @Test
  void configsAreValidatedByKey() {
    assertThatThrownBy(() -> validate("t", 1, 1, Map.of("bogus", "1")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("Unknown topic config name: bogus");
  }
}
