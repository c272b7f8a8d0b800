package io.tideway.perf.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import io.tideway.perf.architecture.fixture.gateway.UsesLogInternals;
import io.tideway.perf.architecture.fixture.metadata.MetadataLeaksBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fails the build on a reverse module dependency or on use of another module's {@code internal}
 * package. Runs in {@code perf}, the top of the graph, whose test classpath holds every module.
 */
class ModuleDependencyRulesTest {

  private static final ModuleRules PRODUCTION_RULES = new ModuleRules("io.tideway");
  private static final ModuleRules FIXTURE_RULES =
      new ModuleRules("io.tideway.perf.architecture.fixture");

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tideway");
  }

  @Test
  void productionCodeFollowsOneWayDependencies() {
    PRODUCTION_RULES.oneWayDependencies().check(production);
  }

  @Test
  void productionCodeUsesNoForeignInternals() {
    PRODUCTION_RULES.noForeignInternals().check(production);
  }

  @Test
  void rulesSeeEveryModuleThatHasCode() {
    // Guards against the import silently finding nothing (e.g. a classpath change).
    assertThat(production.containPackage("io.tideway.server")).isTrue();
    assertThat(production.containPackage("io.tideway.perf")).isTrue();
  }

  @Test
  void aReverseDependencyIsReported() {
    JavaClasses fixture = new ClassFileImporter().importClasses(MetadataLeaksBroker.class);
    EvaluationResult result = FIXTURE_RULES.oneWayDependencies().evaluate(fixture);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains("MetadataLeaksBroker"));
  }

  @Test
  void aForeignInternalUseIsReported() {
    JavaClasses fixture = new ClassFileImporter().importClasses(UsesLogInternals.class);
    EvaluationResult result = FIXTURE_RULES.noForeignInternals().evaluate(fixture);
    assertThat(result.hasViolation()).isTrue();
  }
}
