package io.docvault.api.document;

/** The kind of change that produced a version; one per event type. */
public enum ChangeKind {
    CREATED,
    UPDATED,
    DELETED,
    RESTORED,
    REVERTED
}
