package io.tideway.broker.internal.config;

import io.tideway.broker.log.LogConfig;

/**
 * Reads one key of a {@link LogConfig} by name, typed as {@link LogConfig#CONFIG_DEF} declares it
 * (so that {@code ConfigDef.convertToString} renders it as Kafka would).
 *
 * <p>Thread contract: stateless, thread-safe.
 */
final class LogConfigValues {

  private LogConfigValues() {
  }

  /**
   * The value of {@code key} in {@code config}.
   *
   * @throws IllegalArgumentException if {@code key} is not a {@link LogConfig} key
   */
  static Object get(LogConfig config, String key) {
    return switch (key) {
      case LogConfig.SEGMENT_BYTES -> config.segmentBytes();
      case LogConfig.SEGMENT_MS -> config.segmentMs();
      case LogConfig.SEGMENT_INDEX_BYTES -> config.segmentIndexBytes();
      case LogConfig.INDEX_INTERVAL_BYTES -> config.indexIntervalBytes();
      case LogConfig.RETENTION_MS -> config.retentionMs();
      case LogConfig.RETENTION_BYTES -> config.retentionBytes();
      case LogConfig.MAX_MESSAGE_BYTES -> config.maxMessageBytes();
      case LogConfig.MESSAGE_TIMESTAMP_TYPE -> config.timestampType().name;
      case LogConfig.FLUSH_POLICY -> config.flushPolicy().configValue();
      case LogConfig.FILE_DELETE_DELAY_MS -> config.fileDeleteDelayMs();
      default -> throw new IllegalArgumentException("Not a log config key: " + key);
    };
  }
}
