package io.docvault.command.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.docvault.api.command.CreateDocumentCommand;
import io.docvault.api.command.DeleteDocumentCommand;
import io.docvault.api.command.DocumentFields;
import io.docvault.api.command.RestoreDocumentCommand;
import io.docvault.api.command.RevertDocumentCommand;
import io.docvault.api.command.UpdateDocumentCommand;
import io.docvault.api.document.ContentDigest;
import io.docvault.api.document.DocumentPatch;
import io.docvault.api.error.DocumentDeletedException;
import io.docvault.api.error.DocumentNotDeletedException;
import io.docvault.api.error.DocumentNotFoundException;
import io.docvault.api.error.NothingToRevertException;
import io.docvault.api.error.VersionConflictException;
import io.docvault.api.event.DocumentCreatedEvent;
import io.docvault.api.event.DocumentDeletedEvent;
import io.docvault.api.event.DocumentRestoredEvent;
import io.docvault.api.event.DocumentRevertedEvent;
import io.docvault.api.event.DocumentUpdatedEvent;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A document's consistency boundary. Its version is the number of events in its stream: every
 * handler returns the version its command produced. Content is kept only as its SHA-256, which is
 * all the rules need, so the state (and a snapshot of it) stays small however long the history.
 */
@Aggregate(snapshotTriggerDefinition = Document.SNAPSHOT_TRIGGER, cache = Document.CACHE)
public class Document {

    /** Name of the bean that decides when to snapshot (every docvault.command.snapshot-every events). */
    public static final String SNAPSHOT_TRIGGER = "documentSnapshotTrigger";
    /** Name of the bean that keeps recently used documents in memory (docvault.command.aggregate-cache-size). */
    public static final String CACHE = "documentAggregateCache";


    @AggregateIdentifier
    private String documentId;
    private long version;
    private boolean deleted;
    private DocumentFields fields;

    protected Document() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public long handle(CreateDocumentCommand command, DocumentContents contents) {
        String sha256 = ContentDigest.sha256Hex(command.content());
        contents.store(sha256, command.content());
        apply(new DocumentCreatedEvent(
                command.documentId(),
                command.title(),
                sha256,
                command.content().length,
                command.contentType(),
                command.status(),
                command.author(),
                command.tags(),
                command.category(),
                command.metadata(),
                command.actor()));
        return version;
    }

    /** Applies the fields that really change; an update that changes nothing produces no event. */
    @CommandHandler
    public long handle(UpdateDocumentCommand command, DocumentContents contents) {
        requireLive();
        requireVersion(command.expectedVersion());
        DocumentPatch patch = command.patch();
        String newSha256 = patch.content() == null ? null : ContentDigest.sha256Hex(patch.content());
        boolean contentChanges = newSha256 != null && !newSha256.equals(fields.contentSha256());
        DocumentUpdatedEvent event = new DocumentUpdatedEvent(
                documentId,
                changed(patch.title(), fields.title()),
                contentChanges ? new DocumentUpdatedEvent.NewContent(newSha256, patch.content().length) : null,
                changed(patch.contentType(), fields.contentType()),
                changed(patch.status(), fields.status()),
                changed(patch.tags(), fields.tags()),
                changed(patch.category(), fields.category()),
                changed(patch.metadata(), fields.metadata()),
                command.changeNote(),
                command.actor());
        if (event.content() == null && event.title() == null && event.contentType() == null && event.status() == null
                && event.tags() == null && event.category() == null && event.metadata() == null) {
            return version;
        }
        if (contentChanges) {
            contents.store(newSha256, patch.content());
        }
        apply(event);
        return version;
    }

    @CommandHandler
    public long handle(DeleteDocumentCommand command) {
        requireLive();
        requireVersion(command.expectedVersion());
        apply(new DocumentDeletedEvent(documentId, command.reason(), command.actor()));
        return version;
    }

    @CommandHandler
    public long handle(RestoreDocumentCommand command) {
        if (!deleted) {
            throw new DocumentNotDeletedException(documentId);
        }
        requireVersion(command.expectedVersion());
        apply(new DocumentRestoredEvent(documentId, command.reason(), command.actor()));
        return version;
    }

    /**
     * Gives the document an earlier version's fields. {@code target} was read from this document's
     * own stream; a version beyond the current one does not exist.
     */
    @CommandHandler
    public long handle(RevertDocumentCommand command) {
        requireLive();
        requireVersion(command.expectedVersion());
        if (command.toVersion() > version) {
            throw new DocumentNotFoundException(documentId, command.toVersion());
        }
        DocumentFields target = command.target();
        if (target.equals(fields)) {
            throw new NothingToRevertException(documentId, command.toVersion());
        }
        apply(new DocumentRevertedEvent(documentId, command.toVersion(), target.title(), target.contentSha256(),
                target.contentSize(), target.contentType(), target.status(), target.tags(), target.category(),
                target.metadata(), command.changeNote(), command.actor()));
        return version;
    }

    @EventSourcingHandler
    void on(DocumentCreatedEvent event) {
        documentId = event.documentId();
        version = 1;
        fields = DocumentEvolution.created(event);
    }

    @EventSourcingHandler
    void on(DocumentUpdatedEvent event) {
        version++;
        fields = DocumentEvolution.updated(fields, event);
    }

    @EventSourcingHandler
    void on(DocumentRevertedEvent event) {
        version++;
        fields = DocumentEvolution.reverted(event);
    }

    @EventSourcingHandler
    void on(DocumentDeletedEvent event) {
        version++;
        deleted = true;
    }

    @EventSourcingHandler
    void on(DocumentRestoredEvent event) {
        version++;
        deleted = false;
    }

    private void requireLive() {
        if (deleted) {
            throw new DocumentDeletedException(documentId);
        }
    }

    private void requireVersion(long expectedVersion) {
        if (expectedVersion != 0 && expectedVersion != version) {
            throw new VersionConflictException(documentId, expectedVersion, version);
        }
    }

    private static <T> T changed(T requested, T current) {
        return requested == null || Objects.equals(requested, current) ? null : requested;
    }
}
