package io.docvault.query.document.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Tells the rest of the query side that the projection committed a change: wakes the readers waiting
 * for that document in the read model (GetDocument's min_version), and no others, instead of having
 * them poll, and tells them the version the change reached, so that they need not look it up; and lets
 * listeners such as the cache invalidate. Waiters still re-check on a timeout, which also covers a
 * projection running in another process.
 */
public final class ReadModelSignal {

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Instant>> projectedListeners = new CopyOnWriteArrayList<>();
    /** The waits registered for each document; guarded by {@code this}. */
    private final Map<String, List<Wait>> waits = new HashMap<>();

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

    /** Called after the projection committed {@code documentId}'s views up to {@code version}. */
    public void changed(String documentId, long version) {
        listeners.forEach(listener -> listener.accept(documentId));
        List<Wait> waiting;
        synchronized (this) {
            List<Wait> registered = waits.get(documentId);
            waiting = registered == null ? List.of() : List.copyOf(registered);
        }
        waiting.forEach(wait -> wait.reached(version));
    }

    /**
     * Registers a wait for changes of {@code documentId}, until it is closed. Registering before looking
     * at the read model, then awaiting, misses no change made in between.
     */
    public Wait register(String documentId) {
        return register(documentId, null);
    }

    /**
     * Registers a wait as {@link #register(String)} does, which also calls {@code onChange} with the version
     * each change reached, on the projection's thread, after the commit: it must not block.
     */
    public Wait register(String documentId, LongConsumer onChange) {
        Wait wait = new Wait(documentId, onChange);
        synchronized (this) {
            waits.computeIfAbsent(documentId, id -> new ArrayList<>(2)).add(wait);
        }
        return wait;
    }

    /** A registered wait for a document's changes: the highest version they reached since it was registered. */
    public final class Wait implements AutoCloseable {

        private final String documentId;
        private final LongConsumer onChange;
        private final Lock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private long reached;

        private Wait(String documentId, LongConsumer onChange) {
            this.documentId = documentId;
            this.onChange = onChange;
        }

        private void reached(long version) {
            lock.lock();
            try {
                if (version > reached) {
                    reached = version;
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
            if (onChange != null) {
                onChange.accept(version);
            }
        }

        /**
         * Waits until a change since {@link #register} reached {@code version} or the timeout passes;
         * returns the highest version the changes reached (0 when none came).
         */
        public long await(long version, Duration timeout) throws InterruptedException {
            long remaining = timeout.toNanos();
            lock.lock();
            try {
                while (reached < version && remaining > 0) {
                    remaining = changed.awaitNanos(remaining);
                }
                return reached;
            } finally {
                lock.unlock();
            }
        }

        /** Stops the wait. */
        @Override
        public void close() {
            synchronized (ReadModelSignal.this) {
                List<Wait> registered = waits.get(documentId);
                if (registered != null && registered.remove(this) && registered.isEmpty()) {
                    waits.remove(documentId);
                }
            }
        }
    }
}
