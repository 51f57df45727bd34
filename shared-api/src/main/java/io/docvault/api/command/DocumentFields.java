package io.docvault.api.command;

import io.docvault.api.document.DocumentStatus;
import java.util.List;
import java.util.Map;

/** The revertible fields of a document at one version; content by its SHA-256 and size. */
public record DocumentFields(
        String title,
        String contentSha256,
        long contentSize,
        String contentType,
        DocumentStatus status,
        List<String> tags,
        String category,
        Map<String, String> metadata) {

    public DocumentFields {
        tags = List.copyOf(tags);
        metadata = Map.copyOf(metadata);
    }
}
