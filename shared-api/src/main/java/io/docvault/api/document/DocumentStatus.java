package io.docvault.api.document;

/** Editorial status of a document. */
public enum DocumentStatus {
    DRAFT,
    PUBLISHED,
    ARCHIVED
}
