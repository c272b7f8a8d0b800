package io.tideway.broker.internal.group;

import io.tideway.metadata.store.PartitionName;
import java.util.Map;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetCommit responses: one entry per requested partition, in request order.
 *
 * <p>Thread contract: stateless.
 */
final class OffsetCommitResponses {

  private OffsetCommitResponses() {
  }

  /** Every partition answered with {@code error}. */
  static OffsetCommitResponseData all(OffsetCommitRequestData request, Errors error) {
    return of(request, Map.of(), error);
  }

  /** Partitions in {@code errors} get their error, the others {@code otherwise}. */
  static OffsetCommitResponseData of(OffsetCommitRequestData request,
      Map<PartitionName, Errors> errors, Errors otherwise) {
    var response = new OffsetCommitResponseData();
    for (var topic : request.topics()) {
      var result = new OffsetCommitResponseData.OffsetCommitResponseTopic()
          .setName(topic.name()).setTopicId(topic.topicId());
      for (var partition : topic.partitions()) {
        Errors error = errors.getOrDefault(
            new PartitionName(topic.name(), partition.partitionIndex()), otherwise);
        result.partitions().add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
            .setPartitionIndex(partition.partitionIndex()).setErrorCode(error.code()));
      }
      response.topics().add(result);
    }
    return response;
  }
}
