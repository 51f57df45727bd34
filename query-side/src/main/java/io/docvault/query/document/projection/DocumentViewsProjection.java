package io.docvault.query.document.projection;

import io.docvault.api.document.ChangeKind;
import io.docvault.api.document.DocumentField;
import io.docvault.api.event.DocumentCreatedEvent;
import io.docvault.api.event.DocumentDeletedEvent;
import io.docvault.api.event.DocumentRestoredEvent;
import io.docvault.api.event.DocumentRevertedEvent;
import io.docvault.api.event.DocumentUpdatedEvent;
import io.docvault.query.document.model.DocumentHistoryStore;
import io.docvault.query.document.model.DocumentHistoryStore.RecordedVersion;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.VersionEntry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Turns each document event into the next version of the document's views: its state at that version,
 * the version's history entry (which doubles as the audit entry of deletes and restores) and, once per
 * SHA-256, its content. The version is the event's sequence number plus one; times are kept to the
 * millisecond, the precision every read-model store offers. Replaying an event records the same
 * version again, which the store ignores.
 */
@ProcessingGroup(DocumentViewsProjection.PROCESSING_GROUP)
public class DocumentViewsProjection {

    public static final String PROCESSING_GROUP = "document-views";
    private static final String BATCH = DocumentViewsProjection.class.getName() + ".batch";
    /** A batch holding this much new content writes what it has before going on. */
    private static final long FLUSH_CONTENT_BYTES = 8L << 20;
    private static final List<String> ALL_FIELDS = Arrays.stream(DocumentField.values()).map(DocumentField::wireName).toList();

    private final DocumentHistoryStore store;
    private final ReadModelSignal signal;

    public DocumentViewsProjection(DocumentHistoryStore store, ReadModelSignal signal) {
        this.store = store;
        this.signal = signal;
    }

    @EventHandler
    public void on(DocumentCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        long version = sequence + 1;
        Instant at = storedAt.truncatedTo(ChronoUnit.MILLIS);
        DocumentView state = new DocumentView(event.documentId(), version, event.title(), event.contentSha256(),
                event.contentSize(), event.contentType(), event.status(), event.author(), event.tags(),
                event.category(), event.metadata(), at, event.actor(), at, event.actor(), false, null, null, null);
        record(state, new VersionEntry(event.documentId(), version, ChangeKind.CREATED, at, event.actor(), "",
                ALL_FIELDS, event.contentSha256(), event.contentSize(), 0), event.content());
    }

    @EventHandler
    public void on(DocumentUpdatedEvent event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        long version = sequence + 1;
        Instant at = storedAt.truncatedTo(ChronoUnit.MILLIS);
        DocumentView before = previous(event.documentId(), version);
        List<String> changed = new ArrayList<>();
        if (event.title() != null) changed.add(DocumentField.TITLE.wireName());
        if (event.content() != null) changed.add(DocumentField.CONTENT.wireName());
        if (event.contentType() != null) changed.add(DocumentField.CONTENT_TYPE.wireName());
        if (event.status() != null) changed.add(DocumentField.STATUS.wireName());
        if (event.tags() != null) changed.add(DocumentField.TAGS.wireName());
        if (event.category() != null) changed.add(DocumentField.CATEGORY.wireName());
        if (event.metadata() != null) changed.add(DocumentField.METADATA.wireName());
        DocumentView state = new DocumentView(before.documentId(), version,
                orElse(event.title(), before.title()),
                event.content() != null ? event.content().sha256() : before.contentSha256(),
                event.content() != null ? event.content().size() : before.contentSize(),
                orElse(event.contentType(), before.contentType()),
                orElse(event.status(), before.status()),
                before.author(),
                orElse(event.tags(), before.tags()),
                orElse(event.category(), before.category()),
                orElse(event.metadata(), before.metadata()),
                before.createdAt(), before.createdBy(), at, event.actor(),
                false, null, null, null);
        record(state, new VersionEntry(event.documentId(), version, ChangeKind.UPDATED, at, event.actor(),
                nullToEmpty(event.changeNote()), changed, state.contentSha256(), state.contentSize(), 0),
                event.content() != null ? event.content().bytes() : null);
    }

    @EventHandler
    public void on(DocumentDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        long version = sequence + 1;
        Instant at = storedAt.truncatedTo(ChronoUnit.MILLIS);
        DocumentView before = previous(event.documentId(), version);
        DocumentView state = withLifecycle(before, version, at, event.actor(), true, at, event.actor(),
                nullToEmpty(event.reason()));
        record(state, new VersionEntry(event.documentId(), version, ChangeKind.DELETED, at, event.actor(),
                nullToEmpty(event.reason()), List.of(), state.contentSha256(), state.contentSize(), 0), null);
    }

    @EventHandler
    public void on(DocumentRestoredEvent event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        long version = sequence + 1;
        Instant at = storedAt.truncatedTo(ChronoUnit.MILLIS);
        DocumentView before = previous(event.documentId(), version);
        DocumentView state = withLifecycle(before, version, at, event.actor(), false, null, null, null);
        record(state, new VersionEntry(event.documentId(), version, ChangeKind.RESTORED, at, event.actor(),
                nullToEmpty(event.reason()), List.of(), state.contentSha256(), state.contentSize(), 0), null);
    }

