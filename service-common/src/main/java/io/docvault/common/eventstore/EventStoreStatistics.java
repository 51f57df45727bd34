package io.docvault.common.eventstore;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Facts about the event store that Axon's API does not offer. */
public class EventStoreStatistics {

    private final JdbcTemplate jdbc;

    public EventStoreStatistics(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Number of events stored. */
    public long eventCount() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }
}
