package io.docvault.server;

import io.docvault.common.eventstore.EventStoreConfiguration;
import io.docvault.common.grpc.GrpcServerConfiguration;
import io.docvault.common.observability.MetricsConfiguration;
import io.docvault.query.document.infrastructure.QuerySideConfiguration;
import io.docvault.query.document.infrastructure.cache.ReadModelCacheConfiguration;
import io.docvault.query.document.infrastructure.mongo.MongoReadModelConfiguration;
import io.docvault.query.document.infrastructure.postgres.PostgresReadModelConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The query side alone (split mode): DocumentQueryService and AdminService on port 50052. Its
 * {@code document-views} processor streams events from the event store the command-side process
 * writes (positions in this side's {@code token_entry}), so the projection, the min_version waits it
 * wakes and the change feed all run in this process.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration(exclude = {FlywayAutoConfiguration.class, MongoAutoConfiguration.class,
        MongoDataAutoConfiguration.class, RedisAutoConfiguration.class, RedisRepositoriesAutoConfiguration.class})
@Import({
        // First: the read-side cache falls back to a registry of its own when none is defined yet.
        MetricsConfiguration.class,
        DatabaseConfiguration.class,
        EventStoreConfiguration.class,
        PostgresReadModelConfiguration.class,
        MongoReadModelConfiguration.class,
        QuerySideConfiguration.class,
        ReadModelCacheConfiguration.class,
        GrpcServerConfiguration.class})
public class QuerySideApplication {

    static final int DEFAULT_GRPC_PORT = 50052;
    static final int DEFAULT_METRICS_PORT = 9465;

    static SpringApplicationBuilder application() {
        return SplitProcess.application(QuerySideApplication.class, "the query-side process", "docvault-query",
                DEFAULT_GRPC_PORT, DEFAULT_METRICS_PORT);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
