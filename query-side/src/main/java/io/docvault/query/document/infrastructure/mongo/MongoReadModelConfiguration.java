package io.docvault.query.document.infrastructure.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.docvault.common.config.DocVaultProperties;
import io.docvault.query.document.model.AuditTrail;
import io.docvault.query.document.model.DocumentHistoryStore;
import io.docvault.query.document.model.DocumentViews;
import io.docvault.query.document.model.ReadModelRebuilds;
import io.docvault.query.document.model.VersionHistory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The MongoDB read model, chosen by {@code docvault.read-model=mongo}: its client, indexes and ports. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "docvault.read-model", havingValue = "mongo")
public class MongoReadModelConfiguration {

    @Bean(destroyMethod = "close")
    MongoClient readModelMongoClient(DocVaultProperties properties) {
        return MongoClients.create(properties.mongo().uri());
    }

    @Bean
    MongoTemplate readModelMongoTemplate(MongoClient client, DocVaultProperties properties) {
        String database = new ConnectionString(properties.mongo().uri()).getDatabase();
        MongoTemplate template = new MongoTemplate(client, database == null ? "docvault" : database);
        MongoIndexes.ensure(template, "");
        return template;
    }

    @Bean
    DocumentViews documentViewsStore(MongoTemplate mongo) {
        return new MongoDocumentViews(mongo);
    }

    @Bean
    VersionHistory versionHistory(MongoTemplate mongo) {
        return new MongoVersionHistory(mongo);
    }

    @Bean
    AuditTrail auditTrail(MongoTemplate mongo) {
        return new MongoAuditTrail(mongo);
    }

    @Bean
    DocumentHistoryStore documentHistoryStore(MongoTemplate mongo) {
        return new MongoDocumentHistoryStore(mongo, "");
    }

    @Bean
    ReadModelRebuilds readModelRebuilds(MongoTemplate mongo) {
        return new MongoReadModelRebuilds(mongo);
    }
}
