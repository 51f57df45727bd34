package io.docvault.query.document.application;

import io.docvault.query.document.model.DocumentViews;
import io.docvault.query.document.model.StoredDocument;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads of documents' latest versions, answered together: the reads that are waiting when the reader
 * thread is free (up to {@code maxBatch}) are answered by one {@link DocumentViews#latestAll} query, and
 * each caller's future completes on that thread. A read never waits for a batch to fill: one that arrives
 * alone is read alone, and reads that arrive while a query runs wait for the next one. Sixteen callers'
 * reads then cost the store one statement and one round trip instead of sixteen, and none of them holds a
 * thread while it waits (a transport thread queues it and goes on).
 *
 * <p>What each caller gets does not depend on its batch: each document is read as it is committed in the
 * read model when its batch's query runs, which is after the read was asked for, as a read on a thread of
 * its own would be.
 */
public final class LatestReads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LatestReads.class);
    private static final Pending STOP = new Pending(null, null);

    private final DocumentViews views;
    private final int maxBatch;
    private final int maxQueued;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong queries = new AtomicLong();
    private volatile boolean closed;

    private record Pending(String documentId, CompletableFuture<Optional<StoredDocument>> result) {
    }

    /**
     * {@code maxBatch}: most reads per query, 0 for none queued at all ({@link #latest} then always leaves
     * the read to its caller); {@code maxQueued}: most reads left waiting (0: no limit), beyond which
     * {@link #latest} leaves the read to its caller.
     */
    public LatestReads(DocumentViews views, int maxBatch, int maxQueued) {
        if (maxBatch < 0 || maxQueued < 0) {
            throw new IllegalArgumentException("maxBatch and maxQueued must not be negative");
        }
        this.views = views;
        this.maxBatch = maxBatch;
        this.maxQueued = maxQueued;
        if (maxBatch == 0) {
            this.reader = null;
            this.closed = true;
        } else {
            this.reader = new Thread(this::run, "latest-reads");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /**
     * Queues a read of the document's latest version with its content and returns at once; the future
     * completes on the reader thread (with the document, empty when the read model does not hold it, or
     * the store's failure). Empty, queuing nothing, when reads are not queued, the queue is full or this is
     * closed: the caller reads on a thread of its own.
     */
    public Optional<CompletableFuture<Optional<StoredDocument>>> latest(String documentId) {
        if (closed || (maxQueued > 0 && queue.size() >= maxQueued)) {
            return Optional.empty();
        }
        Pending pending = new Pending(documentId, new CompletableFuture<>());
        queue.add(pending);
        if (closed && queue.remove(pending)) {
            // Queued after the reader's last look at the queue.
            return Optional.empty();
        }
        return Optional.of(pending.result());
    }

    /** Whether {@link #latest} takes reads (it may still refuse one when its queue is full). */
    public boolean queues() {
        return !closed;
    }

    /** Reads answered by the reader thread so far. */
    public long reads() {
        return reads.get();
    }

    /** Queries the reader thread ran for them so far (reads divided by queries: the mean batch). */
    public long queries() {
        return queries.get();
    }

    /** Reads waiting for the reader thread now. */
    public int queued() {
        return queue.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            Pending first = takeUninterruptibly();
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            boolean stop = batch.remove(STOP);
            answer(batch);
            batch.clear();
            if (stop) {
                break;
            }
        }
        // Reads queued while closing are still answered; later ones are left to their callers.
        for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
            if (pending != STOP) {
                answer(List.of(pending));
            }
        }
    }

    private void answer(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        batch.forEach(pending -> ids.add(pending.documentId()));
        Map<String, StoredDocument> found;
        try {
            found = views.latestAll(ids);
        } catch (Throwable failure) {
            log.debug("a read of {} documents failed: {}", ids.size(), failure.toString());
            batch.forEach(pending -> pending.result().completeExceptionally(failure));
            return;
        }
        queries.incrementAndGet();
        reads.addAndGet(batch.size());
        // A caller's continuation that throws fails only its own dependent future.
        batch.forEach(pending -> pending.result().complete(Optional.ofNullable(found.get(pending.documentId()))));
    }

    private Pending takeUninterruptibly() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Only close() stops the reader, by queueing STOP.
            }
        }
    }

    /** Reads already queued are still answered; later ones are left to their callers. */
    @Override
    public void close() throws InterruptedException {
        if (reader == null) {
            return;
        }
        closed = true;
        queue.add(STOP);
        reader.join(TimeUnit.SECONDS.toMillis(30));
    }
}
