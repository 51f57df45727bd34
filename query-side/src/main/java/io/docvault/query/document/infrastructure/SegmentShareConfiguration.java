package io.docvault.query.document.infrastructure;

import io.docvault.query.document.projection.DocumentViewsProjection;
import javax.sql.DataSource;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Several processes on one database split the {@code document-views} segments between them through
 * the shared token store, each claiming its {@link SegmentShare}.
 */
@Configuration(proxyBeanMethods = false)
class SegmentShareConfiguration {

    @Bean
    SegmentShare documentViewsSegmentShare(DataSource dataSource) {
        return new SegmentShare(dataSource, DocumentViewsProjection.PROCESSING_GROUP);
    }

    @Bean
    ConfigurerModule shareDocumentViewsSegments(SegmentShare documentViewsSegmentShare) {
        return configurer -> configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(
                DocumentViewsProjection.PROCESSING_GROUP,
                (configuration, builder) -> builder.maxSegmentProvider(documentViewsSegmentShare));
    }
}
