package io.docvault.api.event;

import org.axonframework.serialization.Revision;

/**
 * A soft-deleted document was brought back.
 * Released: never edit; change the shape through a new revision and an upcaster.
 */
@Revision("1")
public record DocumentRestoredEvent(String documentId, String reason, String actor) {
}
