package io.docvault.api.event;

import io.docvault.api.document.DocumentStatus;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A document came into being (version 1). The time of the change is the event message's timestamp.
 * The content itself is stored once per SHA-256 beside the events (the event store's
 * {@code event_content}), in the same transaction.
 * <p>
 * Revision history (released revisions are never edited; stored ones are upcast when read):
 * <ul>
 *   <li>1: the content's bytes in the event ({@code content}).</li>
 *   <li>2: only its SHA-256 and size; a stored revision 1 keeps its bytes where they are, read from
 *       the stored event when needed.</li>
 * </ul>
 */
@Revision("2")
public record DocumentCreatedEvent(
        String documentId,
        String title,
        String contentSha256,
        long contentSize,
        String contentType,
        DocumentStatus status,
        String author,
        List<String> tags,
        String category,
        Map<String, String> metadata,
        String actor) {
}
