package io.docvault.query.document.model;

/** A document view together with its content bytes, when they were asked for. */
public record StoredDocument(DocumentView view, byte[] content) {
}
