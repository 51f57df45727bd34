package io.docvault.server;

import static org.awaitility.Awaitility.await;

import io.docvault.common.grpc.CallerContext;
import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceBlockingStub;
import io.docvault.proto.v1.GetProjectionStatusRequest;
import io.docvault.proto.v1.ProjectionStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server jar run as a process of its own, as in production, so a test can kill it (SIGKILL),
 * stop it (SIGTERM), run two of it on one database, or take its database away. Its output goes to
 * {@code target/server-jvms/<name>-*}, kept for a look after a failure.
 */
final class ServerJvm implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("docvault.server-jar", "target/docvault-server.jar"));

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final ManagedChannel channel;

    private ServerJvm(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .maxInboundMessageSize(16 << 20).build();
    }

    /** Starts the server on {@code jdbcUrl} and a free port, and waits until its health check says SERVING. */
    static ServerJvm start(String name, String jdbcUrl, Map<String, String> environment) {
        return start(name, jdbcUrl, freePort(), environment);
    }

    static ServerJvm start(String name, String jdbcUrl, int port, Map<String, String> environment) {
        ServerJvm server = launch(name, jdbcUrl, port, environment);
        server.awaitServing(Duration.ofSeconds(120));
        return server;
    }

    /** Starts the process without waiting for it. */
    static ServerJvm launch(String name, String jdbcUrl, int port, Map<String, String> environment) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " not found: the fault tests run after the package phase");
        }
        try {
            Path work = Files.createDirectories(JAR.toAbsolutePath().getParent().resolve("server-jvms"));
            Path log = Files.createTempFile(work, name + "-", ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // Small and quick to start: the build machines are shared.
                    "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-jar", JAR.toAbsolutePath().toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = new HashMap<>();
            env.put("DOCVAULT_DB_URL", jdbcUrl);
            env.put("DOCVAULT_GRPC_PORT", Integer.toString(port));
            env.put("DOCVAULT_GRPC_SHUTDOWN_GRACE", "5s");
            // Tests call without tokens; an external database needs the choice stated.
            env.put("DOCVAULT_AUTH_ENABLED", "false");
            // Several servers run at once: each takes a free metrics port.
            env.put("DOCVAULT_METRICS_PORT", "0");
            env.putAll(environment);
            builder.environment().putAll(env);
            return new ServerJvm(name, port, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    void awaitServing(Duration atMost) {
        await(name + " serving").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .failFast(name + " exited; see " + log, () -> !process.isAlive())
                .until(this::serving);
    }

    boolean serving() {
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus() == ServingStatus.SERVING;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    DocumentCommandServiceBlockingStub commands(String actor, Duration deadline) {
        Metadata headers = new Metadata();
        headers.put(CallerContext.ACTOR_HEADER, actor);
        return DocumentCommandServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    DocumentCommandServiceBlockingStub commands(String actor) {
        return commands(actor, Duration.ofSeconds(30));
    }

    DocumentQueryServiceBlockingStub queries() {
        return DocumentQueryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    AdminServiceBlockingStub admin() {
        return AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** The status of the {@code document-views} processor in this process. */
    ProjectionStatus documentViews() {
        return admin().getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance()).getProjectionsList().stream()
                .filter(p -> p.getName().equals("document-views")).findFirst().orElseThrow();
    }

    ManagedChannel channel() {
        return channel;
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL");
        }
    }

    /** SIGTERM, as a service manager stops it: the JVM runs its shutdown (and the gRPC grace period). */
    void terminate() {
        process.destroy();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public String toString() {
        return name + " (port " + port + ", pid " + process.pid() + ")";
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
