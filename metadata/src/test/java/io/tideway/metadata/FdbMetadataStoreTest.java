package io.tideway.metadata;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract on a real FoundationDB cluster. Needs {@code libfdb_c} 7.4 and a cluster file in
 * {@code FDB_CLUSTER_FILE}; skipped otherwise. Every test works in its own random subspace and
 * clears it afterwards.
 */
@EnabledIfEnvironmentVariable(named = "FDB_CLUSTER_FILE", matches = ".+",
        disabledReason = "FoundationDB contract tests skipped: set FDB_CLUSTER_FILE to a cluster file to run them")
class FdbMetadataStoreTest extends MetadataStoreContractTest {

    @Override
    protected MetadataStore open(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(overrides);
        settings.put(MetadataConfig.STORE, "fdb");
        settings.put(MetadataConfig.FDB_CLUSTER_FILE, System.getenv("FDB_CLUSTER_FILE"));
        return MetadataStores.open(MetadataConfig.from(settings));
    }
}
