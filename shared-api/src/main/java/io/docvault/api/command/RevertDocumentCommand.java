package io.docvault.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give a live document the fields of an earlier version, as a new version. {@code target} is that
 * version's state, read from the document's own event stream; {@code expectedVersion} 0 means no check.
 */
public record RevertDocumentCommand(
        @TargetAggregateIdentifier String documentId,
        long toVersion,
        long expectedVersion,
        DocumentFields target,
        String changeNote,
        String actor) {
}
