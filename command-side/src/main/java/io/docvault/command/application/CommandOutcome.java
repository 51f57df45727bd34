package io.docvault.command.application;

/** The document a command acted on and the version it produced. */
public record CommandOutcome(String documentId, long version) {
}
