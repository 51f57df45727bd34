package io.docvault.query.document.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The batching of {@link LatestReads}, over a read model held in memory whose queries can be held up, so
 * that reads queue behind one deterministically. The stores' own {@code latestAll} queries are covered
 * against PostgreSQL and MongoDB's wire protocol by the read-model contract (server module).
 */
class LatestReadsTest {

    private final HeldViews views = new HeldViews();

    @Test
    void readsThatWaitWhileAQueryRunsAreAnsweredByTheNextQueryTogether() throws Exception {
        views.put("a", 3);
        views.put("b", 1);
        views.put("c", 7);
        try (LatestReads reads = new LatestReads(views, 64, 0)) {
            views.holdNextQuery();
            CompletableFuture<Optional<StoredDocument>> first = reads.latest("a").orElseThrow();
            views.awaitHeldQuery();

            // The reader is busy with the first read: these wait, and go out in one query.
            List<CompletableFuture<Optional<StoredDocument>>> waiting = new ArrayList<>();
            for (String id : List.of("b", "c", "missing", "b")) {
                waiting.add(reads.latest(id).orElseThrow());
            }
            assertThat(reads.queued()).isEqualTo(4);
            views.release();

            assertThat(first.get(10, TimeUnit.SECONDS)).get().extracting(d -> d.view().version()).isEqualTo(3L);
            assertThat(waiting.get(0).get(10, TimeUnit.SECONDS)).get().extracting(d -> d.view().version()).isEqualTo(1L);
            assertThat(waiting.get(1).get(10, TimeUnit.SECONDS)).get().extracting(d -> d.view().version()).isEqualTo(7L);
            assertThat(waiting.get(2).get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(waiting.get(3).get(10, TimeUnit.SECONDS)).get().extracting(d -> d.view().version()).isEqualTo(1L);
            assertThat(views.queries()).containsExactly(List.of("a"), List.of("b", "c", "missing"));
            assertThat(reads.reads()).isEqualTo(5);
            assertThat(reads.queries()).isEqualTo(2);
        }
    }

    @Test
    void aBatchIsNoLargerThanMaxBatch() throws Exception {
        for (String id : List.of("a", "b", "c", "d", "e")) {
            views.put(id, 1);
        }
        try (LatestReads reads = new LatestReads(views, 2, 0)) {
            views.holdNextQuery();
            CompletableFuture<?> first = reads.latest("a").orElseThrow();
            views.awaitHeldQuery();
            List<CompletableFuture<?>> waiting = new ArrayList<>();
            for (String id : List.of("b", "c", "d", "e")) {
                waiting.add(reads.latest(id).orElseThrow());
            }
            views.release();
            CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            first.get(10, TimeUnit.SECONDS);

            assertThat(views.queries()).containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"));
        }
    }

    @Test
    void aFailedQueryFailsEveryReadOfItsBatchAndTheNextQueryStillRuns() throws Exception {
        views.put("a", 1);
        try (LatestReads reads = new LatestReads(views, 64, 0)) {
            views.holdNextQuery();
            CompletableFuture<?> first = reads.latest("a").orElseThrow();
            views.awaitHeldQuery();
            views.failNextQuery(new IllegalStateException("connection refused"));
            CompletableFuture<?> b = reads.latest("b").orElseThrow();
            CompletableFuture<?> c = reads.latest("c").orElseThrow();
            views.release();

            first.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<?> failed : List.of(b, c)) {
                assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasRootCauseMessage("connection refused");
            }
            assertThat(reads.latest("a").orElseThrow().get(10, TimeUnit.SECONDS)).isPresent();
        }
    }

    @Test
    void beyondMaxQueuedAReadIsLeftToItsCaller() throws Exception {
        views.put("a", 1);
        try (LatestReads reads = new LatestReads(views, 64, 2)) {
            views.holdNextQuery();
            CompletableFuture<?> first = reads.latest("a").orElseThrow();
            views.awaitHeldQuery();
            CompletableFuture<?> second = reads.latest("a").orElseThrow();
            CompletableFuture<?> third = reads.latest("a").orElseThrow();

            assertThat(reads.latest("a")).as("a third waiting read").isEmpty();
            views.release();
            CompletableFuture.allOf(first, second, third).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void readsAreNotQueuedWhenBatchesAreOffOrOnceClosed() throws Exception {
        try (LatestReads off = new LatestReads(views, 0, 0)) {
            assertThat(off.latest("a")).isEmpty();
        }
        views.put("a", 1);
        LatestReads reads = new LatestReads(views, 64, 0);
        views.holdNextQuery();
        CompletableFuture<Optional<StoredDocument>> queuedBeforeClose = reads.latest("a").orElseThrow();
        views.awaitHeldQuery();
        CompletableFuture<Optional<StoredDocument>> waitingAtClose = reads.latest("a").orElseThrow();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            try {
                reads.close();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        views.release();
        closing.get(10, TimeUnit.SECONDS);

        assertThat(queuedBeforeClose.get(10, TimeUnit.SECONDS)).isPresent();
        assertThat(waitingAtClose.get(10, TimeUnit.SECONDS)).as("a read queued before close is still answered").isPresent();
        assertThat(reads.latest("a")).isEmpty();
    }
}
