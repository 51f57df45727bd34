package io.docvault.query.document.infrastructure.mongo;

import io.docvault.api.document.ChangeKind;
import io.docvault.api.document.DocumentStatus;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.VersionEntry;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** Mapping between the model's records and the BSON documents of the read-model collections. */
final class MongoDocuments {

    static final String CURRENT = "document_current";
    static final String VERSIONS = "document_versions";
    static final String CONTENT = "document_content";
    static final String INFO = "read_model_info";

    private MongoDocuments() {
    }

    /** Version documents are keyed by id and zero-padded version, so their keys sort by version. */
    static String versionKey(String documentId, long version) {
        return documentId + "/" + String.format("%019d", version);
    }

    static Document state(DocumentView view) {
        return new Document()
                .append("documentId", view.documentId())
                .append("version", view.version())
                .append("title", view.title())
                .append("contentSha256", view.contentSha256())
                .append("contentSize", view.contentSize())
                .append("contentType", view.contentType())
                .append("status", view.status().name())
                .append("author", view.author())
                .append("tags", view.tags())
                .append("category", view.category())
                .append("metadata", new Document(new LinkedHashMap<>(view.metadata())))
                .append("createdAt", date(view.createdAt()))
                .append("createdBy", view.createdBy())
                .append("updatedAt", date(view.updatedAt()))
                .append("updatedBy", view.updatedBy())
                .append("deleted", view.deleted())
                .append("deletedAt", date(view.deletedAt()))
                .append("deletedBy", view.deletedBy())
                .append("deleteReason", view.deleteReason());
    }

    static Document version(DocumentView state, VersionEntry change) {
        return state(state)
                .append("_id", versionKey(state.documentId(), state.version()))
                .append("changeKind", change.change().name())
                .append("changeNote", change.changeNote())
                .append("changedFields", change.changedFields())
                .append("revertedTo", change.revertedToVersion());
    }

    static DocumentView view(Document d) {
        Map<String, String> metadata = new LinkedHashMap<>();
        d.get("metadata", Document.class).forEach((k, v) -> metadata.put(k, (String) v));
        return new DocumentView(
                d.getString("documentId"),
                d.getLong("version"),
                d.getString("title"),
                d.getString("contentSha256"),
                d.getLong("contentSize"),
                d.getString("contentType"),
                DocumentStatus.valueOf(d.getString("status")),
                d.getString("author"),
                d.getList("tags", String.class),
                d.getString("category"),
                metadata,
                instant(d.getDate("createdAt")),
                d.getString("createdBy"),
                instant(d.getDate("updatedAt")),
                d.getString("updatedBy"),
                d.getBoolean("deleted"),
                instant(d.getDate("deletedAt")),
                d.getString("deletedBy"),
                d.getString("deleteReason"));
    }

    static VersionEntry entry(Document d) {
        return new VersionEntry(
                d.getString("documentId"),
                d.getLong("version"),
                ChangeKind.valueOf(d.getString("changeKind")),
                instant(d.getDate("updatedAt")),
                d.getString("updatedBy"),
                d.getString("changeNote"),
                d.getList("changedFields", String.class),
                d.getString("contentSha256"),
                d.getLong("contentSize"),
                d.getLong("revertedTo"));
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    static List<String> collections() {
        return List.of(CONTENT, VERSIONS, CURRENT);
    }
}
