package io.docvault.command.infrastructure;

import io.docvault.command.domain.DocumentContents;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The event store's {@code event_content} table, written on the connection of the command's
 * transaction (the one its events are appended in).
 */
class JdbcDocumentContents implements DocumentContents {

    private final JdbcTemplate jdbc;

    JdbcDocumentContents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void store(String sha256, byte[] content) {
        jdbc.update("INSERT INTO event_content (content_sha256, content) VALUES (?, ?) ON CONFLICT DO NOTHING",
                sha256, content);
    }
}
