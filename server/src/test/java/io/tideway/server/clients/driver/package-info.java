/**
 * Programs run in a separate JVM by the compatibility tests, on another client's class path (an
 * older kafka-clients jar): they use only APIs every supported client version has.
 */
package io.tideway.server.clients.driver;
