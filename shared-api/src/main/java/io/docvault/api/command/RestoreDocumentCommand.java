package io.docvault.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Bring a soft-deleted document back; {@code expectedVersion} 0 means no version check. */
public record RestoreDocumentCommand(
        @TargetAggregateIdentifier String documentId,
        long expectedVersion,
        String reason,
        String actor) {
}
