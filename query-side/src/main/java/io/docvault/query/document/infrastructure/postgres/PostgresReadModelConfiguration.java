package io.docvault.query.document.infrastructure.postgres;

import io.docvault.query.document.model.AuditTrail;
import io.docvault.query.document.model.DocumentHistoryStore;
import io.docvault.query.document.model.DocumentViews;
import io.docvault.query.document.model.ReadModelRebuilds;
import io.docvault.query.document.model.VersionHistory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The PostgreSQL read model (the default, {@code docvault.read-model=postgres}): its ports. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "docvault.read-model", havingValue = "postgres", matchIfMissing = true)
public class PostgresReadModelConfiguration {

    @Bean
    DocumentViews documentViewsStore(JdbcTemplate jdbc) {
        return new PostgresDocumentViews(jdbc);
    }

    @Bean
    VersionHistory versionHistory(JdbcTemplate jdbc) {
        return new PostgresVersionHistory(jdbc);
    }

    @Bean
    ReadModelRebuilds readModelRebuilds(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new PostgresReadModelRebuilds(jdbc, transactionManager);
    }

    @Bean
    AuditTrail auditTrail(JdbcTemplate jdbc) {
        return new PostgresAuditTrail(jdbc);
    }

    @Bean
    DocumentHistoryStore documentHistoryStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new PostgresDocumentHistoryStore(jdbc, transactionManager, "");
    }
}
