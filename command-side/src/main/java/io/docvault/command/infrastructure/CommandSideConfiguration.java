package io.docvault.command.infrastructure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docvault.command.application.CommandSender;
import io.docvault.command.application.DocumentCommands;
import io.docvault.command.application.DocumentHistory;
import io.docvault.command.application.DocumentIds;
import io.docvault.command.application.RequestLog;
import io.docvault.command.application.RequestLogInterceptor;
import io.docvault.command.domain.Document;
import io.docvault.command.grpc.DocumentCommandGrpcService;
import io.docvault.common.config.DocVaultProperties;
import io.docvault.common.eventstore.SchemaMigration;
import io.docvault.common.eventstore.chain.ChainedEventLinks;
import io.docvault.common.grpc.CallThreads;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the command side: its own tables, the request log, the application service and its gRPC service. */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CommandSideConfiguration.class);

    @Bean
    SchemaMigration commandSideSchema(DataSource dataSource) {
        return SchemaMigration.migrate(dataSource, "command_side");
    }

    /**
     * Axon's snapshotter as its auto-configuration builds it, but taking snapshots on a thread of its
     * own: by default it takes them on the committing thread once the transaction committed, reading the
     * aggregate's events back from the store, so every command queued behind that commit (the whole of
     * a group commit's next batch) waited for it. Axon schedules one snapshot per aggregate at a time;
     * {@link SnapshotExecutor} says what happens to snapshots when the process stops.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration configuration,
                                                    HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spanFactory,
                                                    SnapshotExecutor snapshotExecutor) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotExecutor)
                .build();
    }

    /**
     * Depends on the DataSource, so that Spring closes it first: a snapshot being taken at shutdown
     * finishes while the database is still there.
     */
    @Bean(destroyMethod = "close")
    SnapshotExecutor snapshotExecutor(DataSource closedAfterSnapshots) {
        return new SnapshotExecutor();
    }

    @Bean(Document.SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition documentSnapshotTrigger(Snapshotter snapshotter, DocVaultProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.command().snapshotEvery());
    }

    @Bean(Document.CACHE)
    Cache documentAggregateCache(DocVaultProperties properties) {
        int size = properties.command().aggregateCacheSize();
        return size > 0 ? new AggregateCache(size) : NoCache.INSTANCE;
    }

    /** Used by Axon for every aggregate that names no resolver of its own (the Document's). */
    @Bean
    CommandTargetResolver commandTargetResolver() {
        return new RecordCommandTargets();
    }

    /** Resolved by Axon as a parameter of the aggregate's command handlers. */
    @Bean
    JdbcDocumentContents documentContents(JdbcTemplate jdbc) {
        return new JdbcDocumentContents(jdbc);
    }

    @Bean
    RequestLog requestLog(JdbcTemplate jdbc) {
        return new JdbcRequestLog(jdbc);
    }

    /** Axon's InterceptorAutoConfiguration registers this bean on the command bus. */
    @Bean
    RequestLogInterceptor requestLogInterceptor(RequestLog requestLog) {
        return new RequestLogInterceptor(requestLog);
    }

    /** Links every event the command side publishes to its document's previous event (tamper evidence). */
    @Bean
    ChainedEventLinks chainedEventLinks(EventStore eventStore, @Qualifier("eventSerializer") Serializer eventSerializer,
                                        JdbcTemplate jdbc, ObjectMapper objectMapper) {
        ChainedEventLinks links = new ChainedEventLinks(eventSerializer, jdbc, objectMapper);
        eventStore.registerDispatchInterceptor(links);
        return links;
    }

    @Bean
    DocumentHistory documentHistory(EventStore eventStore) {
        return new EventStoreDocumentHistory(eventStore);
    }

    /**
     * Group commit ({@link GroupCommitter}) where the command bus handles a command on the dispatching
     * thread, as Axon's {@code SimpleCommandBus} does; else, or with batches of 1, each command in a
     * transaction of its own.
     */
    @Bean
    CommandSender commandSender(CommandGateway commandGateway, CommandBus commandBus,
                                TransactionManager transactionManager, DocVaultProperties properties,
                                JdbcDocumentContents documentContents) {
        int maxBatch = properties.command().groupCommitMaxBatch();
        // Exactly SimpleCommandBus: a subclass such as AsynchronousCommandBus hands commands to other threads.
        if (maxBatch > 1 && commandBus.getClass() == SimpleCommandBus.class) {
            return new GroupCommitter(commandGateway, transactionManager, maxBatch, properties.grpc().maxQueuedCalls(),
                    documentContents::joinRoot);
        }
        if (maxBatch > 1) {
            log.info("group commit is off: the command bus ({}) may handle a command on another thread",
                    commandBus.getClass().getSimpleName());
        }
        return commandGateway::sendAndWait;
    }

    @Bean
    DocumentCommands documentCommands(CommandSender commandSender, RequestLog requestLog, DocumentHistory history) {
        return new DocumentCommands(commandSender, requestLog, history);
    }

    @Bean
    DocumentIds documentIds() {
        return new DocumentIds();
    }

    @Bean
    DocumentCommandGrpcService documentCommandGrpcService(DocumentCommands commands, DocumentIds documentIds,
                                                          DocVaultProperties properties, CallThreads callThreads) {
        return new DocumentCommandGrpcService(commands, documentIds, properties, callThreads);
    }
}
