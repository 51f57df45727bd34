package io.docvault.query.document.model;

import java.util.List;

/** Read port: the versions of a document, oldest first. */
public interface VersionHistory {

    /** Up to {@code limit} versions after {@code afterVersion} (0 for the start). */
    List<VersionEntry> versions(String documentId, long afterVersion, int limit);

    long count(String documentId);
}
