package io.docvault.query.document.infrastructure.postgres;

import io.docvault.query.document.model.DocumentHistoryStore;
import io.docvault.query.document.model.ReadModelRebuilds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds into {@code <table>_next} copies of the read-model tables (same columns, constraints and
 * indexes) and switches by renaming, in one transaction: readers never see a half-built model, and
 * the indexes get their usual names back so later migrations can name them.
 */
class PostgresReadModelRebuilds implements ReadModelRebuilds {

    static final String NEXT = "_next";
    private static final List<String> TABLES = List.of("document_content", "document_version", "document_current");

    private final JdbcTemplate jdbc;
    private final PlatformTransactionManager transactionManager;
    private final TransactionTemplate transaction;

    PostgresReadModelRebuilds(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactionManager = transactionManager;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @Override
    public long generation() {
        return jdbc.queryForObject("SELECT generation FROM read_model_info WHERE id = 1", Long.class);
    }

    @Override
    public DocumentHistoryStore prepareNext() {
        transaction.executeWithoutResult(status -> {
            dropNext();
            TABLES.forEach(table -> jdbc.execute(
                    "CREATE TABLE " + table + NEXT + " (LIKE " + table + " INCLUDING ALL)"));
        });
        return new PostgresDocumentHistoryStore(jdbc, transactionManager, NEXT);
    }

    @Override
    public long switchToNext(Runnable alongside) {
        long generation = transaction.execute(status -> {
            for (String table : TABLES) {
                Map<String, String> canonicalNames = canonicalIndexNames(table);
                jdbc.execute("ALTER TABLE " + table + " RENAME TO " + table + "_old");
                jdbc.execute("ALTER TABLE " + table + NEXT + " RENAME TO " + table);
                jdbc.execute("DROP TABLE " + table + "_old");
                canonicalNames.forEach((nextName, name) -> jdbc.execute("ALTER INDEX " + nextName + " RENAME TO " + name));
            }
            alongside.run();
            jdbc.update("UPDATE read_model_info SET generation = generation + 1, rebuilt_at = now() WHERE id = 1");
            return generation();
        });
        // The rebuilt tables have no statistics yet: without them the planner may scan whole tables for
        // the queries' key lookups until autovacuum (if it runs at all) analyzes them.
        TABLES.forEach(table -> jdbc.execute("ANALYZE " + table));
        return generation;
    }

    @Override
    public void discardNext() {
        transaction.executeWithoutResult(status -> dropNext());
    }

    private void dropNext() {
        TABLES.forEach(table -> jdbc.execute("DROP TABLE IF EXISTS " + table + NEXT));
    }

    /** Maps each index of {@code <table>_next} to the name of the same index on {@code <table>}. */
    private Map<String, String> canonicalIndexNames(String table) {
        Map<String, String> liveByDefinition = new HashMap<>();
        indexes(table).forEach((name, definition) -> liveByDefinition.put(definition, name));
        Map<String, String> names = new HashMap<>();
        indexes(table + NEXT).forEach((name, definition) -> {
            String canonical = liveByDefinition.get(definition);
            if (canonical != null && !canonical.equals(name)) {
                names.put(name, canonical);
            }
        });
        return names;
    }

    /** Index names of a table with their definitions, the index and table names taken out. */
    private Map<String, String> indexes(String table) {
        Map<String, String> indexes = new HashMap<>();
        jdbc.query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?",
                rs -> {
                    indexes.put(rs.getString(1), rs.getString(2).replaceFirst("INDEX \\S+ ON \\S+ ", "INDEX ON "));
                }, table);
        return indexes;
    }
}
