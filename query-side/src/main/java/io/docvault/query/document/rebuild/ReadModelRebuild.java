package io.docvault.query.document.rebuild;

import io.docvault.api.error.RebuildRunningException;
import io.docvault.common.eventstore.EventContents;
import io.docvault.common.eventstore.EventStoreScan;
import io.docvault.common.eventstore.EventStoreStatistics;
import io.docvault.query.document.model.DocumentHistoryStore;
import io.docvault.query.document.model.DocumentHistoryStore.BulkLoad;
import io.docvault.query.document.model.DocumentHistoryStore.RecordedVersion;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.projection.DocumentChanges;
import io.docvault.query.document.model.ReadModelRebuilds;
import io.docvault.query.document.projection.DocumentViewsProjection;
import io.docvault.query.document.projection.PendingVersions;
import io.docvault.query.document.projection.ReadModelSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the read model from the event store while the live one keeps serving. A bulk pass reads
 * every event stored when it starts (one snapshot, stream after stream) and writes next-generation
 * tables through the store's bulk load; a second projection processor then goes on from the position
 * the pass ended at, gaps included, so it sees exactly the events the pass did not. Once it has caught
 * up, the live processor stops, the rebuild passes the newest event, and the tables and positions are
 * switched in one transaction before the live processor starts again on the rebuilt tables.
 */
public final class ReadModelRebuild {

    public static final String REBUILD_PROCESSOR = DocumentViewsProjection.PROCESSING_GROUP + "-rebuild";
    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final EventProcessingConfiguration processing;
    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final EventStoreScan scan;
    private final EventContents contents;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final ReadModelRebuilds rebuilds;
    private final ProcessorPositions positions;
    private final EventStoreStatistics statistics;
    private final int segments;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile PooledStreamingEventProcessor rebuilding;

    public ReadModelRebuild(EventProcessingConfiguration processing,
                            StreamableMessageSource<TrackedEventMessage<?>> events, EventStoreScan scan,
                            EventContents contents, TokenStore tokenStore,
                            TransactionManager transactionManager, ReadModelRebuilds rebuilds,
                            ProcessorPositions positions, EventStoreStatistics statistics, int segments,
                            int batchSize) {
        this.processing = processing;
        this.events = events;
        this.scan = scan;
        this.contents = contents;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
        this.rebuilds = rebuilds;
        this.positions = positions;
        this.statistics = statistics;
        this.segments = segments;
        this.batchSize = batchSize;
    }

    /** Runs a rebuild to its end on the calling thread, reporting progress every {@code interval}. */
    public RebuildProgress run(Duration interval, Consumer<RebuildProgress> progress) throws InterruptedException {
        if (!running.compareAndSet(false, true)) {
            throw new RebuildRunningException();
        }
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        PooledStreamingEventProcessor processor = null;
        try {
            long total = statistics.eventCount();
            long generation = rebuilds.generation() + 1;
            positions.forget(REBUILD_PROCESSOR);
            DocumentHistoryStore next = rebuilds.prepareNext();
            AtomicLong done = new AtomicLong();
            long started = System.nanoTime();
            log.info("rebuilding the read model (generation {}) from {} events", generation, total);
            Future<TrackingToken> pass = executor.submit(() -> bulkPass(next, done));
            while (!finished(pass, interval)) {
                RebuildProgress current = progress(RebuildProgress.Phase.REBUILDING, done, total, started, generation);
                log.info("rebuild (bulk pass): {} of {} events, {} events/s", current.eventsDone(),
                        current.eventsTotal(), Math.round(current.eventsPerSecond()));
                progress.accept(current);
            }
            TrackingToken resumeAt = result(pass);
            log.info("rebuild: bulk pass read {} events in {} ms; the rebuild's processor goes on after index {}",
                    done.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    position(resumeAt).orElse(-1));
            processor = processor(next, executor, resumeAt);
            processor.registerHandlerInterceptor((unitOfWork, chain) -> {
                unitOfWork.afterCommit(u -> done.incrementAndGet());
                return chain.proceed();
            });
            rebuilding = processor;
            processor.start();
            // Writes go on meanwhile, so "caught up" means: past the head as it was when we looked.
            while (!reached(processor, head(), interval)) {
                RebuildProgress current = progress(RebuildProgress.Phase.REBUILDING, done, total, started, generation);
                log.info("rebuild: {} of {} events, {} events/s", current.eventsDone(), current.eventsTotal(),
                        Math.round(current.eventsPerSecond()));
                progress.accept(current);
            }
            progress.accept(progress(RebuildProgress.Phase.SWITCHING, done, total, started, generation));
            StreamingEventProcessor live = live();
            join(live.shutdownAsync());
            try {
                // The live processor has stopped where it stopped; events stored after the rebuild's final
                // position are handled by the live processor, which takes over that position.
                while (!reached(processor, head(), interval)) {
                    log.info("rebuild: waiting to pass the newest event before switching");
                }
                join(processor.shutdownAsync());
                generation = rebuilds.switchToNext(
                        () -> positions.handOver(REBUILD_PROCESSOR, DocumentViewsProjection.PROCESSING_GROUP));
            } finally {
                live.start();
            }
            RebuildProgress finished = progress(RebuildProgress.Phase.DONE, done, total, started, generation);
            if (finished.eventsDone() < total) {
                log.warn("rebuild counted {} events of {} stored at its start", finished.eventsDone(), total);
            }
            progress.accept(finished);
            log.info("read model rebuilt: generation {}, {} events at {} events/s", generation, finished.eventsDone(),
                    Math.round(finished.eventsPerSecond()));
            return finished;
        } catch (RuntimeException | InterruptedException e) {
            log.error("read model rebuild failed; the live read model is unchanged", e);
            if (processor != null) {
                processor.shutDown();
            }
            rebuilds.discardNext();
            positions.forget(REBUILD_PROCESSOR);
            throw e;
        } finally {
            rebuilding = null;
            executor.shutdownNow();
            running.set(false);
        }
    }

