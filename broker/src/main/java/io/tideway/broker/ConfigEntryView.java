package io.tideway.broker;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * One configuration entry as DescribeConfigs reports it. Immutable.
 *
 * @param name the key, e.g. {@code retention.ms}
 * @param value the effective value (null when sensitive or unset)
 * @param source where the value comes from
 * @param readOnly whether AlterConfigs may change it
 * @param sensitive whether the value is hidden
 * @param type the value's type
 * @param documentation the key's documentation
 */
public record ConfigEntryView(String name, String value, ConfigSource source, boolean readOnly,
    boolean sensitive, ConfigDef.Type type, String documentation) {
}
