package io.docvault.query.document.application;

import io.docvault.api.error.DocumentNotFoundException;
import io.docvault.api.error.InvalidRequestException;
import io.docvault.api.error.ReadModelBehindException;
import io.docvault.query.document.model.AuditQuery;
import io.docvault.query.document.model.AuditTrail;
import io.docvault.query.document.model.DocumentFilter;
import io.docvault.query.document.model.DocumentOrder;
import io.docvault.query.document.model.DocumentPage;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.DocumentViews;
import io.docvault.query.document.model.ListCursor;
import io.docvault.query.document.model.StoredDocument;
import io.docvault.query.document.model.VersionEntry;
import io.docvault.query.document.model.VersionHistory;
import io.docvault.query.document.projection.ReadModelSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/** The query side's use cases over the read-model ports. */
public class DocumentQueries {

    /** Longest single wait between two looks at the read model, in case a signal comes from elsewhere. */
    private static final Duration RECHECK = Duration.ofMillis(50);

    private final DocumentViews views;
    private final VersionHistory history;
    private final AuditTrail auditTrail;
    private final ReadModelSignal signal;
    private final long maxPageContentBytes;
    private final LatestReads latestReads;

    public DocumentQueries(DocumentViews views, VersionHistory history, AuditTrail auditTrail, ReadModelSignal signal,
                           long maxPageContentBytes, LatestReads latestReads) {
        this.views = views;
        this.latestReads = latestReads;
        this.history = history;
        this.auditTrail = auditTrail;
        this.signal = signal;
        this.maxPageContentBytes = maxPageContentBytes;
    }

    /**
     * One document at its latest version ({@code version} 0 and no {@code asOf}), a given version, or as
     * it was at an instant, after waiting up to {@code maxWait} for the read model to hold
     * {@code minVersion}. Latest and as-of states that are deleted count as absent unless
     * {@code includeDeleted}; a version asked for by number is returned whatever its state.
     */
    public StoredDocument get(String documentId, long version, Instant asOf, boolean includeDeleted, long minVersion,
                              Duration maxWait, BooleanSupplier abandoned) {
        if (minVersion > 0) {
            awaitVersion(documentId, minVersion, maxWait, abandoned);
        }
        if (asOf != null) {
            return visible(documentId, views.asOf(documentId, asOf, true)
                    .orElseThrow(() -> new DocumentNotFoundException(documentId)), includeDeleted);
        }
        if (version > 0) {
            return views.version(documentId, version, true).orElseThrow(() -> views.currentVersion(documentId) == 0
                    ? new DocumentNotFoundException(documentId)
                    : new DocumentNotFoundException(documentId, version));
        }
        return visible(documentId, views.latest(documentId, true, minVersion)
                .orElseThrow(() -> new DocumentNotFoundException(documentId)), includeDeleted);
    }

    /** A latest or as-of state as the caller may see it: a deleted one counts as absent unless asked for. */
    private static StoredDocument visible(String documentId, StoredDocument document, boolean includeDeleted) {
        if (document.view().deleted() && !includeDeleted) {
            throw new DocumentNotFoundException(documentId);
        }
        return document;
    }

    /**
     * The latest document as {@link #get} gives it without version, time or minimum version, when memory
     * alone answers (no I/O, no wait: for a caller on a thread that must not block); empty otherwise.
     *
     * @throws DocumentNotFoundException when what memory holds is a deleted document and deleted ones are not asked for
     */
    public Optional<StoredDocument> latestIfHeld(String documentId, boolean includeDeleted) {
        return views.latestHeld(documentId).map(held -> visible(documentId, held, includeDeleted));
    }

    /**
     * The latest document as {@link #get} gives it without version or time, read together with other
     * callers' reads ({@link LatestReads}) and after waiting, without a thread, up to {@code maxWait} for
     * the read model to hold {@code minVersion} (0: no wait). The future completes on the reader thread,
     * failing as {@link #get} would throw. Empty when reads are not queued; the caller then uses {@link #get}.
     */
    public Optional<CompletableFuture<StoredDocument>> latestQueued(String documentId, boolean includeDeleted,
                                                                   long minVersion, Duration maxWait,
                                                                   BooleanSupplier abandoned) {
        if (!latestReads.queues()) {
            return Optional.empty();
        }
        QueuedRead read = new QueuedRead(documentId, includeDeleted, minVersion, maxWait, abandoned);
        return read.start() ? Optional.of(read.result) : Optional.empty();
    }

