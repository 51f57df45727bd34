package io.docvault.server;

import com.zaxxer.hikari.HikariDataSource;
import io.docvault.common.config.DocVaultProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database: the PostgreSQL at {@code docvault.db.url}, or, when none is configured, an embedded
 * PostgreSQL whose data directory survives restarts. The embedded server is a bean the data source
 * depends on, so it stops only after everything using it has shut down.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(DocVaultProperties properties) {
        if (!properties.db().embedded()) {
            return EmbeddedDatabase.NONE;
        }
        Path dataDir = properties.db().embeddedDataDir().toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
            log.warn("no docvault.db.url (DOCVAULT_DB_URL) configured: starting an embedded PostgreSQL "
                    + "with its data in {}", dataDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // Stopped by this bean's close(), after everything using it; its own JVM hook would
                    // kill it at the start of shutdown, under in-flight calls and processors.
                    .setRegisterShutdownHook(false)
                    .start();
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    @Bean
    HikariDataSource dataSource(DocVaultProperties properties, EmbeddedDatabase embedded) {
        HikariDataSource dataSource = new HikariDataSource();
        if (embedded.postgres() != null) {
            dataSource.setJdbcUrl(embedded.postgres().getJdbcUrl("postgres", "postgres"));
            dataSource.setUsername("postgres");
        } else {
            dataSource.setJdbcUrl(properties.db().url());
            dataSource.setUsername(properties.db().username());
            dataSource.setPassword(properties.db().password());
        }
        dataSource.setMaximumPoolSize(properties.db().maxPoolSize());
        dataSource.setConnectionTimeout(properties.db().connectionTimeout().toMillis());
        dataSource.setPoolName("docvault");
        // JDBC batches (the projection's, the event store's) go to the server as multi-row INSERTs.
        dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
        return dataSource;
    }

    /** The embedded server, or none when an external database is configured. */
    record EmbeddedDatabase(EmbeddedPostgres postgres) implements AutoCloseable {

        static final EmbeddedDatabase NONE = new EmbeddedDatabase(null);

        @Override
        public void close() throws IOException {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
