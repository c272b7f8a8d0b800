/**
 * Active-passive replication between sites: site links that pull with the Kafka Fetch protocol and
 * append batches byte for byte at the same offsets (no offset translation on failover), replicated
 * topic configs, committed group offsets and ACLs, and pause, resume, promote and failback.
 *
 * <p>Not built yet: the module holds only this description.
 */
package io.tideway.geo;
