package io.docvault.query.document.projection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells the rest of the query side that the projection committed a change: wakes readers waiting
 * for the read model (GetDocument's min_version) instead of having them poll in a tight loop, and
 * lets listeners such as the cache invalidate. Waiters still re-check on a timeout, which also covers
 * a projection running in another process.
 */
public final class ReadModelSignal {

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private long generation;

    /** Registers a listener told the id of every document whose views changed (e.g. a cache). */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Called after the projection committed a change of {@code documentId}'s views. */
    public void changed(String documentId) {
        listeners.forEach(listener -> listener.accept(documentId));
        synchronized (this) {
            generation++;
            notifyAll();
        }
    }

    public synchronized long generation() {
        return generation;
    }

    /** Waits until the generation moves past {@code seen} or the timeout passes. */
    public synchronized void awaitChange(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (generation == seen) {
            long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (remainingMillis <= 0) {
                return;
            }
            wait(remainingMillis);
        }
    }
}
