package io.docvault.common.eventstore;

import io.docvault.common.config.DocVaultProperties;
import javax.sql.DataSource;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docvault.common.eventstore.upcasting.DocumentCreatedEventUpcaster1To2;
import io.docvault.common.eventstore.upcasting.DocumentUpdatedEventUpcaster1To2;
import io.docvault.common.eventstore.upcasting.DocumentUpdatedEventUpcaster2To3;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store both sides share: Axon's JdbcEventStorageEngine (auto-configured by Axon's
 * JdbcAutoConfiguration from the beans here) on the tables of {@code db/event_store}.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    private static final int CACHED_EVENTS = 128;

    @Bean
    SchemaMigration eventStoreSchema(DataSource dataSource) {
        return SchemaMigration.migrate(dataSource, "event_store");
    }

    @Bean
    EventStoreStatistics eventStoreStatistics(DataSource dataSource) {
        return new EventStoreStatistics(dataSource);
    }

    /** A rebuild's bulk pass over the store, through the same serializer and upcasters as the engine. */
    @Bean
    EventStoreScan eventStoreScan(DataSource dataSource, @Qualifier("eventSerializer") Serializer eventSerializer,
                                  org.axonframework.config.Configuration configuration) {
        return new EventStoreScan(dataSource, eventSerializer, configuration.upcasterChain());
    }

    /**
     * Registered by Axon's auto-configuration into the upcaster chain every event read passes, in the
     * order of their classes' {@code @Order} (revision 1 of an update becomes 2, then 3).
     */
    @Bean
    DocumentUpdatedEventUpcaster1To2 documentUpdatedEventUpcaster1To2() {
        return new DocumentUpdatedEventUpcaster1To2();
    }

    @Bean
    DocumentUpdatedEventUpcaster2To3 documentUpdatedEventUpcaster2To3() {
        return new DocumentUpdatedEventUpcaster2To3();
    }

    @Bean
    DocumentCreatedEventUpcaster1To2 documentCreatedEventUpcaster1To2() {
        return new DocumentCreatedEventUpcaster1To2();
    }

    /** Content bytes by SHA-256: the command side's table, or the stored event for events from before it. */
    @Bean
    EventContents eventContents(DataSource dataSource, ObjectMapper objectMapper) {
        return new EventContents(dataSource, objectMapper);
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresDuplicateKeyResolver();
    }

    /**
     * Axon's JDBC storage engine as its auto-configuration builds it, except for snapshots: aggregates
     * keep their state in private fields without accessors, so their snapshots are serialized by field.
     */
    @Bean
    EventStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          EventSchema eventSchema,
                                          ObjectMapper objectMapper,
                                          DocVaultProperties properties) {
        return JdbcEventStorageEngine.builder()
                .batchSize(properties.db().eventBatchSize())
                .snapshotSerializer(JacksonSerializer.builder()
                        .objectMapper(objectMapper.copy()
                                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                                .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
                                .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE))
                        .build())
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .build();
    }

    /**
     * Axon's embedded event store as its auto-configuration builds it, except for the number of recent
     * events it would keep in memory for streams that have caught up. No stream of ours reads through it
     * (the query side reads the storage engine, {@code PollingEventSource}, whose class comment says
     * why), so its producer never starts; should one ever be opened, Axon's 10,000 would hold gigabytes
     * of the events stored before events named their content (revision 1 of creations, 1 and 2 of
     * updates, which carry the bytes).
     */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(CACHED_EVENTS)
                .build();
    }

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }
}
