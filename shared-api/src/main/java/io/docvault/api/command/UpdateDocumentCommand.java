package io.docvault.api.command;

import io.docvault.api.document.DocumentPatch;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Set some fields of a live document; {@code expectedVersion} 0 means no version check. */
public record UpdateDocumentCommand(
        @TargetAggregateIdentifier String documentId,
        long expectedVersion,
        DocumentPatch patch,
        String changeNote,
        String actor) {
}
