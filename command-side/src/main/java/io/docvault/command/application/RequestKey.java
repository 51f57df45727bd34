package io.docvault.command.application;

/**
 * An idempotency key with the fingerprint of the request body it came with, so a retry of the same
 * request can be told apart from a different request reusing the key.
 */
public record RequestKey(String requestId, String fingerprint) {
}