    /**
     * One latest read through {@link LatestReads}: read again whenever the projection's signal says the
     * document reached {@code minVersion}, and at least every {@link #RECHECK} (the projection may run in
     * another process), until the version is there, {@code maxWait} passes or the caller goes away. No
     * thread waits in between.
     */
    private final class QueuedRead {
        private final String documentId;
        private final boolean includeDeleted;
        private final long minVersion;
        private final long deadline;
        private final BooleanSupplier abandoned;
        private final CompletableFuture<StoredDocument> result = new CompletableFuture<>();
        /** A read of this one is queued or running. */
        private final AtomicBoolean reading = new AtomicBoolean();
        /** Something asked for a read since the last one started. */
        private volatile boolean again;
        private volatile long reached;
        private ReadModelSignal.Wait change;

        QueuedRead(String documentId, boolean includeDeleted, long minVersion, Duration maxWait, BooleanSupplier abandoned) {
            this.documentId = documentId;
            this.includeDeleted = includeDeleted;
            this.minVersion = minVersion;
            this.deadline = System.nanoTime() + maxWait.toNanos();
            this.abandoned = abandoned;
        }

        /** Queues the first read; false when the reader takes none (its queue full, or closed). */
        boolean start() {
            // Reading before the signal is registered: a change that comes first waits for this read.
            reading.set(true);
            if (minVersion > 0) {
                // Registered before the first read: no change between the two is missed.
                change = signal.register(documentId, version -> {
                    if (version >= minVersion) {
                        readAgain();
                    }
                });
                result.whenComplete((document, failure) -> change.close());
            }
            if (!queue()) {
                result.cancel(false);
                return false;
            }
            return true;
        }

        private void readAgain() {
            again = true;
            if (!result.isDone() && reading.compareAndSet(false, true)) {
                again = false;
                if (!queue()) {
                    reading.set(false);
                    result.completeExceptionally(new ReadModelBehindException(documentId, minVersion, reached));
                }
            }
        }

        /** Queues a read with the reader; false when it takes none (its queue full, or closed). */
        private boolean queue() {
            Optional<CompletableFuture<Optional<StoredDocument>>> queued = latestReads.latest(documentId);
            queued.ifPresent(read -> read.whenComplete(this::read));
            return queued.isPresent();
        }

        private void read(Optional<StoredDocument> found, Throwable failure) {
            reading.set(false);
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            long version = found.map(document -> document.view().version()).orElse(0L);
            if (found.isPresent() && version >= minVersion) {
                try {
                    result.complete(visible(documentId, found.get(), includeDeleted));
                } catch (DocumentNotFoundException deleted) {
                    result.completeExceptionally(deleted);
                }
                return;
            }
            reached = Math.max(reached, version);
            long remaining = deadline - System.nanoTime();
            if (minVersion == 0 || remaining <= 0 || abandoned.getAsBoolean()) {
                result.completeExceptionally(minVersion == 0 ? new DocumentNotFoundException(documentId)
                        : new ReadModelBehindException(documentId, minVersion, reached));
                return;
            }
            if (again) {
                readAgain();
                return;
            }
            CompletableFuture.delayedExecutor(Math.min(remaining, RECHECK.toNanos()), TimeUnit.NANOSECONDS, Runnable::run)
                    .execute(this::readAgain);
        }
    }

    /** Field changes and content diff from {@code fromVersion} to {@code toVersion}. */
    public VersionDiff.Result diff(String documentId, long fromVersion, long toVersion) {
        StoredDocument from = existingVersion(documentId, fromVersion);
        StoredDocument to = existingVersion(documentId, toVersion);
        return VersionDiff.between(from, to);
    }

    /** A page of the audit trail, newest first. */
    public AuditListing audit(AuditQuery query, String pageToken, int pageSize) {
        String scope = "audit|" + query.documentId() + "|" + new TreeSet<>(query.kinds()) + "|" + query.from() + "|"
                + query.to();
        AuditTrail.AuditPosition after = PageTokens.decode("page_token", pageToken, scope)
                .map(p -> parseAuditPosition(p))
                .orElse(null);
        List<VersionEntry> entries = auditTrail.entries(query, after, pageSize + 1);
        boolean hasMore = entries.size() > pageSize;
        List<VersionEntry> page = hasMore ? entries.subList(0, pageSize) : entries;
        String next = "";
        if (hasMore) {
            VersionEntry last = page.get(page.size() - 1);
            next = PageTokens.encode(scope, last.documentId(), last.changedAt() + "/" + last.version());
        }
        return new AuditListing(List.copyOf(page), next);
    }

