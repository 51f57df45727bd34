package io.docvault.legacy.application;

import io.docvault.api.command.CreateDocumentCommand;
import io.docvault.api.command.DeleteDocumentCommand;
import io.docvault.api.command.RestoreDocumentCommand;
import io.docvault.api.command.UpdateDocumentCommand;
import io.docvault.api.document.ChangeKind;
import io.docvault.api.document.DocumentPatch;
import io.docvault.api.error.ConcurrentChangeException;
import io.docvault.api.error.DocumentDeletedException;
import io.docvault.api.error.DocumentNotDeletedException;
import io.docvault.api.error.DocumentNotFoundException;
import io.docvault.api.error.InvalidRequestException;
import io.docvault.api.error.VersionConflictException;
import io.docvault.command.application.CommandOutcome;
import io.docvault.command.application.DocumentCommands;
import io.docvault.command.application.DocumentIds;
import io.docvault.query.document.application.DocumentQueries;
import io.docvault.query.document.application.VersionListing;
import io.docvault.query.document.model.DocumentFilter;
import io.docvault.query.document.model.DocumentOrder;
import io.docvault.query.document.model.StoredDocument;
import io.docvault.query.document.model.VersionEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The old document service's use cases, expressed with DocVault's own: commands go to
 * {@link DocumentCommands}, reads to {@link DocumentQueries}; the rules stay in the aggregate. What
 * this class adds is only the old API's way of seeing things:
 * <ul>
 * <li>a rule violation the old service reported as NOT_FOUND (changing or deleting a deleted
 * document, restoring a live one) is reported as NOT_FOUND here too;</li>
 * <li>every write returns only once the read model holds the version it produced, so a following
 * read through this API sees it (the old API has no version to wait for);</li>
 * <li>the old "versions" are the states a document had before each of its updates.</li>
 * </ul>
 */
public class LegacyDocuments {

    /** Content type of documents created through the old API, whose content is text. */
    public static final String CONTENT_TYPE = "text/plain";

    /** Documents in a list, oldest first: stable under updates, like the old store's natural order. */
    static final DocumentOrder LIST_ORDER = new DocumentOrder(DocumentOrder.Key.CREATED_AT, false);

    /** Attempts of an update that reads the current state first, when another writer gets in between. */
    static final int UPDATE_ATTEMPTS = 3;

    private static final int VERSION_PAGE = 1000;

    private final DocumentCommands commands;
    private final DocumentQueries queries;
    private final DocumentIds documentIds;

    public LegacyDocuments(DocumentCommands commands, DocumentQueries queries, DocumentIds documentIds) {
        this.commands = commands;
        this.queries = queries;
        this.documentIds = documentIds;
    }

    public StoredDocument create(NewLegacyDocument document, String actor, ReadWait wait) {
        Map<String, String> metadata = document.comments().isEmpty()
                ? Map.of()
                : Map.of(LegacyComments.METADATA_KEY, LegacyComments.encode(document.comments()));
        CommandOutcome outcome = commands.create(new CreateDocumentCommand(
                documentIds.newId(),
                document.title(),
                document.content().getBytes(StandardCharsets.UTF_8),
                CONTENT_TYPE,
                document.status(),
                document.author(),
                document.tags(),
                document.category(),
                metadata,
                actor), Optional.empty());
        return produced(outcome, wait);
    }

    /** A live document at its latest version. */
    public StoredDocument get(String documentId, ReadWait wait) {
        return queries.get(documentId, 0, null, false, 0, wait.maxWait(), wait.abandoned());
    }

    /**
     * Sets the provided fields. Author and comments need the current state: the author cannot change
     * (a different one is refused), and comments share the metadata map with other entries, so the
     * update is sent with the version it was computed from and recomputed if another writer got in
     * between. An update that provides nothing, or only the current values, produces no version and
     * returns the document as it is.
     */
    public StoredDocument update(LegacyChanges changes, String actor, ReadWait wait) {
        String documentId = changes.documentId();
        boolean needsCurrent = changes.author() != null || changes.comments() != null;
        for (int attempt = 1; ; attempt++) {
            long expectedVersion = 0;
            Map<String, String> metadata = null;
            if (needsCurrent) {
                StoredDocument current = current(documentId, actor, wait);
                if (changes.author() != null && !changes.author().equals(current.view().author())) {
                    throw new InvalidRequestException("author", "cannot be changed: the document's author is \""
                            + current.view().author() + "\" since it was created");
                }
                if (changes.comments() != null) {
                    metadata = new HashMap<>(current.view().metadata());
                    metadata.put(LegacyComments.METADATA_KEY, LegacyComments.encode(changes.comments()));
                }
                expectedVersion = current.view().version();
            }
            DocumentPatch patch = new DocumentPatch(
                    changes.title(),
                    changes.content() == null ? null : changes.content().getBytes(StandardCharsets.UTF_8),
                    changes.content() == null ? null : CONTENT_TYPE,
                    changes.status(),
                    changes.tags(),
                    changes.category(),
                    metadata);
            try {
                return produced(sendUpdate(new UpdateDocumentCommand(documentId, expectedVersion, patch, "", actor)), wait);
            } catch (VersionConflictException e) {
                if (attempt == UPDATE_ATTEMPTS) {
                    throw new ConcurrentChangeException(documentId, attempt);
                }
            }
        }
    }

