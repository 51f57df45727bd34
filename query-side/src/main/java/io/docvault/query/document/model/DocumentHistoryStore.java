package io.docvault.query.document.model;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Write port of the projection. Recording is idempotent: recording a version that is already held
 * changes nothing, and the current view only ever moves forward.
 */
public interface DocumentHistoryStore {

    /** The state of a document as of one version, as recorded before. */
    Optional<DocumentView> state(String documentId, long version);

    /** The current state of each of these documents that has one, read at once. */
    Map<String, DocumentView> currentStates(Collection<String> documentIds);

    /**
     * Records versions, in the order given (a document's versions in ascending order): each one's state,
     * the change that produced it and, when the change brought new content, that content (stored once
     * per SHA-256).
     */
    void recordAll(List<RecordedVersion> versions);

    /**
     * Records versions as {@link #recordAll} does, when they are all a transaction records: nothing else is
     * recorded in it, before or after. A store may then write their contents in that transaction too.
     */
    default void recordBatch(List<RecordedVersion> versions) {
        recordAll(versions);
    }

    /**
     * A writer for a rebuild's bulk pass, into storage that nothing else writes or reads yet (the next
     * generation from {@link ReadModelRebuilds#prepareNext}, before any processor writes it). This one
     * records each batch with {@link #recordAll}; a store may write faster where it can skip the checks
     * {@code recordAll} makes.
     */
    default BulkLoad bulkLoad() {
        return new BulkLoad() {
            @Override
            public void addAll(List<RecordedVersion> versions) {
                recordAll(versions);
            }

            @Override
            public void finish() {
            }

            @Override
            public void close() {
            }
        };
    }

    /** Takes versions one document after another, each document's in ascending order. */
    interface BulkLoad extends AutoCloseable {

        /** The next versions, a batch the caller bounds (in count and content bytes). */
        void addAll(List<RecordedVersion> versions);

        /** Writes everything added and makes it durable. */
        void finish();

        /** Releases what it holds; what was added but not finished may be partly written. */
        @Override
        void close();
    }

    /** One version to record; {@code newContent} is null when the change kept the content. */
    record RecordedVersion(DocumentView state, VersionEntry change, byte[] newContent) {
    }
}
