package io.docvault.query.document.infrastructure;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event store as the query side reads it (the projection's processors and the change feed): each
 * stream reads the storage engine itself, and looks for new events at most once every {@code interval}.
 *
 * <p>Not through Axon's embedded event store, whose streams share one producer thread and a linked list
 * of the recent events. That list drops its oldest node without unlinking it from the next, so once a
 * node has reached the old generation (any node does, in a quiet moment), the dead node keeps its
 * successor alive through every young collection, that one its successor, and so on: every event read
 * was promoted. Under 16 callers (about 2,000 events/s) that filled a 40 MB old generation every 5 s,
 * and each full collection stopped the server for 65 to 77 ms.
 *
 * <p>Axon's pooled streaming processor, once it has caught up, looks for new events only every 500 ms
 * unless its stream calls it back; these streams accept the call-back, and every stream is called back
 * on every tick. A look is a query (an indexed range on {@code global_index}, with the gaps its token
 * holds). A stream behind reads batch after batch without waiting; one that found nothing looks again
 * after 1, 2, 4, 8 and then every {@value #IDLE_TICKS} ticks while nothing comes, and at every tick
 * again once something does. Events appended in this process ({@link #wake}, from the event bus) make
 * every stream look at the next tick, so an idle server answers its own writes as fast as a busy one;
 * events appended by another process are found within {@value #IDLE_TICKS} ticks. Gaps are the storage
 * engine's to handle, as for any of Axon's private streams.
 */
public final class PollingEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PollingEventSource.class);
    /** Ticks between the looks of a stream that has found nothing several times in a row. */
    static final int IDLE_TICKS = 10;

    private final EventStorageEngine storage;
    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;
    private final ReentrantLock tickLock = new ReentrantLock();
    private final Condition ticked = tickLock.newCondition();
    private volatile long tick;
    private volatile boolean wakeRequested;
    /** The last tick after a {@link #wake}; -1 before any. */
    private volatile long wokenAt = -1;

    public PollingEventSource(EventStorageEngine storage, Duration interval) {
        this.storage = storage;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "projection-poll");
            thread.setDaemon(true);
            return thread;
        });
        long nanos = Math.max(1, interval.toNanos());
        ticker.scheduleWithFixedDelay(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Events were appended in this process: every stream looks at the next tick, whatever its pace. */
    public void wake() {
        wakeRequested = true;
    }

    /** One failing call-back (a processor shutting down) must not end the ticks for the others. */
    void tick() {
        tickLock.lock();
        try {
            tick++;
            if (wakeRequested) {
                wakeRequested = false;
                wokenAt = tick;
            }
            ticked.signalAll();
        } finally {
            tickLock.unlock();
        }
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                log.debug("a projection processor's call-back failed: {}", e.toString());
            }
        }
    }

    /** Waits until the tick after {@code seen}, at most {@code nanos}. */
    private void awaitTickAfter(long seen, long nanos) throws InterruptedException {
        tickLock.lock();
        try {
            while (tick == seen && nanos > 0) {
                nanos = ticked.awaitNanos(nanos);
            }
        } finally {
            tickLock.unlock();
        }
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        return new PollingStream(token);
    }

    @Override
    public TrackingToken createTailToken() {
        return storage.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return storage.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return storage.createTokenAt(dateTime);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    /** A stream for one consumer thread, as Axon's are. */
    private final class PollingStream implements BlockingStream<TrackedEventMessage<?>> {

        private TrackingToken lastToken;
        private Stream<? extends TrackedEventMessage<?>> reading;
        private Iterator<? extends TrackedEventMessage<?>> events;
        private TrackedEventMessage<?> peeked;
        /** The tick of the last look, and the first tick at which the next may be; looks in a row that found nothing. */
        private long lookedAt = -1;
        private long nextLookAt;
        private int emptyLooks;
        private volatile Runnable callback;

        private PollingStream(TrackingToken from) {
            this.lastToken = from;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(peeked != null ? peeked : (peeked = next()));
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (true) {
                long seen = tick;
                if (peeked != null || (peeked = next()) != null) {
                    return true;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                awaitTickAfter(seen, remaining);
            }
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(Integer.MAX_VALUE, TimeUnit.MILLISECONDS)) {
                // waits tick by tick until an event is there
            }
            TrackedEventMessage<?> event = peeked;
            peeked = null;
            return event;
        }

        /** The next event after {@link #lastToken}, or null when there is none (yet). */
        private TrackedEventMessage<?> next() {
            long now = tick;
            if (events == null) {
                boolean woken = wokenAt > lookedAt;
                if (now < nextLookAt && !woken) {
                    return null;
                }
                if (woken) {
                    // The events may not be committed yet: look again at every tick for a while.
                    emptyLooks = 0;
                }
                lookedAt = now;
                reading = storage.readEvents(lastToken, false);
                events = reading.iterator();
            }
            try {
                if (events.hasNext()) {
                    TrackedEventMessage<?> event = events.next();
                    lastToken = event.trackingToken();
                    emptyLooks = 0;
                    return event;
                }
            } catch (RuntimeException e) {
                // The next look opens a fresh read from the last event taken.
                closeReading();
                throw e;
            }
            closeReading();
            emptyLooks++;
            nextLookAt = now + Math.min(1L << Math.min(emptyLooks - 1, 30), IDLE_TICKS);
            return null;
        }

        private void closeReading() {
            Stream<? extends TrackedEventMessage<?>> open = reading;
            reading = null;
            events = null;
            if (open != null) {
                open.close();
            }
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            Runnable previous = this.callback;
            if (previous != null) {
                callbacks.remove(previous);
            }
            this.callback = callback;
            callbacks.add(callback);
            return true;
        }

        @Override
        public void close() {
            Runnable registered = callback;
            if (registered != null) {
                callbacks.remove(registered);
            }
            closeReading();
        }
    }
}
