package io.docvault.query.document.projection;

import io.docvault.api.document.ChangeKind;
import io.docvault.api.document.DocumentField;
import io.docvault.api.event.DocumentCreatedEvent;
import io.docvault.api.event.DocumentDeletedEvent;
import io.docvault.api.event.DocumentRestoredEvent;
import io.docvault.api.event.DocumentRevertedEvent;
import io.docvault.api.event.DocumentUpdatedEvent;
import io.docvault.common.eventstore.EventContents;
import io.docvault.query.document.model.DocumentHistoryStore.RecordedVersion;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.VersionEntry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What each document event makes of the document: its state at the new version and the version's
 * history entry (which doubles as the audit entry of deletes and restores); the content it brought, if
 * any, is named by {@link #broughtContent} and fetched by {@link PendingVersions}.
 * The version is the event's sequence number plus one; times are kept to the millisecond, the precision
 * every read-model store offers. Both the projection's processors and a rebuild's bulk pass apply
 * events through here, so they cannot disagree.
 */
public final class DocumentChanges {

    private static final List<String> ALL_FIELDS = Arrays.stream(DocumentField.values()).map(DocumentField::wireName).toList();
    private static final Set<Class<?>> EVENT_TYPES = Set.of(DocumentCreatedEvent.class, DocumentUpdatedEvent.class,
            DocumentDeletedEvent.class, DocumentRestoredEvent.class, DocumentRevertedEvent.class);

    private DocumentChanges() {
    }

    /** Whether events of this payload type change a document's views. */
    public static boolean changesDocuments(Class<?> payloadType) {
        return EVENT_TYPES.contains(payloadType);
    }

    /** The content an event of a document type brought (null when it kept the content before it). */
    public static EventContents.Ref broughtContent(Object event, long sequence) {
        if (event instanceof DocumentCreatedEvent created) {
            return new EventContents.Ref(created.contentSha256(), created.documentId(), sequence);
        }
        if (event instanceof DocumentUpdatedEvent updated && updated.content() != null) {
            return new EventContents.Ref(updated.content().sha256(), updated.documentId(), sequence);
        }
        return null;
    }

    /**
     * The version an event of {@link #changesDocuments a document type} makes of {@code before} (the
     * version just before it, null for a creation).
     */
    public static RecordedVersion apply(DocumentView before, Object event, long sequence, Instant storedAt) {
        if (event instanceof DocumentCreatedEvent created) {
            return created(created, sequence, storedAt);
        }
        if (before == null) {
            throw new IllegalStateException("no version before version " + (sequence + 1) + " of a document");
        }
        if (event instanceof DocumentUpdatedEvent updated) {
            return updated(before, updated, sequence, storedAt);
        }
        if (event instanceof DocumentDeletedEvent deleted) {
            return deleted(before, deleted, sequence, storedAt);
        }
        if (event instanceof DocumentRestoredEvent restored) {
            return restored(before, restored, sequence, storedAt);
        }
        if (event instanceof DocumentRevertedEvent reverted) {
            return reverted(before, reverted, sequence, storedAt);
        }
        throw new IllegalArgumentException("not a document event: " + event.getClass().getName());
    }

    static RecordedVersion created(DocumentCreatedEvent event, long sequence, Instant storedAt) {
        long version = sequence + 1;
        Instant at = millis(storedAt);
        DocumentView state = new DocumentView(event.documentId(), version, event.title(), event.contentSha256(),
                event.contentSize(), event.contentType(), event.status(), event.author(), event.tags(),
                event.category(), event.metadata(), at, event.actor(), at, event.actor(), false, null, null, null);
        return new RecordedVersion(state, new VersionEntry(event.documentId(), version, ChangeKind.CREATED, at,
                event.actor(), "", ALL_FIELDS, event.contentSha256(), event.contentSize(), 0), null);
    }

    static RecordedVersion updated(DocumentView before, DocumentUpdatedEvent event, long sequence, Instant storedAt) {
        long version = sequence + 1;
        Instant at = millis(storedAt);
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
        return new RecordedVersion(state, new VersionEntry(event.documentId(), version, ChangeKind.UPDATED, at,
                event.actor(), nullToEmpty(event.changeNote()), changed, state.contentSha256(), state.contentSize(), 0),
                null);
    }

    static RecordedVersion deleted(DocumentView before, DocumentDeletedEvent event, long sequence, Instant storedAt) {
        return lifecycle(before, ChangeKind.DELETED, sequence, storedAt, event.actor(), event.reason());
    }

    static RecordedVersion restored(DocumentView before, DocumentRestoredEvent event, long sequence, Instant storedAt) {
        return lifecycle(before, ChangeKind.RESTORED, sequence, storedAt, event.actor(), event.reason());
    }

    /** A delete or a restore: only the deletion fields change, and the reason is the version's note. */
    private static RecordedVersion lifecycle(DocumentView before, ChangeKind change, long sequence, Instant storedAt,
                                             String actor, String reason) {
        long version = sequence + 1;
        Instant at = millis(storedAt);
        boolean deleted = change == ChangeKind.DELETED;
        DocumentView state = new DocumentView(before.documentId(), version, before.title(), before.contentSha256(),
                before.contentSize(), before.contentType(), before.status(), before.author(), before.tags(),
                before.category(), before.metadata(), before.createdAt(), before.createdBy(), at, actor,
                deleted, deleted ? at : null, deleted ? actor : null, deleted ? nullToEmpty(reason) : null);
        return new RecordedVersion(state, new VersionEntry(before.documentId(), version, change, at, actor,
                nullToEmpty(reason), List.of(), state.contentSha256(), state.contentSize(), 0), null);
    }

    static RecordedVersion reverted(DocumentView before, DocumentRevertedEvent event, long sequence, Instant storedAt) {
        long version = sequence + 1;
        Instant at = millis(storedAt);
        DocumentView state = new DocumentView(before.documentId(), version, event.title(), event.contentSha256(),
                event.contentSize(), event.contentType(), event.status(), before.author(), event.tags(),
                event.category(), event.metadata(), before.createdAt(), before.createdBy(), at, event.actor(),
                false, null, null, null);
        return new RecordedVersion(state, new VersionEntry(event.documentId(), version, ChangeKind.REVERTED, at,
                event.actor(), nullToEmpty(event.changeNote()), changedFields(before, state), state.contentSha256(),
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

    private static Instant millis(Instant storedAt) {
        return storedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
