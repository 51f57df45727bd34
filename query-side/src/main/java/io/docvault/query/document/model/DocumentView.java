package io.docvault.query.document.model;

import io.docvault.api.document.DocumentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A document as of one version, without its content (which is stored once per SHA-256). */
public record DocumentView(
        String documentId,
        long version,
        String title,
        String contentSha256,
        long contentSize,
        String contentType,
        DocumentStatus status,
        String author,
        List<String> tags,
        String category,
        Map<String, String> metadata,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy,
        boolean deleted,
        Instant deletedAt,
        String deletedBy,
        String deleteReason) {

    public DocumentView {
        tags = List.copyOf(tags);
        metadata = Map.copyOf(metadata);
    }

    /** Of two states of one document, the later version (for merging newest states per document). */
    public static DocumentView newer(DocumentView held, DocumentView next) {
        return next.version() > held.version() ? next : held;
    }
}
