package io.docvault.api.event;

import io.docvault.api.document.DocumentStatus;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * Some fields of a document changed. Only the changed fields are set; a {@code null} field kept its
 * value. New content is named by its SHA-256 and size, as one value; its bytes are stored once per
 * SHA-256 beside the events (the event store's {@code event_content}), in the same transaction.
 * <p>
 * Revision history (released revisions are never edited; stored ones are upcast when read):
 * <ul>
 *   <li>1: content as three separate nullable fields {@code content}, {@code contentSha256},
 *       {@code contentSize}.</li>
 *   <li>2: the three grouped into {@link NewContent}, so content cannot appear without its digest.</li>
 *   <li>3: {@link NewContent} without the bytes; a stored revision 1 or 2 keeps its bytes where they
 *       are, read from the stored event when needed.</li>
 * </ul>
 */
@Revision("3")
public record DocumentUpdatedEvent(
        String documentId,
        String title,
        NewContent content,
        String contentType,
        DocumentStatus status,
        List<String> tags,
        String category,
        Map<String, String> metadata,
        String changeNote,
        String actor) {

    /** Content that replaced the previous content: its SHA-256 (lower-case hex) and size. */
    public record NewContent(String sha256, long size) {
    }
}
