package io.tideway.broker.internal.group;

import java.util.List;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * TxnOffsetCommit responses: one entry per requested partition, in request order (Kafka answers a
 * request-level failure by repeating its error for every partition).
 *
 * <p>Thread contract: stateless.
 */
final class TxnOffsetCommitResponses {

  private TxnOffsetCommitResponses() {
  }

  /** Every partition answered with {@code error}. */
  static TxnOffsetCommitResponseData all(TxnOffsetCommitRequestData request, Errors error) {
    var response = new TxnOffsetCommitResponseData();
    for (var topic : request.topics()) {
      response.topics().add(topic(topic.name()));
      for (var partition : topic.partitions()) {
        add(response, partition.partitionIndex(), error);
      }
    }
    return response;
  }

  /** A topic entry, to which {@link #add} appends partitions. */
  static TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic topic(String name) {
    return new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic().setName(name);
  }

  /** Appends a partition's answer to the last topic of {@code response}. */
  static void add(TxnOffsetCommitResponseData response, int partition, Errors error) {
    List<TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic> topics = response.topics();
    topics.get(topics.size() - 1).partitions().add(
        new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
            .setPartitionIndex(partition).setErrorCode(error.code()));
  }
}
