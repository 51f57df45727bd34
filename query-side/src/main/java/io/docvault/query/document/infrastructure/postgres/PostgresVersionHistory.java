package io.docvault.query.document.infrastructure.postgres;

import io.docvault.api.document.ChangeKind;
import io.docvault.query.document.model.VersionEntry;
import io.docvault.query.document.model.VersionHistory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Version history from document_version, by primary key order. */
class PostgresVersionHistory implements VersionHistory {

    static final String SELECT_ENTRY = "SELECT document_id, version, change_kind, changed_at, changed_by, "
            + "change_note, changed_fields, content_sha256, content_size, reverted_to FROM document_version";

    private final JdbcTemplate jdbc;

    PostgresVersionHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<VersionEntry> versions(String documentId, long afterVersion, int limit) {
        return jdbc.query(SELECT_ENTRY + " WHERE document_id = ?::uuid AND version > ? ORDER BY version LIMIT ?",
                PostgresVersionHistory::entry, documentId, afterVersion, limit);
    }

    @Override
    public long count(String documentId) {
        return jdbc.queryForObject("SELECT count(*) FROM document_version WHERE document_id = ?::uuid",
                Long.class, documentId);
    }

    static VersionEntry entry(ResultSet rs, int row) throws SQLException {
        return new VersionEntry(
                rs.getString("document_id"),
                rs.getLong("version"),
                ChangeKind.valueOf(rs.getString("change_kind")),
                DocumentRows.instant(rs, "changed_at"),
                rs.getString("changed_by"),
                rs.getString("change_note"),
                DocumentRows.strings(rs, "changed_fields"),
                rs.getString("content_sha256"),
                rs.getLong("content_size"),
                rs.getLong("reverted_to"));
    }
}
