package io.docvault.api.event;

import io.docvault.api.document.DocumentStatus;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * Some fields of a document changed. Only the changed fields are set; a {@code null} field kept its
 * value. New content travels with its SHA-256 and size, as one value.
 * <p>
 * Revision history (released revisions are never edited; stored ones are upcast when read):
 * <ul>
 *   <li>1: content as three separate nullable fields {@code content}, {@code contentSha256},
 *       {@code contentSize}.</li>
 *   <li>2: the three grouped into {@link NewContent}, so content cannot appear without its digest.</li>
 * </ul>
 */
@Revision("2")
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

    /** Content that replaced the previous content: its bytes, SHA-256 (lower-case hex) and size. */
    public record NewContent(byte[] bytes, String sha256, long size) {
    }
}
