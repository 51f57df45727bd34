package io.docvault.query.document.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.docvault.api.document.DocumentStatus;
import io.docvault.query.document.model.DocumentFilter;
import io.docvault.query.document.model.DocumentOrder;
import io.docvault.query.document.model.DocumentPage;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.DocumentViews;
import io.docvault.query.document.model.ListCursor;
import io.docvault.query.document.model.StoredDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A read model of latest documents in memory, for the batching and waiting logic of the application
 * layer: records each latestAll's ids, and can hold one query up or fail one.
 */
final class HeldViews implements DocumentViews {
    private final Map<String, StoredDocument> documents = new ConcurrentHashMap<>();
    private final List<List<String>> queries = new ArrayList<>();
    private final BlockingQueue<CountDownLatch> holds = new LinkedBlockingQueue<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch release;
    private volatile RuntimeException nextFailure;

    void put(String id, long version) {
        put(id, version, false);
    }

    void put(String id, long version, boolean deleted) {
        documents.put(id, new StoredDocument(new DocumentView(id, version, "t", "sha", 0, "text/plain",
                DocumentStatus.DRAFT, "a", List.of(), "", Map.of(), Instant.EPOCH, "a", Instant.EPOCH, "a",
                deleted, null, null, null), new byte[0]));
    }

    void holdNextQuery() {
        release = new CountDownLatch(1);
        holds.add(release);
    }

    void awaitHeldQuery() throws InterruptedException {
        assertThat(held.await(10, TimeUnit.SECONDS)).as("the held query started").isTrue();
    }

    void release() {
        release.countDown();
    }

    void failNextQuery(RuntimeException failure) {
        nextFailure = failure;
    }

    synchronized List<List<String>> queries() {
        return List.copyOf(queries);
    }

    /** Waits until {@code count} queries have started in all. */
    synchronized void awaitQueries(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queries.size() < count) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            assertThat(remaining).as("%d queries started within 10 s, not %d", queries.size(), count).isPositive();
            wait(remaining);
        }
    }

    @Override
    public Map<String, StoredDocument> latestAll(Collection<String> documentIds) {
        synchronized (this) {
            queries.add(List.copyOf(documentIds));
            notifyAll();
        }
        CountDownLatch hold = holds.poll();
        if (hold != null) {
            held.countDown();
            try {
                assertThat(hold.await(10, TimeUnit.SECONDS)).as("the held query released").isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return found(documentIds);
        }
        RuntimeException failure = nextFailure;
        if (failure != null) {
            nextFailure = null;
            throw failure;
        }
        return found(documentIds);
    }

    private Map<String, StoredDocument> found(Collection<String> ids) {
        Map<String, StoredDocument> found = new java.util.HashMap<>();
        ids.forEach(id -> Optional.ofNullable(documents.get(id)).ifPresent(d -> found.put(id, d)));
        return found;
    }

    @Override
    public Optional<StoredDocument> latest(String documentId, boolean withContent) {
        throw new UnsupportedOperationException("LatestReads reads with latestAll");
    }

    @Override
    public Optional<StoredDocument> version(String documentId, long version, boolean withContent) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<StoredDocument> asOf(String documentId, Instant at, boolean withContent) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long currentVersion(String documentId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DocumentPage list(DocumentFilter filter, DocumentOrder order, ListCursor cursor, int pageSize) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, byte[]> contents(Collection<String> sha256s) {
        throw new UnsupportedOperationException();
    }
}
