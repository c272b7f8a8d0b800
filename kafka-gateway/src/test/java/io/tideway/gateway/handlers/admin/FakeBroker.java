package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Broker;
import io.tideway.broker.ClusterIdentity;
import io.tideway.broker.ProducerIdService;
import io.vertx.core.Future;

/**
 * A small in-memory engine for the admin handler tests: node 1 of cluster {@value #CLUSTER_ID}
 * in rack {@value #RACK}. Producer ids are not used by these handlers. Thread-safe.
 */
final class FakeBroker implements Broker {

    static final String CLUSTER_ID = "aTidewayClusterId0001w";
    static final int NODE_ID = 1;
    static final String RACK = "rack-a";

    final FakeTopicService topics = new FakeTopicService();
    final FakePartitionService partitions = new FakePartitionService(topics);
    final FakeBrokerConfigService brokerConfigs = new FakeBrokerConfigService();
    final FakeLogDirService logDirs = new FakeLogDirService();

    @Override
    public ClusterIdentity identity() {
        return new ClusterIdentity(CLUSTER_ID, NODE_ID, RACK);
    }

    @Override
    public FakeTopicService topics() {
        return topics;
    }

    @Override
    public FakePartitionService partitions() {
        return partitions;
    }

    @Override
    public ProducerIdService producerIds() {
        throw new UnsupportedOperationException("not used by admin handlers");
    }

    @Override
    public FakeBrokerConfigService brokerConfigs() {
        return brokerConfigs;
    }

    @Override
    public FakeLogDirService logDirs() {
        return logDirs;
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }

    @Override
    public io.tideway.broker.GroupCoordinator groups() {
        throw new UnsupportedOperationException("groups are not part of this fake");
    }

    @Override
    public io.tideway.broker.txn.TransactionCoordinator transactions() {
        throw new UnsupportedOperationException("admin handlers do not use the transaction coordinator");
    }
}
