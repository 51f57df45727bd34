package io.docvault.query.document.application;

import io.docvault.query.document.model.VersionEntry;
import java.util.List;

/** A page of the audit trail with the token of the next page (empty on the last page). */
public record AuditListing(List<VersionEntry> entries, String nextPageToken) {
}
