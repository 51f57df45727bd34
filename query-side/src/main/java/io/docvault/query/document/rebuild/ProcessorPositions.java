package io.docvault.query.document.rebuild;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The event processors' positions in Axon's token table (always in PostgreSQL, beside the event store):
 * a rebuild's position is handed to the live processor when the rebuilt read model is switched in.
 */
public class ProcessorPositions {

    private final JdbcTemplate jdbc;

    public ProcessorPositions(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Replaces {@code target}'s positions with {@code source}'s, unclaimed. */
    void handOver(String source, String target) {
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", target);
        jdbc.update("UPDATE token_entry SET processor_name = ?, owner = NULL WHERE processor_name = ?", target, source);
    }

    void forget(String processor) {
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", processor);
    }
}