    /**
     * Projects every event stored into {@code next} in one pass and returns where a processor goes on
     * (null: the store was empty, start at its tail).
     */
    private TrackingToken bulkPass(DocumentHistoryStore next, AtomicLong done) {
        try (BulkLoad load = next.bulkLoad()) {
            BulkProjection projection = new BulkProjection(load, contents, done);
            TrackingToken resumeAt = scan.scan(projection);
            projection.flush();
            load.finish();
            return resumeAt;
        }
    }

    /** Whether the pass has ended (done or failed) within {@code timeout}; cancels it when interrupted. */
    private static boolean finished(Future<TrackingToken> pass, Duration timeout) throws InterruptedException {
        try {
            pass.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            pass.cancel(true);
            throw e;
        }
    }

    /** The ended pass's result, or its failure rethrown. */
    private static TrackingToken result(Future<TrackingToken> pass) throws InterruptedException {
        try {
            return pass.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("the rebuild's bulk pass failed", e.getCause());
        }
    }

    /**
     * Applies each document event to the version before it, which the scan's order puts just before,
     * and loads the versions a thousand (or 8 MiB of new content) at a time, with their contents.
     */
    private static final class BulkProjection implements Consumer<DomainEventMessage<?>> {

        private static final int MAX_PENDING = 1_000;

        private final BulkLoad load;
        private final PendingVersions pending;
        private final AtomicLong done;
        private DocumentView last;

        BulkProjection(BulkLoad load, EventContents contents, AtomicLong done) {
            this.load = load;
            this.pending = new PendingVersions(contents);
            this.done = done;
        }

        @Override
        public void accept(DomainEventMessage<?> event) {
            if (DocumentChanges.changesDocuments(event.getPayloadType())) {
                DocumentView before = last != null && last.documentId().equals(event.getAggregateIdentifier())
                        ? last : null;
                Object payload = event.getPayload();
                RecordedVersion version = DocumentChanges.apply(before, payload, event.getSequenceNumber(),
                        event.getTimestamp());
                pending.add(version, DocumentChanges.broughtContent(payload, event.getSequenceNumber()));
                last = version.state();
                if (pending.size() >= MAX_PENDING || pending.holdsMuchContent()) {
                    flush();
                }
            }
            done.incrementAndGet();
        }

        void flush() {
            load.addAll(pending.drain());
        }
    }

    /** The status of the live processor and, while one runs, of the rebuild. */
    public List<ProcessorStatus> status() {
        long head = position(events.createHeadToken()).orElse(-1);
        long generation = rebuilds.generation();
        List<ProcessorStatus> statuses = new ArrayList<>();
        processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .forEach(p -> statuses.add(status(p, generation, head)));
        PooledStreamingEventProcessor current = rebuilding;
        if (current != null) {
            statuses.add(status(current, generation + 1, head));
        }
        return statuses;
    }

    private ProcessorStatus status(StreamingEventProcessor processor, long generation, long head) {
        var segmentStatus = processor.processingStatus().values();
        long position = segmentStatus.isEmpty() ? -1 : segmentStatus.stream()
                .mapToLong(s -> s.getCurrentPosition().orElse(-1)).min().orElse(-1);
        boolean replaying = segmentStatus.stream().anyMatch(EventTrackerStatus::isReplaying);
        return new ProcessorStatus(processor.getName(), generation, position, head, processor.isRunning(), replaying,
                segmentStatus.size());
    }

    private PooledStreamingEventProcessor processor(DocumentHistoryStore store, ScheduledExecutorService executor,
                                                    TrackingToken resumeAt) {
        SimpleEventHandlerInvoker invoker = SimpleEventHandlerInvoker.builder()
                .eventHandlers(new DocumentViewsProjection(store, new ReadModelSignal(), contents))
                .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                .build();
        return PooledStreamingEventProcessor.builder()
                .name(REBUILD_PROCESSOR)
                .eventHandlerInvoker(invoker)
                .messageSource(events)
                .tokenStore(tokenStore)
                .transactionManager(transactionManager)
                .coordinatorExecutor(executor)
                .workerExecutor(executor)
                .initialSegmentCount(segments)
                .batchSize(batchSize)
                .initialToken(source -> resumeAt != null ? resumeAt : source.createTailToken())
                .build();
    }

    /** The newest event's position in the store, -1 when it is empty. */
    private long head() {
        return position(events.createHeadToken()).orElse(-1);
    }

    /**
     * Waits up to {@code timeout} until every segment is claimed and at or past {@code target}.
     */
    private boolean reached(StreamingEventProcessor processor, long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            var statuses = processor.processingStatus().values();
            if (statuses.size() == segments && statuses.stream().noneMatch(EventTrackerStatus::isErrorState)
                    && statuses.stream().allMatch(s -> s.getCurrentPosition().orElse(-1) >= target)) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private StreamingEventProcessor live() {
        return processing.eventProcessor(DocumentViewsProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no live " + DocumentViewsProjection.PROCESSING_GROUP
                        + " processor in this process"));
    }

    private static OptionalLong position(TrackingToken token) {
        return token == null ? OptionalLong.empty() : token.position();
    }

    private static RebuildProgress progress(RebuildProgress.Phase phase, AtomicLong done, long total, long started,
                                            long generation) {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        return new RebuildProgress(phase, done.get(), total, done.get() / seconds, generation);
    }

    private static void join(java.util.concurrent.CompletableFuture<Void> stopping) {
        stopping.orTimeout(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }
}
