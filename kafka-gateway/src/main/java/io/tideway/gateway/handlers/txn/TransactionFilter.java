package io.tideway.gateway.handlers.txn;

import io.tideway.broker.txn.TransactionDescription;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.message.ListTransactionsRequestData;

/**
 * The filters of one ListTransactions request, applied as Kafka's transaction state manager
 * applies them: a transaction is listed when it is not {@code Dead}, its producer id is one of
 * the requested ones (if any), its state one of the known requested states (if any known one was
 * requested), it has been running longer than the duration filter (when {@code >= 0}: {@code now
 * - startTimestamp > duration}) and its whole transactional id matches the pattern (when neither
 * null nor empty).
 *
 * <p>Kafka compiles the pattern with RE2/J; Tideway uses {@link java.util.regex.Pattern}, whose
 * syntax covers RE2's for the expressions the admin tools send (character classes, alternation,
 * repetition, anchors). Java additionally accepts backreferences and lookaround, which RE2 would
 * refuse.
 *
 * <p>Thread contract: immutable after {@link #of}.
 */
final class TransactionFilter {

    /** Kafka's transaction state names ({@code TransactionState.stateName}). */
    static final Set<String> STATE_NAMES = Set.of("Empty", "Ongoing", "PrepareCommit",
            "PrepareAbort", "CompleteCommit", "CompleteAbort", "PrepareEpochFence", "Dead");
    private static final String DEAD = "Dead";

    private final Set<Long> producerIds;
    private final Set<String> states;
    private final List<String> unknownStates;
    private final long durationMs;
    private final Pattern pattern;

    private TransactionFilter(Set<Long> producerIds, Set<String> states,
            List<String> unknownStates, long durationMs, Pattern pattern) {
        this.producerIds = producerIds;
        this.states = states;
        this.unknownStates = unknownStates;
        this.durationMs = durationMs;
        this.pattern = pattern;
    }

    /**
     * The request's filters.
     *
     * @throws java.util.regex.PatternSyntaxException when the transactional id pattern does not
     *     compile
     */
    static TransactionFilter of(ListTransactionsRequestData request) {
        Set<String> known = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String state : request.stateFilters()) {
            if (STATE_NAMES.contains(state)) {
                known.add(state);
            } else if (!unknown.contains(state)) {
                unknown.add(state);
            }
        }
        String regex = request.transactionalIdPattern();
        Pattern pattern = regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
        return new TransactionFilter(Set.copyOf(request.producerIdFilters()), Set.copyOf(known),
                List.copyOf(unknown), request.durationFilter(), pattern);
    }

    /** Requested state names Kafka does not know, in request order, once each. */
    List<String> unknownStates() {
        return new ArrayList<>(unknownStates);
    }

    /** Whether {@code description} is listed at wall-clock time {@code nowMs}. */
    boolean matches(TransactionDescription description, long nowMs) {
        if (DEAD.equals(description.state())) {
            return false; // being expired: Kafka hides it
        }
        if (!producerIds.isEmpty() && !producerIds.contains(description.producerId())) {
            return false;
        }
        if (!states.isEmpty() && !states.contains(description.state())) {
            return false;
        }
        if (durationMs >= 0 && nowMs - description.startTimestamp() <= durationMs) {
            return false;
        }
        return pattern == null || pattern.matcher(description.transactionalId()).matches();
    }
}
