package io.docvault.server;

import io.docvault.command.infrastructure.CommandSideConfiguration;
import io.docvault.common.eventstore.EventStoreConfiguration;
import io.docvault.common.grpc.GrpcServerConfiguration;
import io.docvault.common.observability.MetricsConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The command side alone (split mode): DocumentCommandService on port 50051, appending to the event
 * store in the PostgreSQL it shares with the query-side process. No projection runs here.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration(exclude = {FlywayAutoConfiguration.class, MongoAutoConfiguration.class,
        MongoDataAutoConfiguration.class, RedisAutoConfiguration.class, RedisRepositoriesAutoConfiguration.class})
@ComponentScan(basePackages = "io.docvault.command.domain")
@Import({
        MetricsConfiguration.class,
        DatabaseConfiguration.class,
        EventStoreConfiguration.class,
        CommandSideConfiguration.class,
        GrpcServerConfiguration.class})
public class CommandSideApplication {

    static final int DEFAULT_GRPC_PORT = 50051;
    static final int DEFAULT_METRICS_PORT = 9464;

    static SpringApplicationBuilder application() {
        return SplitProcess.application(CommandSideApplication.class, "the command-side process", "docvault-command",
                DEFAULT_GRPC_PORT, DEFAULT_METRICS_PORT);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
