package io.docvault.query.document.model;

import java.util.List;

/**
 * Read port: who changed what, when and why, newest first. Entries are the version records the
 * projection derived from events; nothing else writes them.
 */
public interface AuditTrail {

    /**
     * Up to {@code limit} entries matching {@code query}, newest first, after the entry at
     * {@code after} (null for the first page).
     */
    List<VersionEntry> entries(AuditQuery query, AuditPosition after, int limit);

    /** An entry's place in the order: its time, document and version. */
    record AuditPosition(java.time.Instant changedAt, String documentId, long version) {
    }
}
