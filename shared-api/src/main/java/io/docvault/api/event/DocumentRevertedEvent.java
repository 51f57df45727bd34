package io.docvault.api.event;

import io.docvault.api.document.DocumentStatus;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A document's fields were set back to those of an earlier version ({@code revertedToVersion}).
 * Carries every revertible field; content only as SHA-256 and size, since its bytes were stored by the
 * earlier event of the same stream that introduced them.
 * Released: never edit; change the shape through a new revision and an upcaster.
 */
@Revision("1")
public record DocumentRevertedEvent(
        String documentId,
        long revertedToVersion,
        String title,
        String contentSha256,
        long contentSize,
        String contentType,
        DocumentStatus status,
        List<String> tags,
        String category,
        Map<String, String> metadata,
        String changeNote,
        String actor) {
}
