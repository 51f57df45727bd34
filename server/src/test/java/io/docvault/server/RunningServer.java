package io.docvault.server;

import io.docvault.common.grpc.CallerContext;
import io.docvault.common.grpc.GrpcServerLifecycle;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The whole DocVault server, in this JVM, on a free port, with gRPC clients connected to it. */
final class RunningServer implements AutoCloseable {

    private final Map<String, Object> properties;
    private ConfigurableApplicationContext context;
    private ManagedChannel channel;

    private RunningServer(Map<String, Object> properties) {
        this.properties = properties;
        start();
    }

    /** A server on a new, empty database. */
    static RunningServer onNewDatabase() {
        return on(TestDatabases.newDatabase(), Map.of());
    }

    static RunningServer on(String jdbcUrl, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        if (jdbcUrl != null) {
            properties.put("docvault.db.url", jdbcUrl);
        }
        properties.putIfAbsent("docvault.grpc.port", 0);
        properties.putIfAbsent("docvault.metrics.port", 0);
        properties.put("docvault.grpc.shutdown-grace", "2s");
        // A server on an external database must be told whether to authenticate; tests that do say so.
        properties.putIfAbsent("docvault.auth.enabled", false);
        return new RunningServer(properties);
    }

    private void start() {
        // As command-line arguments, which take precedence over application.yml and the environment.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        context = new SpringApplicationBuilder(DocVaultApplication.class).run(args);
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", context.getBean(GrpcServerLifecycle.class).port())
                .usePlaintext()
                .maxInboundMessageSize(16 * 1024 * 1024)
                .build();
    }

    /** Stops the server and starts it again on the same database. */
    void restart() {
        stop();
        start();
    }

    DocumentCommandServiceBlockingStub commands(String actor) {
        return DocumentCommandServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(actorHeader(actor)))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    DocumentCommandServiceBlockingStub commands() {
        return commands("test-writer");
    }

    DocumentQueryServiceBlockingStub queries() {
        return DocumentQueryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** The JDBC URL of the server's database, for tests that need their own connection. */
    String jdbcUrl() {
        return (String) properties.get("docvault.db.url");
    }

    ManagedChannel channel() {
        return channel;
    }

    JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    private static Metadata actorHeader(String actor) {
        Metadata headers = new Metadata();
        headers.put(CallerContext.ACTOR_HEADER, actor);
        return headers;
    }

    private void stop() {
        channel.shutdownNow();
        context.close();
    }

    @Override
    public void close() {
        stop();
    }
}