    public DocumentListing list(DocumentFilter filter, DocumentOrder order, String pageToken, int skip, int pageSize,
                                boolean withContent) {
        String scope = "documents|" + filter + "|" + order;
        Optional<PageTokens.Position> position = PageTokens.decode("page_token", pageToken, scope);
        if (position.isPresent() && skip > 0) {
            throw new InvalidRequestException("skip", "cannot be combined with page_token");
        }
        ListCursor cursor = position
                .map(p -> new ListCursor(order.key() == DocumentOrder.Key.TITLE ? p.key() : p.instantKey("page_token"),
                        p.id(), 0))
                .orElse(ListCursor.first(skip));
        DocumentPage page = views.list(filter, order, cursor, pageSize);
        List<DocumentView> entries = page.documents();
        boolean hasMore = page.hasMore();
        List<StoredDocument> documents;
        if (withContent) {
            // Content only for as many entries as fit the budget (always at least one); the rest
            // come on the next page.
            int fitting = 0;
            long bytes = 0;
            while (fitting < entries.size()
                    && (fitting == 0 || bytes + entries.get(fitting).contentSize() <= maxPageContentBytes)) {
                bytes += entries.get(fitting).contentSize();
                fitting++;
            }
            hasMore |= fitting < entries.size();
            entries = entries.subList(0, fitting);
            Map<String, byte[]> contents = views.contents(entries.stream().map(DocumentView::contentSha256).toList());
            documents = entries.stream().map(v -> new StoredDocument(v, contents.get(v.contentSha256()))).toList();
        } else {
            documents = entries.stream().map(v -> new StoredDocument(v, null)).toList();
        }
        String next = hasMore && !entries.isEmpty() ? PageTokens.encode(scope, entries.get(entries.size() - 1).documentId(),
                sortKey(entries.get(entries.size() - 1), order)) : "";
        return new DocumentListing(documents, next, page.totalSize());
    }

    private static String sortKey(DocumentView view, DocumentOrder order) {
        return switch (order.key()) {
            case UPDATED_AT -> view.updatedAt().toString();
            case CREATED_AT -> view.createdAt().toString();
            case TITLE -> view.title();
        };
    }

    public VersionListing versions(String documentId, String pageToken, int pageSize) {
        String scope = "versions|" + documentId;
        long after = PageTokens.decode("page_token", pageToken, scope).map(p -> parseVersion(p.key())).orElse(0L);
        long total = history.count(documentId);
        if (total == 0) {
            throw new DocumentNotFoundException(documentId);
        }
        List<VersionEntry> versions = history.versions(documentId, after, pageSize + 1);
        boolean hasMore = versions.size() > pageSize;
        List<VersionEntry> page = hasMore ? versions.subList(0, pageSize) : versions;
        String next = hasMore ? PageTokens.encode(scope, documentId, Long.toString(page.get(page.size() - 1).version())) : "";
        return new VersionListing(List.copyOf(page), next, total);
    }

    private StoredDocument existingVersion(String documentId, long version) {
        return views.version(documentId, version, true).orElseThrow(() -> views.currentVersion(documentId) == 0
                ? new DocumentNotFoundException(documentId)
                : new DocumentNotFoundException(documentId, version));
    }

    private static AuditTrail.AuditPosition parseAuditPosition(PageTokens.Position position) {
        int slash = position.key().lastIndexOf('/');
        try {
            return new AuditTrail.AuditPosition(Instant.parse(position.key().substring(0, slash)), position.id(),
                    Long.parseLong(position.key().substring(slash + 1)));
        } catch (RuntimeException e) {
            throw new InvalidRequestException("page_token", "not a page token issued by this service");
        }
    }

    /**
     * Waits until the read model holds {@code minVersion}, {@code maxWait} passes or the caller goes away.
     * The read model is looked at once, and then only when no change of this process's projection
     * reached the version within {@link #RECHECK} (the projection may run in another process).
     */
    private void awaitVersion(String documentId, long minVersion, Duration maxWait, BooleanSupplier abandoned) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        try (ReadModelSignal.Wait change = signal.register(documentId)) {
            long reached = views.currentVersion(documentId);
            while (reached < minVersion) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || abandoned.getAsBoolean()) {
                    throw new ReadModelBehindException(documentId, minVersion, reached);
                }
                long signaled;
                try {
                    signaled = change.await(minVersion, Duration.ofNanos(Math.min(remaining, RECHECK.toNanos())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ReadModelBehindException(documentId, minVersion, reached);
                }
                reached = signaled >= minVersion ? signaled : Math.max(signaled, views.currentVersion(documentId));
            }
        }
    }

    private static long parseVersion(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("page_token", "not a page token issued by this service");
        }
    }
}
