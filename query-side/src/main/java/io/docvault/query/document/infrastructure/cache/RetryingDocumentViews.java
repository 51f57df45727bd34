package io.docvault.query.document.infrastructure.cache;

import io.docvault.query.document.model.DocumentFilter;
import io.docvault.query.document.model.DocumentOrder;
import io.docvault.query.document.model.DocumentPage;
import io.docvault.query.document.model.DocumentViews;
import io.docvault.query.document.model.ListCursor;
import io.docvault.query.document.model.StoredDocument;
import io.github.resilience4j.retry.Retry;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Retries read-model reads that fail transiently (a dropped connection, a failover) with backoff, a
 * bounded number of times; the last failure then leaves as UNAVAILABLE. Nothing here catches the
 * failure it retries on: the retry sees every exception.
 */
final class RetryingDocumentViews implements DocumentViews {

    private final DocumentViews store;
    private final Retry retry;

    RetryingDocumentViews(DocumentViews store, Retry retry) {
        this.store = store;
        this.retry = retry;
    }

    @Override
    public Optional<StoredDocument> latest(String documentId, boolean withContent) {
        return retry.executeSupplier(() -> store.latest(documentId, withContent));
    }

    @Override
    public Map<String, StoredDocument> latestAll(Collection<String> documentIds) {
        return retry.executeSupplier(() -> store.latestAll(documentIds));
    }

    @Override
    public Optional<StoredDocument> version(String documentId, long version, boolean withContent) {
        return retry.executeSupplier(() -> store.version(documentId, version, withContent));
    }

    @Override
    public Optional<StoredDocument> asOf(String documentId, Instant at, boolean withContent) {
        return retry.executeSupplier(() -> store.asOf(documentId, at, withContent));
    }

    @Override
    public long currentVersion(String documentId) {
        return retry.executeSupplier(() -> store.currentVersion(documentId));
    }

    @Override
    public DocumentPage list(DocumentFilter filter, DocumentOrder order, ListCursor cursor, int pageSize) {
        return retry.executeSupplier(() -> store.list(filter, order, cursor, pageSize));
    }

    @Override
    public Map<String, byte[]> contents(Collection<String> sha256s) {
        return retry.executeSupplier(() -> store.contents(sha256s));
    }
}
