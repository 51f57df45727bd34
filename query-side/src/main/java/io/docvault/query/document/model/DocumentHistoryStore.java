package io.docvault.query.document.model;

import java.util.Optional;

/**
 * Write port of the projection. Recording is idempotent: recording a version that is already held
 * changes nothing, and the current view only ever moves forward.
 */
public interface DocumentHistoryStore {

    /** The state of a document as of one version, as recorded before. */
    Optional<DocumentView> state(String documentId, long version);

    /**
     * Records a version: its state, the change that produced it and, when the change brought new
     * content, that content (stored once per SHA-256).
     */
    void record(DocumentView state, VersionEntry change, byte[] newContent);
}
