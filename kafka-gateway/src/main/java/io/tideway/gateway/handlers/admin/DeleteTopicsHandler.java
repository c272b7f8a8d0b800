package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Broker;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicService;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;

/**
 * DeleteTopics (API key 20), versions 1-6: by name, and from v6 by name or id, with Kafka 4.4.0
 * controller's checks and messages.
 *
 * <ul>
 *   <li>v6 entries naming neither or both a name and an id: {@code INVALID_REQUEST}.
 *   <li>A name or id given twice: {@code INVALID_REQUEST} "Duplicate topic name." / "Duplicate
 *       topic id."; a name resolving to an id also given: {@code INVALID_REQUEST}.
 *   <li>Unknown name: {@code UNKNOWN_TOPIC_OR_PARTITION}; unknown id: {@code UNKNOWN_TOPIC_ID}.
 *   <li>Each remaining topic is deleted by id; an engine failure is reported for that topic.
 * </ul>
 *
 * <p>Kafka shuffles the results so that positions do not reveal which topics exist to
 * unauthorized clients; without an authorizer that serves no purpose and the order is kept.
 *
 * <p>Thread-safe and stateless; never blocks.
 */
final class DeleteTopicsHandler implements ApiHandler {

    static final short MIN_VERSION = 1;
    static final short MAX_VERSION = 6;

    private final Broker broker;

    DeleteTopicsHandler(Broker broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
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
        short version = request.version();
        DeleteTopicsRequestData data = ((DeleteTopicsRequest) request).data();
        Resolution resolution = new Resolution(version);
        if (version >= 6) {
            data.topics().forEach(resolution::addState);
        } else {
            data.topicNames().forEach(resolution::addName);
        }
        resolution.resolve(broker.topics());

        List<Future<DeletableTopicResult>> deletions = new ArrayList<>();
        resolution.idToName.forEach((id, name) -> deletions.add(delete(id, name, version)));
        return Outcomes.settle(deletions).map(outcomes -> {
            DeleteTopicsResponseData response = new DeleteTopicsResponseData().setThrottleTimeMs(0);
            resolution.errors.forEach(response.responses()::add);
            for (AsyncResult<DeletableTopicResult> outcome : outcomes) {
                response.responses().add(outcome.result());
            }
            return Reply.of(new DeleteTopicsResponse(response));
        });
    }

    private Future<DeletableTopicResult> delete(Uuid id, String name, short version) {
        return Outcomes.call(() -> broker.topics().delete(id))
                .map(deleted -> result(deleted.name(), id, ApiError.NONE, version))
                .recover(e -> Future.succeededFuture(result(name, id,
                        AdminErrors.toApiError(apiKey(), name, e), version)));
    }

    private static DeletableTopicResult result(String name, Uuid id, ApiError error,
            short version) {
        DeletableTopicResult result = new DeletableTopicResult()
                .setName(name)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
        if (version >= 6) {
            result.setTopicId(id);
        }
        return result;
    }

    /**
     * Turns the request's names and ids into one id per topic to delete, recording an error for
     * every entry that cannot be deleted, in Kafka's order of checks. Request-scoped, one thread.
     */
    private static final class Resolution {

        private final short version;
        private final Set<String> names = new LinkedHashSet<>();
        private final Set<String> duplicateNames = new LinkedHashSet<>();
        private final Set<Uuid> ids = new LinkedHashSet<>();
        private final Set<Uuid> duplicateIds = new HashSet<>();
        private final List<Uuid> duplicateIdOrder = new ArrayList<>();
        final Map<Uuid, String> idToName = new LinkedHashMap<>();
        final List<DeletableTopicResult> errors = new ArrayList<>();

        Resolution(short version) {
            this.version = version;
        }

        void addName(String name) {
            if (duplicateNames.contains(name) || !names.add(name)) {
                duplicateNames.add(name);
                names.remove(name);
            }
        }

        void addState(DeleteTopicState state) {
            boolean hasId = !Uuid.ZERO_UUID.equals(state.topicId());
            if (state.name() == null && !hasId) {
                fail(null, Uuid.ZERO_UUID, new ApiError(Errors.INVALID_REQUEST,
                        "Neither topic name nor id were specified."));
            } else if (state.name() == null) {
                addId(state.topicId());
            } else if (!hasId) {
                addName(state.name());
            } else {
                fail(state.name(), state.topicId(), new ApiError(Errors.INVALID_REQUEST,
                        "You may not specify both topic name and topic id."));
            }
        }

        private void addId(Uuid id) {
            if (duplicateIds.contains(id) || !ids.add(id)) {
                markDuplicateId(id);
                ids.remove(id);
            }
        }

        private void markDuplicateId(Uuid id) {
            if (duplicateIds.add(id)) {
                duplicateIdOrder.add(id);
            }
        }

        void resolve(TopicService topics) {
            duplicateNames.forEach(name -> fail(name, Uuid.ZERO_UUID,
                    new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name.")));
            duplicateIdOrder.forEach(id -> fail(null, id,
                    new ApiError(Errors.INVALID_REQUEST, "Duplicate topic id.")));
            for (Uuid id : ids) {
                Optional<TopicInfo> topic = topics.byId(id);
                if (topic.isPresent()) {
                    idToName.put(id, topic.get().name());
                } else {
                    fail(null, id, new ApiError(Errors.UNKNOWN_TOPIC_ID));
                }
            }
            for (String name : names) {
                Optional<TopicInfo> topic = topics.byName(name);
                if (topic.isEmpty()) {
                    fail(name, Uuid.ZERO_UUID, new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION));
                    continue;
                }
                Uuid id = topic.get().id();
                if (duplicateIds.contains(id) || idToName.putIfAbsent(id, name) != null) {
                    // As in Kafka: the name and the id it maps to cancel each other out.
                    markDuplicateId(id);
                    idToName.remove(id);
                    fail(name, id, new ApiError(Errors.INVALID_REQUEST,
                            "The provided topic name maps to an ID that was already supplied."));
                }
            }
        }

        private void fail(String name, Uuid id, ApiError error) {
            errors.add(result(name, id, error, version));
        }
    }
}
