package io.docvault.command.domain;

import io.docvault.api.command.CreateDocumentCommand;
import io.docvault.api.command.DeleteDocumentCommand;
import io.docvault.api.command.RestoreDocumentCommand;
import io.docvault.api.command.UpdateDocumentCommand;
import io.docvault.api.document.ContentDigest;
import io.docvault.api.document.DocumentPatch;
import io.docvault.api.document.DocumentStatus;
import io.docvault.api.event.DocumentCreatedEvent;
import io.docvault.api.event.DocumentDeletedEvent;
import io.docvault.api.event.DocumentRestoredEvent;
import io.docvault.api.event.DocumentUpdatedEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Builders for Document commands and events, so each test states only what matters to it. */
final class DocumentFixtures {

    static final String DOCUMENT_ID = "3f2b8c1e-5d4a-4e6f-9a0b-1c2d3e4f5a6b";
    static final String ACTOR = "alice";

    private DocumentFixtures() {
    }

    static DocumentBuilder aDocument() {
        return new DocumentBuilder();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static DocumentUpdatedEvent updated(DocumentPatch changed, String note) {
        byte[] content = changed.content();
        return new DocumentUpdatedEvent(DOCUMENT_ID, changed.title(),
                content == null ? null
                        : new DocumentUpdatedEvent.NewContent(ContentDigest.sha256Hex(content), content.length),
                changed.contentType(), changed.status(), changed.tags(), changed.category(), changed.metadata(),
                note, ACTOR);
    }

    static UpdateDocumentCommand update(DocumentPatch patch) {
        return new UpdateDocumentCommand(DOCUMENT_ID, 0, patch, "note", ACTOR);
    }

    static UpdateDocumentCommand update(long expectedVersion, DocumentPatch patch) {
        return new UpdateDocumentCommand(DOCUMENT_ID, expectedVersion, patch, "note", ACTOR);
    }

    static DocumentPatch titled(String title) {
        return new DocumentPatch(title, null, null, null, null, null, null);
    }

    static DeleteDocumentCommand delete(long expectedVersion) {
        return new DeleteDocumentCommand(DOCUMENT_ID, expectedVersion, "obsolete", ACTOR);
    }

    static DocumentDeletedEvent deleted() {
        return new DocumentDeletedEvent(DOCUMENT_ID, "obsolete", ACTOR);
    }

    static RestoreDocumentCommand restore(long expectedVersion) {
        return new RestoreDocumentCommand(DOCUMENT_ID, expectedVersion, "needed again", ACTOR);
    }

    static DocumentRestoredEvent restored() {
        return new DocumentRestoredEvent(DOCUMENT_ID, "needed again", ACTOR);
    }

    static final class DocumentBuilder {
        private String title = "Quarterly report";
        private byte[] content = bytes("# Q3\nRevenue grew.");
        private String contentType = "text/markdown";
        private DocumentStatus status = DocumentStatus.DRAFT;
        private List<String> tags = List.of("finance", "q3");
        private String category = "reports";
        private Map<String, String> metadata = Map.of("team", "finance");

        DocumentBuilder titled(String title) {
            this.title = title;
            return this;
        }

        DocumentBuilder withContent(String content) {
            this.content = bytes(content);
            return this;
        }

        DocumentBuilder withStatus(DocumentStatus status) {
            this.status = status;
            return this;
        }

        CreateDocumentCommand createCommand() {
            return new CreateDocumentCommand(DOCUMENT_ID, title, content, contentType, status, "Alice", tags,
                    category, metadata, ACTOR);
        }

        DocumentCreatedEvent createdEvent() {
            return new DocumentCreatedEvent(DOCUMENT_ID, title, ContentDigest.sha256Hex(content),
                    content.length, contentType, status, "Alice", tags, category, metadata, ACTOR);
        }
    }
}
