package io.docvault.query.document.model;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Read port: documents as of their latest or any past version. */
public interface DocumentViews {

    /** The latest version of a document, deleted or not. */
    Optional<StoredDocument> latest(String documentId, boolean withContent);

    /**
     * The latest version of a document when the caller knows the read model holds at least version
     * {@code atLeast}: a cache in front of the store must not answer with anything older.
     */
    default Optional<StoredDocument> latest(String documentId, boolean withContent, long atLeast) {
        return latest(documentId, withContent);
    }

    /**
     * The latest versions of several documents with their content, by document id (ids the read model
     * does not hold are left out), for reads of many calls answered together: a store answers them in
     * one query.
     */
    default Map<String, StoredDocument> latestAll(Collection<String> documentIds) {
        Map<String, StoredDocument> found = new HashMap<>();
        for (String documentId : documentIds) {
            latest(documentId, true).ifPresent(document -> found.put(documentId, document));
        }
        return found;
    }

    /** One version of a document: a key lookup, whatever the length of its history. */
    Optional<StoredDocument> version(String documentId, long version, boolean withContent);

    /**
     * The latest version of a document with its content when memory alone holds it, without any I/O or
     * wait (for a caller on a thread that must not block); empty otherwise, and then {@link #latest}
     * answers.
     */
    default Optional<StoredDocument> latestHeld(String documentId) {
        return Optional.empty();
    }

    /** The latest version stored at or before {@code at}, or empty when the document did not exist then. */
    Optional<StoredDocument> asOf(String documentId, java.time.Instant at, boolean withContent);

    /** The latest version the read model holds of a document, 0 when it holds none. */
    long currentVersion(String documentId);

    /** A page of documents without their content. */
    DocumentPage list(DocumentFilter filter, DocumentOrder order, ListCursor cursor, int pageSize);

    /** Content bytes by SHA-256, for the given digests that are stored. */
    Map<String, byte[]> contents(Collection<String> sha256s);
}
