package io.docvault.query.document.model;

import io.docvault.api.document.ChangeKind;
import java.time.Instant;
import java.util.Set;

/** Which audit entries to list: kinds of change, optionally one document and a time range [from, to). */
public record AuditQuery(String documentId, Set<ChangeKind> kinds, Instant from, Instant to) {

    public static final Set<ChangeKind> DEFAULT_KINDS = Set.of(ChangeKind.DELETED, ChangeKind.RESTORED);

    public AuditQuery {
        kinds = Set.copyOf(kinds);
    }
}
