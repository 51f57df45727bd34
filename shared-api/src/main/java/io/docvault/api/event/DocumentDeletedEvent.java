package io.docvault.api.event;

import org.axonframework.serialization.Revision;

/**
 * A document was soft-deleted; its history and content stay.
 * Released: never edit; change the shape through a new revision and an upcaster.
 */
@Revision("1")
public record DocumentDeletedEvent(String documentId, String reason, String actor) {
}
