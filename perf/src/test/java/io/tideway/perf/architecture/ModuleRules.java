package io.tideway.perf.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The module dependency rules of DESIGN.md §1, as ArchUnit rules over the {@code io.tideway}
 * packages.
 *
 * <p>Dependencies point one way: {@code metadata <- broker <- (kafka-gateway, rest-proxy, tiering,
 * geo-replication) <- server <- perf}. The four middle modules do not know each other. No module
 * uses another module's {@code internal} packages, with one exception: the JMH benchmarks
 * ({@code perf.jmh}) measure internals of the modules below them, as Kafka's own
 * {@code jmh-benchmarks} do; nothing else in {@code perf} may.
 *
 * <p>Stateless; the rules are immutable and safe to share.
 */
final class ModuleRules {

  /** Root package of each module, relative to the base package ({@code io.tideway}). */
  static final Map<String, String> MODULE_PACKAGES =
      Map.of(
          "metadata", "metadata",
          "broker", "broker",
          "kafka-gateway", "gateway",
          "rest-proxy", "rest",
          "tiering", "tiering",
          "geo-replication", "geo",
          "server", "server",
          "perf", "perf");

  /** For each module, the modules it may depend on (besides itself). */
  static final Map<String, List<String>> ALLOWED =
      Map.of(
          "metadata", List.of(),
          "broker", List.of("metadata"),
          "kafka-gateway", List.of("broker", "metadata"),
          "rest-proxy", List.of("broker", "metadata"),
          "tiering", List.of("broker", "metadata"),
          "geo-replication", List.of("broker", "metadata"),
          "server",
              List.of("kafka-gateway", "rest-proxy", "tiering", "geo-replication", "broker", "metadata"),
          "perf",
              List.of(
                  "server", "kafka-gateway", "rest-proxy", "tiering", "geo-replication", "broker",
                  "metadata"));

  private final String base;

  /** Rules for the modules under {@code base} (production: {@code io.tideway}). */
  ModuleRules(String base) {
    this.base = base;
  }

  private String root(String module) {
    return base + "." + MODULE_PACKAGES.get(module);
  }

  /** No module depends on a module it is not allowed to (no reverse or sideways edges). */
  ArchRule oneWayDependencies() {
    List<ArchRule> rules = new ArrayList<>();
    MODULE_PACKAGES.keySet().forEach(
        module -> {
          String root = root(module);
          List<String> allowed = ALLOWED.get(module);
          String[] forbidden =
              MODULE_PACKAGES.keySet().stream()
                  .filter(other -> !other.equals(module) && !allowed.contains(other))
                  .map(other -> root(other) + "..")
                  .toArray(String[]::new);
          rules.add(
              noClasses()
                  .that()
                  .resideInAPackage(root + "..")
                  .should()
                  .dependOnClassesThat()
                  .resideInAnyPackage(forbidden)
                  .allowEmptyShould(true)
                  .as("module " + module + " depends only on " + allowed));
        });
    return CompositeArchRule.of(rules)
        .as("module dependencies point one way (DESIGN.md §1)");
  }

  /** Only a module itself uses its {@code ..internal..} packages. */
  ArchRule noForeignInternals() {
    List<ArchRule> rules = new ArrayList<>();
    MODULE_PACKAGES.keySet().forEach(
        module -> {
          String root = root(module);
          rules.add(
                noClasses()
                    .that()
                    .resideOutsideOfPackages(root + "..", base + ".perf.jmh..")
                    .should()
                    .dependOnClassesThat(internalOf(root))
                    .allowEmptyShould(true)
                    .as("no module uses " + module + "'s internal packages"));
        });
    return CompositeArchRule.of(rules)
        .as("no module reaches into another module's internal packages");
  }

  private static DescribedPredicate<JavaClass> internalOf(String root) {
    return DescribedPredicate.describe(
        "reside in " + root + "..internal..",
        c ->
            c.getPackageName().startsWith(root + ".")
                && List.of(c.getPackageName().split("\\.")).contains("internal"));
  }
}
