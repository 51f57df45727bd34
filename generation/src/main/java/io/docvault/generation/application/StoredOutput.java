package io.docvault.generation.application;

/** The document a generated PDF was stored as. */
public record StoredOutput(String documentId, long version) {
}
