package io.docvault.legacy.application;

import io.docvault.api.document.DocumentStatus;
import java.util.List;

/**
 * An update through the old API, its fields validated. {@code null} means "not provided", which is
 * what the old API's empty strings, empty lists and status DRAFT meant.
 */
public record LegacyChanges(
        String documentId,
        String title,
        String content,
        DocumentStatus status,
        String author,
        List<String> tags,
        String category,
        List<String> comments) {

    public LegacyChanges {
        tags = tags == null ? null : List.copyOf(tags);
        comments = comments == null ? null : List.copyOf(comments);
    }
}
