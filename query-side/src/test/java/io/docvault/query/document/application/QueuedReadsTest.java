package io.docvault.query.document.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docvault.api.error.DocumentNotFoundException;
import io.docvault.api.error.ReadModelBehindException;
import io.docvault.query.document.model.StoredDocument;
import io.docvault.query.document.projection.ReadModelSignal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DocumentQueries#latestQueued}: latest reads through {@link LatestReads}, and their waits for
 * {@code min_version} without a thread, over a read model in memory and the projection's real signal.
 */
class QueuedReadsTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final HeldViews views = new HeldViews();
    private final ReadModelSignal signal = new ReadModelSignal();
    private final LatestReads reads = new LatestReads(views, 64, 0);
    private final DocumentQueries queries = new DocumentQueries(views, null, null, signal, 1 << 20, reads);

    @AfterEach
    void close() throws InterruptedException {
        reads.close();
    }

    @Test
    void aReadWithoutMinVersionAnswersWhatTheReadModelHolds() throws Exception {
        views.put("a", 2);
        views.put("gone", 3, true);

        assertThat(latest("a", false, 0).get(10, TimeUnit.SECONDS).view().version()).isEqualTo(2);
        assertThat(latest("gone", true, 0).get(10, TimeUnit.SECONDS).view().deleted()).isTrue();
        assertFailsWith(latest("gone", false, 0), DocumentNotFoundException.class);
        assertFailsWith(latest("never", false, 0), DocumentNotFoundException.class);
    }

    @Test
    void aReadWaitingForAVersionIsAnsweredWhenTheSignalSaysItCame() throws Exception {
        views.put("a", 1);
        CompletableFuture<StoredDocument> read = latest("a", false, 2);
        // The first look found version 1: the read waits, with no thread of its own.
        views.awaitQueries(1);
        assertThat(read).isNotDone();

        views.put("a", 2);
        signal.changed("a", 2);

        assertThat(read.get(10, TimeUnit.SECONDS).view().version()).isEqualTo(2);
    }

    @Test
    void aSignalBelowTheVersionDoesNotEndTheWait() throws Exception {
        views.put("a", 1);
        CompletableFuture<StoredDocument> read = latest("a", false, 3);
        views.awaitQueries(1);
        views.put("a", 2);
        signal.changed("a", 2);
        assertThat(read).isNotDone();

        views.put("a", 3);
        signal.changed("a", 3);
        assertThat(read.get(10, TimeUnit.SECONDS).view().version()).isEqualTo(3);
    }

    @Test
    void aVersionWrittenElsewhereIsFoundByTheRecheckWithoutASignal() throws Exception {
        views.put("a", 1);
        CompletableFuture<StoredDocument> read = latest("a", false, 2);
        views.awaitQueries(1);

        // Another process's projection: no signal here, the 50 ms re-check finds it.
        views.put("a", 2);
        assertThat(read.get(10, TimeUnit.SECONDS).view().version()).isEqualTo(2);
    }

    @Test
    void aWaitEndsWhenItsBudgetIsSpentOrItsCallerGoesAway() throws Exception {
        views.put("a", 1);
        long started = System.nanoTime();
        CompletableFuture<StoredDocument> brief = queries.latestQueued("a", false, 5, Duration.ofMillis(200), () -> false)
                .orElseThrow();
        assertThatThrownBy(() -> brief.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ReadModelBehindException.class)
                .hasMessageContaining("holds version 1 of document a, not yet 5");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));

        AtomicBoolean cancelled = new AtomicBoolean();
        int before = views.queries().size();
        CompletableFuture<StoredDocument> abandoned = queries.latestQueued("a", false, 5, LONG, cancelled::get).orElseThrow();
        views.awaitQueries(before + 1);
        cancelled.set(true);
        assertFailsWith(abandoned, ReadModelBehindException.class);
    }

    @Test
    void aDocumentThatComesIntoBeingEndsTheWaitAndADeletedOneIsNotFound() throws Exception {
        CompletableFuture<StoredDocument> created = latest("new", false, 1);
        CompletableFuture<StoredDocument> deleted = latest("doomed", false, 1);
        views.awaitQueries(2);

        views.put("new", 1);
        signal.changed("new", 1);
        views.put("doomed", 1, true);
        signal.changed("doomed", 1);

        assertThat(created.get(10, TimeUnit.SECONDS).view().version()).isEqualTo(1);
        assertFailsWith(deleted, DocumentNotFoundException.class);
    }

    @Test
    void withReadsNotQueuedTheCallerReadsItself() throws InterruptedException {
        try (LatestReads off = new LatestReads(views, 0, 0)) {
            DocumentQueries unqueued = new DocumentQueries(views, null, null, signal, 1 << 20, off);
            assertThat(unqueued.latestQueued("a", false, 2, LONG, () -> false)).isEmpty();
        }
    }

    private CompletableFuture<StoredDocument> latest(String id, boolean includeDeleted, long minVersion) {
        return queries.latestQueued(id, includeDeleted, minVersion, LONG, () -> false).orElseThrow();
    }

    private static void assertFailsWith(CompletableFuture<?> read, Class<? extends Throwable> failure) {
        assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(failure);
    }
}
