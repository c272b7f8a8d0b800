/**
 * Threading primitives of the engine: the fixed set of event-loop contexts that own partitions
 * ({@link io.tideway.broker.internal.exec.EventLoopContexts}), the per-partition operation queue
 * that runs operations one at a time on the owning context
 * ({@link io.tideway.broker.internal.exec.OperationQueue}), and the named, bounded worker pool for
 * blocking log I/O ({@link io.tideway.broker.internal.exec.BlockingIo}).
 *
 * <p>Thread contract: every class here is thread-safe; each documents on which thread its
 * callbacks and futures complete.
 */
package io.tideway.broker.internal.exec;
