package io.tideway.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.BrokerSettings;
import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.internal.txn.TransactionSettings;
import io.tideway.broker.log.LogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.Test;

class EngineOptionsTest {

  private static BrokerSettings settings(String... namesAndValues) {
    List<ConfigEntryView> entries = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      entries.add(new ConfigEntryView(namesAndValues[i], namesAndValues[i + 1],
          ConfigSource.STATIC_BROKER_CONFIG, true, false, ConfigDef.Type.LONG, ""));
    }
    return new BrokerSettings(1, null, List.of(Path.of("data")), LogConfig.from(Map.of()), 1,
        true, Duration.ofMinutes(5), entries);
  }

  @Test
  void transactionSettingsDefaultToKafkas() {
    assertThat(EngineOptions.from(settings()).transactions())
        .isEqualTo(new TransactionSettings(900_000, 10_000, 604_800_000L, 3_600_000L));
  }

  @Test
  void transactionSettingsAreReadByTheirKafkaNames() {
    TransactionSettings read = EngineOptions.from(settings(
        "transaction.max.timeout.ms", "60000",
        "transaction.abort.timed.out.transaction.cleanup.interval.ms", "500",
        "transactional.id.expiration.ms", "86400000",
        "transaction.remove.expired.transaction.cleanup.interval.ms", "60000")).transactions();
    assertThat(read).isEqualTo(new TransactionSettings(60_000, 500, 86_400_000L, 60_000));
  }

  @Test
  void valuesThatAreNotPositiveNumbersLeaveTheDefault() {
    TransactionSettings read = EngineOptions.from(settings(
        "transaction.max.timeout.ms", "9999999999",
        "transaction.abort.timed.out.transaction.cleanup.interval.ms", "0",
        "transactional.id.expiration.ms", "soon")).transactions();
    assertThat(read).isEqualTo(TransactionSettings.defaults());
  }
}