    public void delete(String documentId, String actor, ReadWait wait) {
        CommandOutcome outcome;
        try {
            outcome = commands.delete(new DeleteDocumentCommand(documentId, 0, "", actor), Optional.empty());
        } catch (DocumentDeletedException e) {
            throw new DocumentNotFoundException(documentId);
        }
        produced(outcome, wait);
    }

    public StoredDocument restore(String documentId, String actor, ReadWait wait) {
        CommandOutcome outcome;
        try {
            outcome = commands.restore(new RestoreDocumentCommand(documentId, 0, "", actor), Optional.empty());
        } catch (DocumentNotDeletedException e) {
            throw new DocumentNotFoundException(documentId);
        }
        return produced(outcome, wait);
    }

    /** Live documents with their content, oldest first, after {@code skip} of them. */
    public List<StoredDocument> list(int skip, int limit) {
        DocumentFilter live = new DocumentFilter(null, null, null, null, DocumentFilter.Deleted.EXCLUDE);
        return queries.list(live, LIST_ORDER, "", skip, limit, true).documents();
    }

    /** The states a live document had before each of its updates (and reverts), oldest first. */
    public List<LegacyVersion> versions(String documentId, ReadWait wait) {
        get(documentId, wait);
        List<LegacyVersion> versions = new ArrayList<>();
        for (VersionEntry replacing : updates(documentId)) {
            versions.add(replaced(documentId, replacing, wait));
        }
        return versions;
    }

    /** The state a live document had at {@code version}, when an update replaced it. */
    public LegacyVersion version(String documentId, long version, ReadWait wait) {
        get(documentId, wait);
        return updates(documentId).stream()
                .filter(replacing -> replacing.version() == version + 1)
                .findFirst()
                .map(replacing -> replaced(documentId, replacing, wait))
                .orElseThrow(() -> new DocumentNotFoundException(documentId, version));
    }

    /** The changes that replaced a state the old service would have kept as a version. */
    private List<VersionEntry> updates(String documentId) {
        List<VersionEntry> updates = new ArrayList<>();
        String pageToken = "";
        do {
            VersionListing page = queries.versions(documentId, pageToken, VERSION_PAGE);
            page.versions().stream()
                    .filter(v -> v.change() == ChangeKind.UPDATED || v.change() == ChangeKind.REVERTED)
                    .forEach(updates::add);
            pageToken = page.nextPageToken();
        } while (!pageToken.isEmpty());
        return updates;
    }

    private LegacyVersion replaced(String documentId, VersionEntry replacing, ReadWait wait) {
        long version = replacing.version() - 1;
        StoredDocument state = queries.get(documentId, version, null, true, 0, wait.maxWait(), wait.abandoned());
        return new LegacyVersion(version, state, replacing.changedAt());
    }

    /**
     * The document's current state as the command side sees it: an update that changes nothing
     * appends no event and returns the current version (or fails as a real update would), and the
     * read model is then read at exactly that version.
     */
    private StoredDocument current(String documentId, String actor, ReadWait wait) {
        return produced(sendUpdate(new UpdateDocumentCommand(documentId, 0, DocumentPatch.EMPTY, "", actor)), wait);
    }

    private CommandOutcome sendUpdate(UpdateDocumentCommand command) {
        try {
            return commands.update(command, Optional.empty());
        } catch (DocumentDeletedException e) {
            throw new DocumentNotFoundException(command.documentId());
        }
    }

    /** The state a command produced, once the read model holds it. */
    private StoredDocument produced(CommandOutcome outcome, ReadWait wait) {
        return queries.get(outcome.documentId(), outcome.version(), null, true, outcome.version(), wait.maxWait(),
                wait.abandoned());
    }
}
