package io.docvault.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
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

    long queryLong(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
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
