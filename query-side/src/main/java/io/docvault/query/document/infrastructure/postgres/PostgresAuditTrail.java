package io.docvault.query.document.infrastructure.postgres;

import io.docvault.api.document.ChangeKind;
import io.docvault.query.document.model.AuditQuery;
import io.docvault.query.document.model.AuditTrail;
import io.docvault.query.document.model.VersionEntry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The audit trail as a view over document_version, paged by keyset on (changed_at, document_id, version). */
class PostgresAuditTrail implements AuditTrail {

    private final JdbcTemplate jdbc;

    PostgresAuditTrail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<VersionEntry> entries(AuditQuery query, AuditPosition after, int limit) {
        StringBuilder sql = new StringBuilder(PostgresVersionHistory.SELECT_ENTRY)
                .append(" WHERE change_kind = ANY (?)");
        List<Object> args = new ArrayList<>();
        args.add(query.kinds().stream().map(ChangeKind::name).sorted().toArray(String[]::new));
        if (query.documentId() != null) {
            sql.append(" AND document_id = ?::uuid");
            args.add(query.documentId());
        }
        if (query.from() != null) {
            sql.append(" AND changed_at >= ?");
            args.add(DocumentRows.time(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND changed_at < ?");
            args.add(DocumentRows.time(query.to()));
        }
        if (after != null) {
            sql.append(" AND (changed_at, document_id, version) < (?, ?::uuid, ?)");
            args.add(DocumentRows.time(after.changedAt()));
            args.add(after.documentId());
            args.add(after.version());
        }
        sql.append(" ORDER BY changed_at DESC, document_id DESC, version DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), PostgresVersionHistory::entry, args.toArray());
    }
}
