package io.docvault.query.document.model;

import io.docvault.api.document.ChangeKind;
import java.time.Instant;
import java.util.List;

/**
 * What produced one version: the change, who made it, when and why; for a revert, the version whose
 * fields it restored (0 otherwise).
 */
public record VersionEntry(
        String documentId,
        long version,
        ChangeKind change,
        Instant changedAt,
        String changedBy,
        String changeNote,
        List<String> changedFields,
        String contentSha256,
        long contentSize,
        long revertedToVersion) {

    public VersionEntry {
        changedFields = List.copyOf(changedFields);
    }
}
