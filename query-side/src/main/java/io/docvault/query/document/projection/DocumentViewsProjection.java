package io.docvault.query.document.projection;

import io.docvault.api.event.DocumentCreatedEvent;
import io.docvault.api.event.DocumentDeletedEvent;
import io.docvault.api.event.DocumentRestoredEvent;
import io.docvault.api.event.DocumentRevertedEvent;
import io.docvault.api.event.DocumentUpdatedEvent;
import io.docvault.common.eventstore.EventContents;
import io.docvault.query.document.model.DocumentHistoryStore;
import io.docvault.query.document.model.DocumentHistoryStore.RecordedVersion;
import io.docvault.query.document.model.DocumentView;
import java.time.Instant;
import java.util.ArrayList;
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
 * Records each document event as the next version of the document's views ({@link DocumentChanges}
 * says what that version is), batched per unit of work. Replaying an event records the same version
 * again, which the store ignores.
 */
@ProcessingGroup(DocumentViewsProjection.PROCESSING_GROUP)
public class DocumentViewsProjection {

    public static final String PROCESSING_GROUP = "document-views";
    private static final String BATCH = DocumentViewsProjection.class.getName() + ".batch";

    private final DocumentHistoryStore store;
    private final ReadModelSignal signal;
    private final EventContents contents;

    public DocumentViewsProjection(DocumentHistoryStore store, ReadModelSignal signal, EventContents contents) {
        this.store = store;
        this.signal = signal;
        this.contents = contents;
    }

    @EventHandler
    public void on(DocumentCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        record(DocumentChanges.created(event, sequence, storedAt), DocumentChanges.broughtContent(event, sequence),
                storedAt);
    }

    @EventHandler
    public void on(DocumentUpdatedEvent event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        record(DocumentChanges.updated(previous(event.documentId(), sequence), event, sequence, storedAt),
                DocumentChanges.broughtContent(event, sequence), storedAt);
    }

    @EventHandler
    public void on(DocumentDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        record(DocumentChanges.deleted(previous(event.documentId(), sequence), event, sequence, storedAt), null,
                storedAt);
    }

    @EventHandler
    public void on(DocumentRestoredEvent event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        record(DocumentChanges.restored(previous(event.documentId(), sequence), event, sequence, storedAt), null,
                storedAt);
    }

    @EventHandler
    public void on(DocumentRevertedEvent event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        record(DocumentChanges.reverted(previous(event.documentId(), sequence), event, sequence, storedAt), null,
                storedAt);
    }

    private void record(RecordedVersion version, EventContents.Ref content, Instant storedAt) {
        if (!CurrentUnitOfWork.isStarted()) {
            PendingVersions single = new PendingVersions(contents);
            single.add(version, content);
            store.recordAll(single.drain());
            signal.changed(version.state().documentId(), version.state().version());
            signal.projected(List.of(storedAt));
            return;
        }
        Batch batch = batch();
        batch.add(version, content, storedAt);
        if (batch.pending.holdsMuchContent()) {
            // Large contents are written as they come (in the same transaction), not held to the end.
            batch.recordedEarly = true;
            store.recordAll(batch.pending.drain());
        }
    }

    /**
     * Events of one document are handled in order, so the previous version is always recorded, in
     * this batch or before it; failing here makes the processor retry rather than skip a version.
     */
    private DocumentView previous(String documentId, long sequence) {
        long version = sequence + 1;
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
            Batch batch = new Batch(store.currentStates(documentIds(unitOfWork)), new PendingVersions(contents));
            unitOfWork.onPrepareCommit(u -> {
                if (batch.recordedEarly) {
                    store.recordAll(batch.pending.drain());
                } else {
                    store.recordBatch(batch.pending.drain());
                }
            });
            unitOfWork.afterCommit(u -> {
                batch.changed.forEach(documentId -> signal.changed(documentId, batch.newest(documentId).version()));
                signal.projected(batch.storedAt);
            });
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
        private final PendingVersions pending;
        private final Map<String, DocumentView> newest;
        private final Set<String> changed = new LinkedHashSet<>();
        private final List<Instant> storedAt = new ArrayList<>();
        /** Whether versions of this batch were recorded before its end (much content). */
        private boolean recordedEarly;

        private Batch(Map<String, DocumentView> stored, PendingVersions pending) {
            this.newest = new HashMap<>(stored);
            this.pending = pending;
        }

        void add(RecordedVersion version, EventContents.Ref content, Instant eventStoredAt) {
            pending.add(version, content);
            storedAt.add(eventStoredAt);
            changed.add(version.state().documentId());
            newest.merge(version.state().documentId(), version.state(), DocumentView::newer);
        }

        DocumentView newest(String documentId) {
            return newest.get(documentId);
        }
    }
}
