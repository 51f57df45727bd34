package io.docvault.legacy.application;

import io.docvault.query.document.model.StoredDocument;
import java.time.Instant;

/**
 * One of the old API's versions: the state a document had at DocVault version {@code version},
 * kept because the update at {@code replacedAt} replaced it.
 */
public record LegacyVersion(long version, StoredDocument state, Instant replacedAt) {
}
