package io.docvault.query.document.model;

import io.docvault.api.document.ChangeKind;
import java.time.Instant;

/** A change as announced to watchers: which document, which version it produced, what, when, by whom. */
public record ChangeNotice(String documentId, long version, ChangeKind change, Instant at, String actor) {
}
