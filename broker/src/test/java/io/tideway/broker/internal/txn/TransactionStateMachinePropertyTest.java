package io.tideway.broker.internal.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tideway.broker.internal.txn.TransactionStateMachine.EndOutcome;
import io.tideway.broker.internal.txn.TransactionStateMachine.InitOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;

/**
 * Random request sequences from several producers of one transactional id, of both transaction
 * versions, with fences, timeouts and failed marker writes, some starting near epoch exhaustion.
 * Whatever the order: a producer id's epoch never decreases and a replaced producer id never comes
 * back; markers carry an epoch at least that of the data they close; a producer fenced by another
 * one's InitProducerId or by a timeout never succeeds again; a decided transaction only ever
 * becomes complete with its decision, and every decided transaction ends complete.
 */
class TransactionStateMachinePropertyTest {

  enum Kind { NEW_PRODUCER, REINIT, ADD, ADD_FOR_PRODUCE, VERIFY, END, RETRY_END, TIME_OUT,
      RETRY_MARKERS }

  record Step(Kind kind, int client, int partition, boolean commit, boolean markersFail,
      boolean versionTwo) {
  }

  /** One producer instance: what it holds, and whether another has fenced it. */
  static final class Client {
    long producerId;
    short epoch;
    long previousProducerId = -1;
    short previousEpoch = -1;
    final short version;
    boolean fenced;

    Client(long producerId, short epoch, short version) {
      this.producerId = producerId;
      this.epoch = epoch;
      this.version = version;
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step = Combinators.combine(Arbitraries.of(Kind.class),
        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 2),
        Arbitraries.of(true, false), Arbitraries.integers().between(0, 3).map(n -> n == 0),
        Arbitraries.of(true, false)).as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(60);
  }

  @Provide
  Arbitrary<Short> startEpochs() {
    return Arbitraries.oneOf(Arbitraries.just((short) 0),
        Arbitraries.shorts().between((short) 32_760, TransactionStateMachine.MAX_EPOCH));
  }

  @Property(tries = 300)
  void epochsAndFencingHoldForAnyRequestSequence(@ForAll("steps") List<Step> steps,
      @ForAll("startEpochs") short startEpoch, @ForAll boolean startVersionTwo) {
    Run run = new Run(startEpoch, startVersionTwo ? (short) 2 : (short) 1);
    steps.forEach(run::apply);
    run.finishInDoubt();
    assertThat(run.stored.state().inDoubt()).isFalse();
  }

  /** The coordinator state of one transactional id and the producers talking to it. */
  private static final class Run {
    private final TransactionStateMachine machine = new TransactionStateMachine(900_000);
    private final List<Client> clients = new ArrayList<>();
    private final Map<Long, Short> highestEpoch = new HashMap<>();
    private final Map<Long, Short> dataEpoch = new HashMap<>();
    private TransactionSnapshot stored;
    private long nextId = 1000;
    private long now = 1;

    Run(short startEpoch, short version) {
      stored = new TransactionSnapshot("tx", 500, startEpoch, TransactionState.EMPTY, 60_000, -1,
          0, Set.of(), 500, -1, (short) -1, version);
      highestEpoch.put(500L, startEpoch);
      clients.add(new Client(500, startEpoch, version));
    }

