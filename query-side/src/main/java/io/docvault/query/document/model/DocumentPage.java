package io.docvault.query.document.model;

import java.util.List;

/** One page of a document list (without content); {@code hasMore} says whether another page follows. */
public record DocumentPage(List<DocumentView> documents, boolean hasMore, long totalSize) {
}
