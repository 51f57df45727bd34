package io.docvault.query.document.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Tells the rest of the query side that the projection committed a change: wakes the readers waiting
 * for that document in the read model (GetDocument's min_version), and no others, instead of having
 * them poll; and lets listeners such as the cache invalidate. Waiters still re-check on a timeout, which
 * also covers a projection running in another process.
 */
public final class ReadModelSignal {

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Instant>> projectedListeners = new CopyOnWriteArrayList<>();
    /** The waits registered for each document; guarded by {@code this}. */
    private final Map<String, List<CountDownLatch>> waits = new HashMap<>();

    /** Registers a listener told the id of every document whose views changed (e.g. a cache). */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * Registers a listener told, after each commit of the projection, when each event it projected was
     * stored (the event's timestamp), e.g. to measure how far behind the event store the read model runs.
     */
    public void onProjected(Consumer<Instant> listener) {
        projectedListeners.add(listener);
    }

    /** Called after the projection committed the versions of events stored at {@code storedAt}. */
    public void projected(List<Instant> storedAt) {
        for (Consumer<Instant> listener : projectedListeners) {
            storedAt.forEach(listener);
        }
    }

    /** Called after the projection committed a change of {@code documentId}'s views. */
    public void changed(String documentId) {
        listeners.forEach(listener -> listener.accept(documentId));
        List<CountDownLatch> woken;
        synchronized (this) {
            woken = waits.remove(documentId);
        }
        if (woken != null) {
            woken.forEach(CountDownLatch::countDown);
        }
    }

    /**
     * Registers a wait for the next change of {@code documentId}. Registering before looking at the read
     * model, then awaiting, misses no change made in between.
     */
    public Wait register(String documentId) {
        CountDownLatch latch = new CountDownLatch(1);
        synchronized (this) {
            waits.computeIfAbsent(documentId, id -> new ArrayList<>(2)).add(latch);
        }
        return new Wait(documentId, latch);
    }

    /** One registered wait for a document's next change. */
    public final class Wait implements AutoCloseable {

        private final String documentId;
        private final CountDownLatch latch;

        private Wait(String documentId, CountDownLatch latch) {
            this.documentId = documentId;
            this.latch = latch;
        }

        /** Waits until the document changed since {@link #register} or the timeout passes. */
        public void await(Duration timeout) throws InterruptedException {
            latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** Forgets the wait (when the change did not come). */
        @Override
        public void close() {
            synchronized (ReadModelSignal.this) {
                List<CountDownLatch> latches = waits.get(documentId);
                if (latches != null && latches.remove(latch) && latches.isEmpty()) {
                    waits.remove(documentId);
                }
            }
        }
    }
}