    void apply(Step step) {
      now++;
      Client client = clients.get(step.client() % clients.size());
      TopicPartition partition = new TopicPartition("t", step.partition());
      switch (step.kind()) {
        case NEW_PRODUCER -> attempt(null, () -> init(null, step, step.versionTwo()));
        case REINIT -> attempt(client, () -> init(client, step, client.version == 2));
        case ADD, ADD_FOR_PRODUCE -> attempt(client, () -> {
          short version = step.kind() == Kind.ADD_FOR_PRODUCE ? (short) 2 : (short) 1;
          TransactionSnapshot next = machine.addPartitions(stored, client.producerId,
              client.epoch, Set.of(partition), version, now);
          dataEpoch.merge(client.producerId, client.epoch, (a, b) -> (short) Math.max(a, b));
          store(next);
        });
        case VERIFY -> attempt(client, () -> machine.verifyPartitions(Optional.of(stored),
            client.producerId, client.epoch, Set.of(partition)));
        case END -> attempt(client, () -> end(client, client.producerId, client.epoch, step));
        case RETRY_END -> {
          if (client.previousEpoch >= 0) {
            attempt(client, () -> end(client, client.previousProducerId, client.previousEpoch,
                step));
          }
        }
        case TIME_OUT -> {
          if (TransactionStateMachine.timedOut(stored, now + 60_001)) {
            store(machine.abortTimedOut(stored, now));
            clients.forEach(c -> c.fenced = true);
            markers(step);
          }
        }
        case RETRY_MARKERS -> {
          if (stored.state().inDoubt()) {
            store(machine.complete(stored, now));
          }
        }
        default -> throw new IllegalStateException();
      }
    }

    void finishInDoubt() {
      if (stored.state().inDoubt()) {
        store(machine.complete(stored, now));
      }
    }

    private void init(Client client, Step step, boolean versionTwo) {
      InitOutcome outcome = machine.initProducerId(Optional.of(stored), "tx", 60_000,
          client == null ? -1 : client.producerId, client == null ? -1 : client.epoch, now,
          () -> nextId++);
      store(outcome.next());
      clients.stream().filter(c -> c != client).forEach(c -> c.fenced = true);
      if (outcome.abortOngoing()) {
        // As in Kafka, any InitProducerId fences an ongoing transaction (even one with a stale
        // expected epoch, which a fresh InitProducerId could do anyway); the caller retries.
        if (client != null) {
          client.fenced = true;
        }
        markers(step);
        throw new ConcurrentTransactionsException("aborting the ongoing transaction");
      } else if (client == null) {
        clients.add(new Client(outcome.next().producerId(), outcome.next().epoch(),
            versionTwo ? (short) 2 : (short) 1));
      } else {
        client.producerId = outcome.next().producerId();
        client.epoch = outcome.next().epoch();
      }
    }

    private void end(Client client, long producerId, short epoch, Step step) {
      EndOutcome outcome = machine.endTransaction(stored, producerId, epoch, step.commit(),
          client.version, now, () -> nextId++);
      if (outcome.writeMarkers()) {
        store(outcome.next());
        markers(step);
      }
      client.previousProducerId = client.producerId;
      client.previousEpoch = client.epoch;
      client.producerId = outcome.answer().producerId();
      client.epoch = outcome.answer().epoch();
    }

    /** The decision's markers: written, or failed (left in doubt for a later retry). */
    private void markers(Step step) {
      assertThat(stored.state().inDoubt()).isTrue();
      Short data = dataEpoch.get(stored.producerId());
      if (data != null) {
        assertThat(stored.epoch()).as("marker epoch").isGreaterThanOrEqualTo(data);
      }
      if (!step.markersFail()) {
        store(machine.complete(stored, now));
      }
    }

    /** A request by {@code client} (null: a new producer): a fenced one must fail. */
    private void attempt(Client client, Runnable request) {
      boolean fenced = client != null && client.fenced;
      try {
        request.run();
      } catch (ApiException refused) {
        return;
      }
      if (fenced) {
        fail("A fenced producer's request succeeded; state " + stored);
      }
    }

    private void store(TransactionSnapshot next) {
      if (stored.state().inDoubt()) {
        TransactionState expected = stored.state() == TransactionState.PREPARE_COMMIT
            ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
        assertThat(next.state()).as("after " + stored.state()).isEqualTo(expected);
      }
      Short highest = highestEpoch.get(next.producerId());
      if (next.producerId() != stored.producerId()) {
        assertThat(highest).as("a replaced producer id is never reused").isNull();
      } else {
        assertThat(next.epoch()).as("epoch of " + next.producerId())
            .isGreaterThanOrEqualTo(highest);
      }
      highestEpoch.put(next.producerId(), next.epoch());
      stored = next;
    }
  }
}
