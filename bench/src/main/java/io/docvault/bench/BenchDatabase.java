package io.docvault.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one PostgreSQL a run uses for both the floors and the service: the server given by a JDBC URL, or
 * an embedded one started here (with synchronous_commit on, so its commits are durable like the
 * given server's). Each run gets a fresh database, dropped at the end.
 */
final class BenchDatabase implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BenchDatabase(EmbeddedPostgres embedded, String host, int port, String user, String password) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.name = "docvault_bench_" + System.currentTimeMillis();
    }

    /** {@code jdbcUrl} null or blank: an embedded PostgreSQL. */
    static BenchDatabase open(String jdbcUrl, String user, String password) throws IOException, SQLException {
        BenchDatabase database;
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(Files.createTempDirectory("docvault-bench-pg-"))
                    .setCleanDataDirectory(true)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    .start();
            database = new BenchDatabase(postgres, "127.0.0.1", postgres.getPort(), "postgres", "");
        } else {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            Map<String, String> query = new HashMap<>();
            if (uri.getQuery() != null) {
                for (String pair : uri.getQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    query.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            }
            database = new BenchDatabase(null, uri.getHost() == null ? "127.0.0.1" : uri.getHost(),
                    uri.getPort() < 0 ? 5432 : uri.getPort(), query.getOrDefault("user", user),
                    query.getOrDefault("password", password == null ? "" : password));
        }
        try (Connection admin = database.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database.name);
        }
        // A harness stopped by a signal drops its database too.
        Thread dropOnExit = new Thread(() -> {
            try {
                database.close();
            } catch (IOException ignored) {
                // the JVM is exiting; close() already reported what it could not drop
            }
        });
        Runtime.getRuntime().addShutdownHook(dropOnExit);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            // Same columns, keys and indexes as the event store's domain_event_entry (V1__event_store.sql).
            statement.execute("""
                    CREATE TABLE floor_event_entry (
                        global_index         BIGSERIAL    NOT NULL,
                        aggregate_identifier VARCHAR(255) NOT NULL,
                        sequence_number      BIGINT       NOT NULL,
                        type                 VARCHAR(255),
                        event_identifier     VARCHAR(255) NOT NULL,
                        meta_data            BYTEA,
                        payload              BYTEA        NOT NULL,
                        payload_revision     VARCHAR(255),
                        payload_type         VARCHAR(255) NOT NULL,
                        time_stamp           VARCHAR(255) NOT NULL,
                        PRIMARY KEY (global_index),
                        UNIQUE (aggregate_identifier, sequence_number),
                        UNIQUE (event_identifier)
                    )""");
        }
        return database;
    }

    Connection connect() throws SQLException {
        return connect(name);
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }

    /**
     * Adds {@code rows} rows of {@code payloadBytes} to the floor table, shaped as the INSERT floor's
     * (for a PK SELECT floor measured without running that one first).
     */
    void fillFloorTable(long rows, int payloadBytes) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO floor_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                        meta_data, payload, payload_revision, payload_type, time_stamp)
                    SELECT gen_random_uuid()::text, 0, 'Document', gen_random_uuid()::text, '\\x7b7d'::bytea,
                        convert_to(repeat('x', %d), 'UTF8'), '1', 'io.docvault.api.DocumentUpdatedEvent', now()::text
                    FROM generate_series(1, %d)""".formatted(payloadBytes, rows));
            statement.execute("ANALYZE floor_event_entry");
        }
    }

    long queryLong(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Fills the event store up to {@code targetEvents} with copies of the streams of {@code templates}:
     * each copy is a new document id (in the payloads too) with new event ids, in statements of about
     * {@code eventsPerStatement} events, each committed on its own. The copies keep their originals'
     * metadata, so their tamper-evidence links do not verify (the projection does not check them).
     * Returns the number of events stored.
     */
    long copyEventStreams(List<String> templates, long targetEvents, long eventsPerStatement, PrintStream progress)
            throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE template_event AS SELECT * FROM domain_event_entry "
                    + "WHERE aggregate_identifier IN (" + String.join(", ", templates.stream()
                    .map(id -> "'" + id.replace("'", "''") + "'").toList()) + ")");
            long perCopy = single(statement, "SELECT count(*) FROM template_event");
            long stored = single(statement, "SELECT count(*) FROM domain_event_entry");
            long started = System.nanoTime();
            long lastReport = started;
            while (stored < targetEvents && perCopy > 0) {
                long copies = Math.max(1, Math.min(eventsPerStatement, targetEvents - stored) / perCopy);
                stored += statement.executeUpdate("""
                        INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                            meta_data, payload, payload_revision, payload_type, time_stamp)
                        SELECT c.new_id, e.sequence_number, e.type, gen_random_uuid()::text, e.meta_data,
                            convert_to(replace(convert_from(e.payload, 'UTF8'), e.aggregate_identifier, c.new_id), 'UTF8'),
                            e.payload_revision, e.payload_type, e.time_stamp
                        FROM (SELECT t.id, gen_random_uuid()::text AS new_id
                              FROM (SELECT DISTINCT aggregate_identifier AS id FROM template_event) t,
                                   generate_series(1, %d)) c
                        JOIN template_event e ON e.aggregate_identifier = c.id
                        ORDER BY c.new_id, e.sequence_number""".formatted(copies));
                long now = System.nanoTime();
                if (now - lastReport > TimeUnit.SECONDS.toNanos(10) || stored >= targetEvents) {
                    progress.printf("  %,d events stored (%,.0f events/s)%n", stored,
                            stored / ((now - started) / 1e9));
                    lastReport = now;
                }
            }
            statement.execute("ANALYZE domain_event_entry");
            return stored;
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    String describe() {
        String version;
        try {
            version = String.valueOf(queryLong("SELECT current_setting('server_version_num')::int"));
        } catch (SQLException e) {
            version = "?";
        }
        return (embedded != null ? "embedded PostgreSQL" : "PostgreSQL at " + host + ":" + port)
                + " (server_version_num " + version + "), database " + name;
    }

    /** The environment that points the server jar at this database. */
    Map<String, String> serverEnvironment() {
        return Map.of("DOCVAULT_DB_URL", "jdbc:postgresql://" + host + ":" + port + "/" + name,
                "DOCVAULT_DB_USERNAME", user, "DOCVAULT_DB_PASSWORD", password,
                // The server asks for an explicit choice once it is given a database URL.
                "DOCVAULT_AUTH_ENABLED", "false");
    }

    /** libpq connection options for pgbench, and its password through the environment. */
    String[] libpqOptions() {
        return new String[] {"-h", host, "-p", Integer.toString(port), "-U", user, name};
    }

    String password() {
        return password;
    }

    @Override
    public void close() throws IOException {
        if (closed.getAndSet(true)) {
            return;
        }
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop " + name + ": " + e.getMessage());
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
