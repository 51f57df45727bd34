package io.docvault.query.document.watch;

import io.docvault.api.document.ChangeKind;
import io.docvault.api.error.ServiceStoppingException;
import io.docvault.api.event.DocumentCreatedEvent;
import io.docvault.api.event.DocumentDeletedEvent;
import io.docvault.api.event.DocumentRestoredEvent;
import io.docvault.api.event.DocumentRevertedEvent;
import io.docvault.api.event.DocumentUpdatedEvent;
import io.docvault.query.document.model.ChangeNotice;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Live changes for watchers. One reader follows the event store from its head (served from the
 * embedded event store's in-memory cache while it keeps up) and offers every change to each
 * subscriber's bounded queue, never waiting for one: a subscriber whose queue is full is dropped
 * and told so, and the others go on. Changes arrive in the event store's global order, and each
 * subscriber gets exactly those stored after it subscribed (the reader may still be catching up on
 * older ones when it does). "After" is by position in the store: a change whose transaction was
 * still open when the watcher subscribed may fall before that line.
 */
public final class ChangeFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    private final StreamableMessageSource<TrackedEventMessage<?>> eventStore;
    private final int capacity;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile Thread reader;
    private volatile BlockingStream<TrackedEventMessage<?>> stream;
    private volatile boolean running;

    public ChangeFeed(StreamableMessageSource<TrackedEventMessage<?>> eventStore, int capacity) {
        this.eventStore = eventStore;
        this.capacity = capacity;
    }

    /**
     * Subscribes to changes of one document ({@code documentId}) or of all ({@code null}), from now on.
     * {@code listener} is called (on the feed's thread) whenever the subscription has changes to take
     * or has overflowed; it must not block.
     */
    public Subscription subscribe(String documentId, Runnable listener) {
        if (!running) {
            throw new ServiceStoppingException("the change feed");
        }
        long storedBefore = position(eventStore.createHeadToken());
        Subscription subscription = new Subscription(documentId, storedBefore, capacity, listener, this);
        subscriptions.add(subscription);
        startReader();
        return subscription;
    }

    public int subscriberCount() {
        return subscriptions.size();
    }

    private synchronized void startReader() {
        if (reader != null) {
            return;
        }
        stream = eventStore.openStream(eventStore.createHeadToken());
        reader = new Thread(this::read, "docvault-change-feed");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        BlockingStream<TrackedEventMessage<?>> events = stream;
        try {
            while (running) {
                if (!events.hasNextAvailable(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    continue;
                }
                TrackedEventMessage<?> event = events.nextAvailable();
                ChangeNotice notice = notice(event);
                if (notice != null) {
                    long position = position(event.trackingToken());
                    subscriptions.forEach(s -> s.offer(position, notice));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                log.error("change feed stopped; watchers are disconnected", e);
                subscriptions.forEach(Subscription::fail);
            }
        } finally {
            events.close();
            synchronized (this) {
                reader = null;
            }
        }
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    private static ChangeNotice notice(TrackedEventMessage<?> message) {
        if (!(message instanceof DomainEventMessage<?> event)) {
            return null;
        }
        long version = event.getSequenceNumber() + 1;
        Object payload = event.getPayload();
        ChangeKind kind;
        String actor;
        if (payload instanceof DocumentCreatedEvent e) {
            kind = ChangeKind.CREATED;
            actor = e.actor();
        } else if (payload instanceof DocumentUpdatedEvent e) {
            kind = ChangeKind.UPDATED;
            actor = e.actor();
        } else if (payload instanceof DocumentDeletedEvent e) {
            kind = ChangeKind.DELETED;
            actor = e.actor();
        } else if (payload instanceof DocumentRestoredEvent e) {
            kind = ChangeKind.RESTORED;
            actor = e.actor();
        } else if (payload instanceof DocumentRevertedEvent e) {
            kind = ChangeKind.REVERTED;
            actor = e.actor();
        } else {
            return null;
        }
        return new ChangeNotice(event.getAggregateIdentifier(), version, kind, event.getTimestamp(), actor);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        subscriptions.forEach(Subscription::fail);
        Thread current = reader;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the gRPC server (and starts after it), so open watch streams end instead of holding up its shutdown. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 500;
    }

    public int capacity() {
        return capacity;
    }

    /** One watcher's bounded queue of changes. */
    public static final class Subscription implements AutoCloseable {
        private final String documentId;
        private final long storedBefore;
        private final ArrayBlockingQueue<ChangeNotice> queue;
        private final Runnable listener;
        private final ChangeFeed feed;
        private final AtomicBoolean overflowed = new AtomicBoolean();
        private final AtomicBoolean failed = new AtomicBoolean();

        private Subscription(String documentId, long storedBefore, int capacity, Runnable listener, ChangeFeed feed) {
            this.documentId = documentId;
            this.storedBefore = storedBefore;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.listener = listener;
            this.feed = feed;
        }

        private void offer(long position, ChangeNotice notice) {
            if (position <= storedBefore || (documentId != null && !documentId.equals(notice.documentId()))) {
                return;
            }
            if (!queue.offer(notice)) {
                overflowed.set(true);
                close();
            }
            listener.run();
        }

        private void fail() {
            failed.set(true);
            close();
            listener.run();
        }

        /** The next change to send, or {@code null} when none is waiting. */
        public ChangeNotice poll() {
            return queue.poll();
        }

        /** True when changes were lost because the watcher fell more than the buffer behind. */
        public boolean overflowed() {
            return overflowed.get();
        }

        /** True when the feed stopped (shutdown or failure): the watcher should reconnect. */
        public boolean failed() {
            return failed.get();
        }

        @Override
        public void close() {
            feed.subscriptions.remove(this);
        }
    }
}
