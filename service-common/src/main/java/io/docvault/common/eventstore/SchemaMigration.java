package io.docvault.common.eventstore;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one part of the schema up to date with its own Flyway history table, so the event store
 * and the read model can be owned, migrated and deployed by different processes.
 */
public final class SchemaMigration {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

    private final String name;

    private SchemaMigration(String name) {
        this.name = name;
    }

    /** Applies the migrations under {@code classpath:db/<name>} with history table {@code flyway_history_<name>}. */
    public static SchemaMigration migrate(DataSource dataSource, String name) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/" + name)
                .table("flyway_history_" + name)
                // The schema may already hold the other part's tables; version 0 keeps V1 applicable.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        log.info("schema {} at version {} ({} migrations applied)", name,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
        return new SchemaMigration(name);
    }

    public String name() {
        return name;
    }
}
