package io.docvault.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Soft-delete a live document; {@code expectedVersion} 0 means no version check. */
public record DeleteDocumentCommand(
        @TargetAggregateIdentifier String documentId,
        long expectedVersion,
        String reason,
        String actor) {
}
