package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Broker;
import io.tideway.broker.LogDirService.LogDirInfo;
import io.tideway.broker.LogDirService.PartitionSize;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.apache.kafka.common.requests.DescribeLogDirsResponse;

/**
 * DescribeLogDirs (API key 35), versions 1-5, as Kafka 4.4.0's {@code ReplicaManager} answers it.
 *
 * <ul>
 *   <li>Every log directory is listed by absolute path. An offline one carries {@code
 *       KAFKA_STORAGE_ERROR} (or the engine's Kafka error) and nothing else.
 *   <li>An online one lists the requested partitions it holds (all of them when {@code topics} is
 *       null) with their size and offset lag, grouped by topic. Topics none of whose requested
 *       partitions are in the directory are left out (Kafka lists them with no partitions).
 *   <li>v4+: the file store's total and usable bytes (-1 when unknown); v5: never cordoned.
 * </ul>
 *
 * <p>Thread-safe and stateless; never blocks (the engine's sizes are in-memory counters).
 */
final class DescribeLogDirsHandler implements ApiHandler {

    static final short MIN_VERSION = 1;
    static final short MAX_VERSION = 5;

    private final Broker broker;

    DescribeLogDirsHandler(Broker broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_LOG_DIRS;
    }

    @Override
    public short minVersion() {
        return MIN_VERSION;
    }

    @Override
    public short maxVersion() {
        return MAX_VERSION;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        DescribeLogDirsRequest describe = (DescribeLogDirsRequest) request;
        Set<TopicPartition> wanted = describe.isAllTopicPartitions() ? null
                : requested(describe.data());
        short version = request.version();
        DescribeLogDirsResponseData response = new DescribeLogDirsResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(Errors.NONE.code());
        for (LogDirInfo dir : broker.logDirs().describe()) {
            response.results().add(result(dir, wanted, version));
        }
        return Future.succeededFuture(Reply.of(new DescribeLogDirsResponse(response)));
    }

    private static Set<TopicPartition> requested(DescribeLogDirsRequestData data) {
        Set<TopicPartition> wanted = new HashSet<>();
        data.topics().forEach(topic -> topic.partitions().forEach(
                partition -> wanted.add(new TopicPartition(topic.topic(), partition))));
        return wanted;
    }

    private static DescribeLogDirsResult result(LogDirInfo dir, Set<TopicPartition> wanted,
            short version) {
        DescribeLogDirsResult result = new DescribeLogDirsResult()
                .setLogDir(dir.path().toAbsolutePath().toString());
        if (dir.error() != null) {
            Errors error = dir.error() instanceof ApiException
                    ? Errors.forException(dir.error()) : Errors.KAFKA_STORAGE_ERROR;
            return result.setErrorCode(error.code());
        }
        Map<String, List<DescribeLogDirsPartition>> byTopic = new LinkedHashMap<>();
        for (PartitionSize size : dir.partitions()) {
            if (wanted == null || wanted.contains(size.partition())) {
                byTopic.computeIfAbsent(size.partition().topic(), topic -> new ArrayList<>())
                        .add(new DescribeLogDirsPartition()
                                .setPartitionIndex(size.partition().partition())
                                .setPartitionSize(size.sizeInBytes())
                                .setOffsetLag(size.offsetLag())
                                .setIsFutureKey(false));
            }
        }
        byTopic.forEach((topic, partitions) -> result.topics().add(
                new DescribeLogDirsTopic().setName(topic).setPartitions(partitions)));
        result.setErrorCode(Errors.NONE.code());
        if (version >= 4) {
            result.setTotalBytes(dir.totalBytes()).setUsableBytes(dir.usableBytes());
        }
        return result;
    }
}
