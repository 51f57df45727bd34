package io.docvault.query.document.infrastructure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docvault.common.config.DocVaultProperties;
import io.docvault.common.grpc.CallThreads;
import io.docvault.common.eventstore.EventContents;
import io.docvault.common.eventstore.EventStoreScan;
import io.docvault.common.eventstore.EventStoreStatistics;
import io.docvault.common.eventstore.SchemaMigration;
import io.docvault.common.eventstore.chain.HistoryVerifier;
import io.docvault.query.document.application.DocumentQueries;
import io.docvault.query.document.application.LatestReads;
import io.docvault.query.document.grpc.AdminGrpcService;
import io.docvault.query.document.grpc.DocumentQueryGrpcService;
import io.docvault.query.document.model.AuditTrail;
import io.docvault.query.document.model.DocumentHistoryStore;
import io.docvault.query.document.model.DocumentViews;
import io.docvault.query.document.model.ReadModelRebuilds;
import io.docvault.query.document.model.VersionHistory;
import io.docvault.query.document.projection.DocumentViewsProjection;
import io.docvault.query.document.projection.ReadModelSignal;
import io.docvault.query.document.rebuild.ProcessorPositions;
import io.docvault.query.document.rebuild.ReadModelRebuild;
import io.docvault.query.document.watch.ChangeFeed;
import javax.sql.DataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires the query side: the projection and its processor, the use cases and the gRPC service. */
@Configuration(proxyBeanMethods = false)
@Import(SegmentShareConfiguration.class)
public class QuerySideConfiguration {

    /**
     * The query side's PostgreSQL schema: processor positions and read-model bookkeeping, and the
     * PostgreSQL read model's tables (empty when the read model lives in MongoDB).
     */
    @Bean
    SchemaMigration readModelSchema(DataSource dataSource) {
        return SchemaMigration.migrate(dataSource, "read_model");
    }

    @Bean
    ReadModelSignal readModelSignal() {
        return new ReadModelSignal();
    }

    /**
     * What the query side reads (the projection's processors, live and rebuild, and the change feed): the
     * event store's storage engine, polled every few ms, and at once after events are appended here.
     */
    @Bean(destroyMethod = "close")
    PollingEventSource projectionEventSource(EventStorageEngine storageEngine, EventStore eventStore,
                                             DocVaultProperties properties) {
        PollingEventSource source = new PollingEventSource(storageEngine, properties.query().projectionPollInterval());
        // Called as the appending unit of work commits; in a query-only process nothing is appended.
        eventStore.subscribe(events -> source.wake());
        return source;
    }

    @Bean
    DocumentViewsProjection documentViewsProjection(DocumentHistoryStore store, ReadModelSignal signal,
                                                    EventContents eventContents) {
        return new DocumentViewsProjection(store, signal, eventContents);
    }

    /**
     * A failing handler must stop the processor and make it retry the batch (with back-off), not log
     * and move on: skipping an event would leave a hole in the read model.
     */
    @Bean
    ConfigurerModule propagateProjectionErrors() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                DocumentViewsProjection.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * Latest-version reads answered together, with the cache off. With it on, the reads that reach this
     * far are misses, each with Redis round trips of its own that would wait in line on the one reader
     * thread, so those stay on call threads.
     */
    @Bean(destroyMethod = "close")
    LatestReads latestReads(DocumentViews views, DocVaultProperties properties) {
        return new LatestReads(views, properties.redis().enabled() ? 0 : properties.query().readBatchSize(),
                properties.grpc().maxQueuedCalls());
    }

    @Bean
    MeterBinder latestReadsMeters(LatestReads latestReads) {
        return registry -> {
            FunctionCounter.builder("docvault.query.latest.reads", latestReads, LatestReads::reads)
                    .description("GetDocument reads of a latest version answered together by the reader thread")
                    .register(registry);
            FunctionCounter.builder("docvault.query.latest.queries", latestReads, LatestReads::queries)
                    .description("read-model queries the reader thread ran for them (reads / queries: the mean batch)")
                    .register(registry);
            Gauge.builder("docvault.query.latest.queued", latestReads, LatestReads::queued)
                    .description("reads waiting for the reader thread").register(registry);
        };
    }

    @Bean
    DocumentQueries documentQueries(DocumentViews views, VersionHistory history, AuditTrail auditTrail,
                                    ReadModelSignal signal, LatestReads latestReads, DocVaultProperties properties) {
        return new DocumentQueries(views, history, auditTrail, signal, properties.query().maxPageContent().toBytes(),
                latestReads);
    }

    @Bean
    ReadModelRebuild readModelRebuild(EventProcessingConfiguration processing, PollingEventSource projectionEventSource,
                                      EventStoreScan eventStoreScan, EventContents eventContents,
                                      TokenStore tokenStore, TransactionManager transactionManager,
                                      ReadModelRebuilds rebuilds, EventStoreStatistics statistics,
                                      DataSource dataSource, EventProcessorProperties processorProperties,
                                      DocVaultProperties properties) {
        // The rebuild hands its positions to the live processor, so it has the live one's segments.
        EventProcessorProperties.ProcessorSettings live = processorProperties.getProcessors()
                .getOrDefault(DocumentViewsProjection.PROCESSING_GROUP, new EventProcessorProperties.ProcessorSettings());
        return new ReadModelRebuild(processing, projectionEventSource, eventStoreScan, eventContents, tokenStore, transactionManager, rebuilds,
                new ProcessorPositions(dataSource), statistics,
                live.getInitialSegmentCount() == null ? 4 : live.getInitialSegmentCount(),
                properties.query().rebuildBatchSize());
    }

    /** Bound to the registry by whoever composes the process (see service-common MetricsConfiguration). */
    @Bean
    MeterBinder processorMeters(ReadModelRebuild rebuild) {
        return new ProcessorMeters(rebuild::status);
    }

    /**
     * {@code docvault.projection.delay}: from an event's timestamp (taken when its command ran, before
     * the commit) to the commit of the live projection's transaction that wrote its version, so what a
     * reader of the read model waits for at most, besides its own call. In split mode the two times come
     * from two processes' clocks. An event projected again (a segment that changed hands before its
     * position was stored) counts again, with its whole age.
     */
    @Bean
    MeterBinder projectionDelayMeters(ReadModelSignal signal) {
        return registry -> {
            Timer delay = Timer.builder("docvault.projection.delay")
                    .description("from an event's timestamp (taken as its command ran) to the commit of its version "
                            + "in the read model")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(1))
                    .register(registry);
            signal.onProjected(storedAt -> delay.record(Duration.between(storedAt, Instant.now())));
        };
    }

    @Bean
    HistoryVerifier historyVerifier(DataSource dataSource, PlatformTransactionManager transactionManager,
                                    ObjectMapper objectMapper) {
        return new HistoryVerifier(new JdbcTemplate(dataSource), transactionManager, objectMapper);
    }

    @Bean
    AdminGrpcService adminGrpcService(ReadModelRebuild rebuild, HistoryVerifier historyVerifier) {
        return new AdminGrpcService(rebuild, historyVerifier);
    }

    @Bean
    ChangeFeed changeFeed(PollingEventSource projectionEventSource, DocVaultProperties properties) {
        return new ChangeFeed(projectionEventSource, properties.query().watchBuffer());
    }

    @Bean
    DocumentQueryGrpcService documentQueryGrpcService(DocumentQueries queries, ChangeFeed changeFeed,
                                                      DocVaultProperties properties, CallThreads callThreads) {
        return new DocumentQueryGrpcService(queries, changeFeed, properties, callThreads);
    }
}
