package io.docvault.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Real PostgreSQL for integration tests. By default one embedded PostgreSQL per test JVM; with
 * {@code DOCVAULT_TEST_DB_URL} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres})
 * an external server instead. Either way every caller gets a database of its own.
 */
final class TestDatabases {

    static final String EXTERNAL_URL_ENV = "DOCVAULT_TEST_DB_URL";

    private static String adminUrl;

    private TestDatabases() {
    }

    /** JDBC URL of a new, empty database. */
    static synchronized String newDatabase() {
        String admin = adminUrl();
        String name = "docvault_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(admin);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + admin, e);
        }
        return admin.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    private static String adminUrl() {
        if (adminUrl != null) {
            return adminUrl;
        }
        String external = System.getenv(EXTERNAL_URL_ENV);
        if (external != null && !external.isBlank()) {
            adminUrl = external;
            return adminUrl;
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            // Stopped only when the JVM exits, after every cached server using it has shut down.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the temporary data directory goes with it
                }
            }));
            adminUrl = postgres.getJdbcUrl("postgres", "postgres");
            return adminUrl;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }
}
