/**
 * The HTTP API on Vert.x Web, contract first from an OpenAPI document: Confluent REST v3 admin and
 * produce, and v2-style consumer instances whose state lives in the metadata store so that any
 * proxy node can serve any request.
 *
 * <p>Not built yet: the module holds only this description.
 */
package io.tideway.rest;
