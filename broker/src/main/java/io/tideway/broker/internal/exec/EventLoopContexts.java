package io.tideway.broker.internal.exec;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The fixed set of event-loop contexts that own partitions: one verticle deployed with {@code n}
 * instances, so Vert.x spreads their contexts round-robin over its event loops. A partition's
 * owner is chosen by hash ({@link #forKey}), so it is stable for the broker's lifetime.
 *
 * <p>Thread contract: immutable after {@link #deploy} and thread-safe. {@link #close} undeploys the
 * verticle; contexts must not be used afterwards.
 */
public final class EventLoopContexts {

  private final Vertx vertx;
  private final String deploymentId;
  private final List<Context> contexts;

  private EventLoopContexts(Vertx vertx, String deploymentId, List<Context> contexts) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.contexts = List.copyOf(contexts);
  }

  /**
   * Deploys one owner context per event loop of {@code vertx} (its event-loop pool size, which
   * the server sets from {@code num.network.threads}).
   */
  public static Future<EventLoopContexts> deployOnePerEventLoop(Vertx vertx) {
    int loops = 0;
    for (EventExecutor ignored : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      loops++;
    }
    return deploy(vertx, loops);
  }

  /**
   * Deploys {@code count} owner contexts.
   *
   * @param count how many contexts, at least 1 (normally the event-loop count)
   */
  public static Future<EventLoopContexts> deploy(Vertx vertx, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("At least one partition context is needed, got " + count);
    }
    List<Context> contexts = Collections.synchronizedList(new ArrayList<>());
    DeploymentOptions options = new DeploymentOptions().setInstances(count);
    return vertx.deployVerticle(() -> new OwnerVerticle(contexts), options)
        .map(id -> new EventLoopContexts(vertx, id, contexts));
  }

  /** The context owning {@code key} (e.g. a {@code TopicPartition}), by its hash. */
  public Context forKey(Object key) {
    Objects.requireNonNull(key, "key");
    return contexts.get(Math.floorMod(key.hashCode(), contexts.size()));
  }

  /** Every owner context. */
  public List<Context> all() {
    return contexts;
  }

  /** Undeploys the owner verticle. */
  public Future<Void> close() {
    return vertx.undeploy(deploymentId);
  }

  /** Does nothing but hold an event-loop context. */
  private static final class OwnerVerticle extends VerticleBase {
    private final List<Context> contexts;

    OwnerVerticle(List<Context> contexts) {
      this.contexts = contexts;
    }

    @Override
    public Future<?> start() {
      contexts.add(context);
      return Future.succeededFuture();
    }
  }
}
