package io.tideway.perf.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed {@code --name value} options of one sub-command. Repeatable options ({@code --set}) keep
 * every value; flags ({@code --jfr}) take no value. Unknown options and missing values fail with
 * a {@link UsageException} naming the option.
 *
 * <p>Immutable after parsing; thread-safe.
 */
final class CliArgs {

    private final Map<String, List<String>> values;

    private CliArgs(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * @param args the arguments after the sub-command
     * @param options accepted options with a value (without {@code --})
     * @param flags accepted options without a value
     */
    static CliArgs parse(List<String> args, Set<String> options, Set<String> flags) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name) && value == null) {
                values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                continue;
            }
            if (!options.contains(name)) {
                throw new UsageException("unknown option --" + name + "; accepted: "
                        + new java.util.TreeSet<>(union(options, flags)));
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                value = args.get(++i);
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new CliArgs(values);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    Optional<String> get(String name) {
        List<String> v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    String require(String name) {
        return get(name).orElseThrow(() -> new UsageException("missing required option --"
                + name));
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    int intValue(String name, int defaultValue) {
        String text = get(name).orElse(null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + ": '" + text + "' is not a whole number");
        }
    }

    long longValue(String name, long defaultValue) {
        String text = get(name).orElse(null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + ": '" + text + "' is not a whole number");
        }
    }

    double doubleValue(String name, double defaultValue) {
        String text = get(name).orElse(null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + ": '" + text + "' is not a number");
        }
    }

    /** {@code --set key=value} pairs as a map (later ones win). */
    Map<String, String> overrides() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : all("set")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--set expects key=value, got '" + pair + "'");
            }
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return map;
    }
}
