package io.docvault.legacy.application;

import io.docvault.api.document.DocumentStatus;
import java.util.List;

/** A document to create through the old API, its fields validated; content is UTF-8 text. */
public record NewLegacyDocument(
        String title,
        String content,
        DocumentStatus status,
        String author,
        List<String> tags,
        String category,
        List<String> comments) {

    public NewLegacyDocument {
        tags = List.copyOf(tags);
        comments = List.copyOf(comments);
    }
}
