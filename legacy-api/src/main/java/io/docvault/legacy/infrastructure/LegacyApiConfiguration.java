package io.docvault.legacy.infrastructure;

import io.docvault.command.application.DocumentCommands;
import io.docvault.command.application.DocumentIds;
import io.docvault.common.config.DocVaultProperties;
import io.docvault.legacy.application.LegacyDocuments;
import io.docvault.legacy.grpc.LegacyDocumentGrpcService;
import io.docvault.query.document.application.DocumentQueries;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves the old document service's API (document.DocumentService) over the command and query
 * sides' application services; the gRPC server picks the service up like any other.
 */
@Configuration(proxyBeanMethods = false)
public class LegacyApiConfiguration {

    @Bean
    LegacyDocuments legacyDocuments(DocumentCommands commands, DocumentQueries queries, DocumentIds documentIds) {
        return new LegacyDocuments(commands, queries, documentIds);
    }

    @Bean
    LegacyDocumentGrpcService legacyDocumentGrpcService(LegacyDocuments documents, DocVaultProperties properties) {
        return new LegacyDocumentGrpcService(documents, properties);
    }
}
