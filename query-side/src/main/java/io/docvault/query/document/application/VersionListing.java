package io.docvault.query.document.application;

import io.docvault.query.document.model.VersionEntry;
import java.util.List;

/** A page of a document's versions with the token of the next page (empty on the last page). */
public record VersionListing(List<VersionEntry> versions, String nextPageToken, long totalSize) {
}
