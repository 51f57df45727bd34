package io.docvault.server;

import io.docvault.command.infrastructure.CommandSideConfiguration;
import io.docvault.common.eventstore.EventStoreConfiguration;
import io.docvault.common.grpc.GrpcServerConfiguration;
import io.docvault.legacy.infrastructure.LegacyApiConfiguration;
import io.docvault.generation.infrastructure.GenerationConfiguration;
import io.docvault.common.observability.MetricsConfiguration;
import io.docvault.query.document.infrastructure.QuerySideConfiguration;
import io.docvault.query.document.infrastructure.cache.ReadModelCacheConfiguration;
import io.docvault.query.document.infrastructure.mongo.MongoReadModelConfiguration;
import io.docvault.query.document.infrastructure.postgres.PostgresReadModelConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * DocVault in one process: the command side and the query side, sharing one event store and serving
 * every gRPC service on one port. The Document aggregate is found by scanning its package. Document
 * generation runs here too; it reaches both sides over the wire, through this server's own port.
 */
@Configuration(proxyBeanMethods = false)
// Flyway, MongoDB and Redis are configured by DocVault itself (per schema part, and only when MongoDB
// holds the read model or Redis caches it).
@EnableAutoConfiguration(exclude = {FlywayAutoConfiguration.class, MongoAutoConfiguration.class,
        MongoDataAutoConfiguration.class, RedisAutoConfiguration.class, RedisRepositoriesAutoConfiguration.class})
@ComponentScan(basePackages = "io.docvault.command.domain")
@Import({
        // First: the read-side cache falls back to a registry of its own when none is defined yet.
        MetricsConfiguration.class,
        DatabaseConfiguration.class,
        EventStoreConfiguration.class,
        CommandSideConfiguration.class,
        PostgresReadModelConfiguration.class,
        MongoReadModelConfiguration.class,
        QuerySideConfiguration.class,
        ReadModelCacheConfiguration.class,
        LegacyApiConfiguration.class,
        GenerationConfiguration.class,
        GrpcServerConfiguration.class})
public class DocVaultApplication {

    public static void main(String[] args) {
        // Axon prints an advertisement for its hosted console at start-up unless told not to.
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(DocVaultApplication.class, args);
    }
}
