package io.tideway.gateway.handlers.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.InvalidConfigurationException;

/**
 * Applies IncrementalAlterConfigs operations to a resource's override map, with the semantics of
 * Kafka's controller ({@code ConfigurationControlManager.incrementalAlterConfigResource}):
 *
 * <ul>
 *   <li>SET replaces the override; DELETE removes it (back to the inherited value).
 *   <li>APPEND and SUBTRACT need a LIST-typed key ({@code INVALID_CONFIG} otherwise, unknown keys
 *       included). They start from the override, or from the inherited effective value when there
 *       is none, split on commas (empty parts dropped); APPEND adds each value not yet present,
 *       SUBTRACT removes one occurrence of each; the result is joined with commas and becomes the
 *       override (an empty list becomes {@code ""}).
 * </ul>
 *
 * <p>Kafka starts APPEND and SUBTRACT from the key's static default; the engine reports the
 * effective inherited value instead, which differs only when a broker-level value is set, and is
 * what an operator means by "append to the current list".
 *
 * <p>Thread contract: stateless and pure; inputs are not modified.
 */
final class IncrementalConfigOps {

    private IncrementalConfigOps() {
    }

    /**
     * One operation.
     *
     * @param name the config key
     * @param type the operation
     * @param value the operand (null only for DELETE)
     */
    record Op(String name, OpType type, String value) {
        Op {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * What is known about a key without an override.
     *
     * @param type its type, or null when unknown
     * @param inherited its effective value without an override, or null
     */
    record KeyInfo(ConfigDef.Type type, String inherited) {
    }

    /**
     * The override map after {@code ops}.
     *
     * @param overrides the current overrides
     * @param keys what is known about each key; may return null for unknown keys
     * @throws InvalidConfigurationException when APPEND or SUBTRACT targets a non-LIST key
     */
    static Map<String, String> apply(Map<String, String> overrides, List<Op> ops,
            Function<String, KeyInfo> keys) {
        Map<String, String> result = new LinkedHashMap<>(overrides);
        for (Op op : ops) {
            switch (op.type()) {
                case SET -> result.put(op.name(), op.value());
                case DELETE -> result.remove(op.name());
                case APPEND, SUBTRACT -> result.put(op.name(), applyToList(result, op, keys));
                default -> throw new IllegalArgumentException("Unhandled operation " + op.type());
            }
        }
        return result;
    }

    /** Whether any operation needs key types or inherited values. */
    static boolean needsKeyInfo(List<Op> ops) {
        return ops.stream().anyMatch(op -> op.type() == OpType.APPEND
                || op.type() == OpType.SUBTRACT);
    }

    private static String applyToList(Map<String, String> current, Op op,
            Function<String, KeyInfo> keys) {
        KeyInfo info = keys.apply(op.name());
        if (info == null || info.type() != ConfigDef.Type.LIST) {
            throw new InvalidConfigurationException("Can't " + op.type() + " to key " + op.name()
                    + " because its type is not LIST.");
        }
        String base = current.containsKey(op.name()) ? current.get(op.name()) : info.inherited();
        List<String> parts = new ArrayList<>();
        if (base != null) {
            for (String part : base.split(",")) {
                if (!part.isEmpty()) {
                    parts.add(part);
                }
            }
        }
        String operand = op.value() == null ? "" : op.value();
        for (String value : operand.split(",")) {
            if (op.type() == OpType.APPEND) {
                if (!parts.contains(value)) {
                    parts.add(value);
                }
            } else {
                parts.remove(value);
            }
        }
        return String.join(",", parts);
    }
}
