package io.docvault.command.infrastructure;

import io.docvault.command.application.RequestLog;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The request log in table {@code command_request}; writes join the command's transaction. */
class JdbcRequestLog implements RequestLog {

    private final JdbcTemplate jdbc;

    JdbcRequestLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<LoggedRequest> find(String requestId) {
        return jdbc.query("""
                        SELECT request_id, fingerprint, document_id, version
                        FROM command_request WHERE request_id = ?""",
                (rs, row) -> new LoggedRequest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
                requestId).stream().findFirst();
    }

    @Override
    public void reserve(String requestId, String fingerprint, String documentId) {
        try {
            jdbc.update("""
                            INSERT INTO command_request (request_id, fingerprint, document_id, version)
                            VALUES (?, ?, ?, 0)""",
                    requestId, fingerprint, documentId);
        } catch (DuplicateKeyException e) {
            throw new RequestAlreadyLoggedException(requestId, e);
        }
    }

    @Override
    public void complete(String requestId, long version) {
        jdbc.update("UPDATE command_request SET version = ? WHERE request_id = ?", version, requestId);
    }
}
