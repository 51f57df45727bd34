package io.docvault.api.event;

import io.docvault.api.document.DocumentStatus;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A document came into being (version 1). The time of the change is the event message's timestamp.
 * Released: never edit; change the shape through a new revision and an upcaster.
 */
@Revision("1")
public record DocumentCreatedEvent(
        String documentId,
        String title,
        byte[] content,
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