    @EventHandler
    public void on(DocumentRevertedEvent event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        long version = sequence + 1;
        Instant at = storedAt.truncatedTo(ChronoUnit.MILLIS);
        DocumentView before = previous(event.documentId(), version);
        DocumentView state = new DocumentView(before.documentId(), version, event.title(), event.contentSha256(),
                event.contentSize(), event.contentType(), event.status(), before.author(), event.tags(),
                event.category(), event.metadata(), before.createdAt(), before.createdBy(), at, event.actor(),
                false, null, null, null);
        record(state, new VersionEntry(event.documentId(), version, ChangeKind.REVERTED, at, event.actor(),
                nullToEmpty(event.changeNote()), changedFields(before, state), state.contentSha256(),
                state.contentSize(), event.revertedToVersion()), null);
    }

    private static List<String> changedFields(DocumentView before, DocumentView after) {
        List<String> changed = new ArrayList<>();
        if (!before.title().equals(after.title())) changed.add(DocumentField.TITLE.wireName());
        if (!before.contentSha256().equals(after.contentSha256())) changed.add(DocumentField.CONTENT.wireName());
        if (!before.contentType().equals(after.contentType())) changed.add(DocumentField.CONTENT_TYPE.wireName());
        if (before.status() != after.status()) changed.add(DocumentField.STATUS.wireName());
        if (!before.tags().equals(after.tags())) changed.add(DocumentField.TAGS.wireName());
        if (!before.category().equals(after.category())) changed.add(DocumentField.CATEGORY.wireName());
        if (!before.metadata().equals(after.metadata())) changed.add(DocumentField.METADATA.wireName());
        return changed;
    }

    private void record(DocumentView state, VersionEntry change, byte[] newContent) {
        RecordedVersion version = new RecordedVersion(state, change, newContent);
        if (!CurrentUnitOfWork.isStarted()) {
            store.recordAll(List.of(version));
            signal.changed(state.documentId());
            return;
        }
        Batch batch = batch();
        batch.add(version);
        if (batch.contentBytes >= FLUSH_CONTENT_BYTES) {
            // Large contents are written as they come (in the same transaction), not held to the end.
            store.recordAll(batch.drain());
        }
    }

    /**
     * Events of one document are handled in order, so the previous version is always recorded, in
     * this batch or before it; failing here makes the processor retry rather than skip a version.
     */
    private DocumentView previous(String documentId, long version) {
        DocumentView known = CurrentUnitOfWork.isStarted() ? batch().newest(documentId) : null;
        if (known != null && known.version() == version - 1) {
            return known;
        }
        return store.state(documentId, version - 1).orElseThrow(() -> new IllegalStateException(
                "read model lacks version " + (version - 1) + " of document " + documentId));
    }

    /**
     * The versions the current batch of events produced so far, written in one go just before the
     * batch's transaction commits (with the processor's position), and the documents' newest states,
     * which start as those the store holds for the documents of the batch (read in one query).
     */
    private Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch(store.currentStates(documentIds(unitOfWork)));
            unitOfWork.onPrepareCommit(u -> store.recordAll(batch.drain()));
            unitOfWork.afterCommit(u -> batch.changed.forEach(signal::changed));
            return batch;
        });
    }

    private static List<String> documentIds(UnitOfWork<?> unitOfWork) {
        List<? extends Message<?>> messages = unitOfWork instanceof BatchingUnitOfWork<?> batching
                ? batching.getMessages() : List.of(unitOfWork.getMessage());
        return messages.stream().filter(DomainEventMessage.class::isInstance)
                .map(message -> ((DomainEventMessage<?>) message).getAggregateIdentifier()).toList();
    }

    private static final class Batch {
        private List<RecordedVersion> versions = new ArrayList<>();
        private long contentBytes;
        private final Map<String, DocumentView> newest;
        private final Set<String> changed = new LinkedHashSet<>();

        private Batch(Map<String, DocumentView> stored) {
            this.newest = new HashMap<>(stored);
        }

        void add(RecordedVersion version) {
            versions.add(version);
            contentBytes += version.newContent() == null ? 0 : version.newContent().length;
            changed.add(version.state().documentId());
            newest.merge(version.state().documentId(), version.state(), DocumentView::newer);
        }

        /** The versions not written yet, which are then forgotten. */
        List<RecordedVersion> drain() {
            List<RecordedVersion> drained = versions;
            versions = new ArrayList<>();
            contentBytes = 0;
            return drained;
        }

        DocumentView newest(String documentId) {
            return newest.get(documentId);
        }
    }

    private static DocumentView withLifecycle(DocumentView before, long version, Instant at, String actor,
                                              boolean deleted, Instant deletedAt, String deletedBy, String reason) {
        return new DocumentView(before.documentId(), version, before.title(), before.contentSha256(),
                before.contentSize(), before.contentType(), before.status(), before.author(), before.tags(),
                before.category(), before.metadata(), before.createdAt(), before.createdBy(), at, actor,
                deleted, deletedAt, deletedBy, reason);
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
