package io.tideway.broker.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OperationQueueTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final OperationQueue queue = new OperationQueue(context);

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Test
  void runsOperationsOneAtATimeInSubmissionOrderOnTheContext() throws Exception {
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    Promise<String> slow = Promise.promise();
    Future<String> first = queue.submit(() -> {
      order.add(1);
      return slow.future();
    });
    List<Future<Integer>> later = new ArrayList<>();
    for (int i = 2; i <= 50; i++) {
      int n = i;
      later.add(queue.submit(() -> {
        assertThat(Vertx.currentContext()).isSameAs(context);
        order.add(n);
        return Future.succeededFuture(n);
      }));
    }
    // The first operation has not completed: nothing behind it may run.
    CompletableFuture<Void> probe = new CompletableFuture<>();
    context.runOnContext(ignored -> probe.complete(null));
    probe.get(10, TimeUnit.SECONDS);
    assertThat(order).containsExactly(1);
    new Thread(() -> slow.complete("done")).start();
    assertThat(await(first)).isEqualTo("done");
    await(Future.all(later));
    assertThat(order).hasSize(50).isSorted();
  }

  @Test
  void aFailingOperationFailsAloneAndFuturesCompleteOnTheContext() throws Exception {
    Future<Integer> failing = queue.submit(() -> {
      throw new IllegalStateException("boom");
    });
    CompletableFuture<Context> completedOn = new CompletableFuture<>();
    Future<Integer> next = queue.submit(() -> Future.succeededFuture(7))
        .onComplete(ignored -> completedOn.complete(Vertx.currentContext()));
    assertThat(await(next)).isEqualTo(7);
    assertThat(completedOn.get(10, TimeUnit.SECONDS)).isSameAs(context);
    assertThat(failing.toCompletionStage().toCompletableFuture()).failsWithin(WAIT)
        .withThrowableThat().havingCause().withMessage("boom");
  }

  @Test
  void anOperationCompletedOnAnotherThreadHandsBackToTheContext() throws Exception {
    BlockingIo io = new BlockingIo(vertx, 2);
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    Future<Void> blocking = queue.submit(() -> Future.fromCompletionStage(
        CompletableFuture.runAsync(() -> threads.add(Thread.currentThread().getName()))));
    Future<String> after = queue.submit(() -> Future.succeededFuture(
        Thread.currentThread().getName()));
    await(blocking);
    assertThat(await(after)).startsWith("vert.x-eventloop-thread");
    assertThat(await(io.run(() -> Thread.currentThread().getName())))
        .startsWith(BlockingIo.POOL_NAME);
    await(io.close());
  }
}
