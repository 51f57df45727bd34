package io.docvault.query.document.application;

import io.docvault.query.document.model.StoredDocument;
import java.util.List;

/** A page of documents with the token of the next page (empty on the last page). */
public record DocumentListing(List<StoredDocument> documents, String nextPageToken, long totalSize) {
}
