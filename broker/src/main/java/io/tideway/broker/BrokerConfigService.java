package io.tideway.broker;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * The node's configuration as DescribeConfigs and AlterConfigs see it for a BROKER resource.
 *
 * <p>Static values come from the node's configuration file and environment
 * ({@code STATIC_BROKER_CONFIG}, read-only). Dynamic cluster-wide defaults for topic settings
 * ({@code log.retention.ms}, {@code log.retention.bytes}, {@code log.segment.bytes},
 * {@code log.roll.ms}, {@code message.max.bytes}, ...) can be altered; they are kept in the
 * metadata store and apply at once to every topic without its own override.
 *
 * <p>Thread-safe; futures complete on a metadata store thread.
 */
public interface BrokerConfigService {

  /** Every broker configuration entry with its source. */
  List<ConfigEntryView> describe();

  /**
   * Replaces the dynamic broker overrides with {@code overrides}, or only validates them. A key
   * that cannot be changed at run time fails with {@code InvalidConfigurationException} (or
   * {@code InvalidRequestException} for an unknown key), naming the key.
   */
  Future<Void> replaceDynamic(Map<String, String> overrides, boolean validateOnly);

  /** The current dynamic overrides. */
  Map<String, String> dynamicOverrides();
}
