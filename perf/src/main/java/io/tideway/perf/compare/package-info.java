/**
 * Side-by-side runs against broker JVMs this harness starts itself: Apache Kafka (KRaft,
 * combined broker and controller, from jars resolved from Maven Central) and the Tideway
 * distribution, each on 127.0.0.1 with a fresh data directory, one at a time, A B A B. Starting,
 * waiting for readiness and stopping block the single compare thread; nothing here is shared
 * between threads.
 */
package io.tideway.perf.compare;
