package io.docvault.command.domain;

import io.docvault.api.command.DocumentFields;
import io.docvault.api.event.DocumentCreatedEvent;
import io.docvault.api.event.DocumentRevertedEvent;
import io.docvault.api.event.DocumentUpdatedEvent;
import java.util.Optional;

/**
 * How events change a document's revertible fields: the one definition, used by the aggregate for its
 * current state and to find the state of any earlier version from its stream.
 */
public final class DocumentEvolution {

    private DocumentEvolution() {
    }

    static DocumentFields created(DocumentCreatedEvent e) {
        return new DocumentFields(e.title(), e.contentSha256(), e.contentSize(), e.contentType(), e.status(),
                e.tags(), e.category(), e.metadata());
    }

    static DocumentFields updated(DocumentFields before, DocumentUpdatedEvent e) {
        return new DocumentFields(
                orElse(e.title(), before.title()),
                e.content() != null ? e.content().sha256() : before.contentSha256(),
                e.content() != null ? e.content().size() : before.contentSize(),
                orElse(e.contentType(), before.contentType()),
                orElse(e.status(), before.status()),
                orElse(e.tags(), before.tags()),
                orElse(e.category(), before.category()),
                orElse(e.metadata(), before.metadata()));
    }

    static DocumentFields reverted(DocumentRevertedEvent e) {
        return new DocumentFields(e.title(), e.contentSha256(), e.contentSize(), e.contentType(), e.status(),
                e.tags(), e.category(), e.metadata());
    }

    /**
     * The fields after the first {@code version} events of a document's stream (given oldest first),
     * or empty when the stream is shorter. Deletes and restores leave the fields as they are.
     */
    public static Optional<DocumentFields> at(Iterable<?> payloads, long version) {
        DocumentFields fields = null;
        long seen = 0;
        for (Object payload : payloads) {
            if (seen == version) {
                break;
            }
            if (payload instanceof DocumentCreatedEvent e) {
                fields = created(e);
            } else if (payload instanceof DocumentUpdatedEvent e) {
                fields = updated(fields, e);
            } else if (payload instanceof DocumentRevertedEvent e) {
                fields = reverted(e);
            }
            seen++;
        }
        return seen == version ? Optional.ofNullable(fields) : Optional.empty();
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
