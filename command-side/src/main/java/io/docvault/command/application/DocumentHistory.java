package io.docvault.command.application;

import io.docvault.api.command.DocumentFields;
import java.util.Optional;

/** Read port over the event store: a document's fields as of one of its versions. */
public interface DocumentHistory {

    /** The fields of {@code documentId} at {@code version}, or empty when it has no such version. */
    Optional<DocumentFields> fieldsAt(String documentId, long version);
}
