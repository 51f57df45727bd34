package io.docvault.query.document.infrastructure.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.docvault.api.document.DocumentStatus;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.StoredDocument;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Mapping between rows of document_current / document_version and the model's records. */
final class DocumentRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader STRING_MAP = JSON.readerFor(new TypeReference<Map<String, String>>() {
    });
    private static final String NO_METADATA = "{}";

    /** Columns both tables share, in the order {@link #stateValues} gives them. */
    static final String STATE_COLUMNS = "title, content_sha256, content_size, content_type, status, author, tags, "
            + "category, metadata, created_at, created_by, deleted, deleted_at, deleted_by, delete_reason";
    static final String STATE_PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?";

    private DocumentRows() {
    }

    static Object[] stateValues(DocumentView view) {
        return new Object[] {
                view.title(), view.contentSha256(), view.contentSize(), view.contentType(), view.status().name(),
                view.author(), view.tags().toArray(String[]::new), view.category(), json(view.metadata()),
                time(view.createdAt()), view.createdBy(), view.deleted(), time(view.deletedAt()), view.deletedBy(),
                view.deleteReason()};
    }

    /** The same values as {@link #stateValues}, appended to a COPY row. */
    static CopyRow copyState(CopyRow row, DocumentView view) {
        return row.text(view.title()).text(view.contentSha256()).number(view.contentSize()).text(view.contentType())
                .text(view.status().name()).text(view.author()).array(view.tags()).text(view.category())
                .text(json(view.metadata())).time(view.createdAt()).text(view.createdBy()).bool(view.deleted())
                .time(view.deletedAt()).text(view.deletedBy()).text(view.deleteReason());
    }

    /** A row of document_current (updated_* columns) or document_version (changed_* columns). */
    static DocumentView view(ResultSet rs, String updatedAtColumn, String updatedByColumn) throws SQLException {
        return new DocumentView(
                rs.getString("document_id"),
                rs.getLong("version"),
                rs.getString("title"),
                rs.getString("content_sha256"),
                rs.getLong("content_size"),
                rs.getString("content_type"),
                DocumentStatus.valueOf(rs.getString("status")),
                rs.getString("author"),
                strings(rs, "tags"),
                rs.getString("category"),
                map(rs.getString("metadata")),
                instant(rs, "created_at"),
                rs.getString("created_by"),
                instant(rs, updatedAtColumn),
                rs.getString(updatedByColumn),
                rs.getBoolean("deleted"),
                instant(rs, "deleted_at"),
                rs.getString("deleted_by"),
                rs.getString("delete_reason"));
    }

    static StoredDocument stored(ResultSet rs, String updatedAtColumn, String updatedByColumn, boolean withContent)
            throws SQLException {
        return new StoredDocument(view(rs, updatedAtColumn, updatedByColumn),
                withContent ? rs.getBytes("content") : null);
    }

    static List<String> strings(ResultSet rs, String column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string map always serializes", e);
        }
    }

    private static Map<String, String> map(String json) {
        if (NO_METADATA.equals(json)) {
            return Map.of();
        }
        try {
            return STRING_MAP.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata column holds invalid JSON", e);
        }
    }
}
