package io.docvault.bench;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DocVault server jar, run as its own process (as in production) on a free port, with the
 * environment a benchmark gives it. Without DOCVAULT_DB_URL it uses an embedded PostgreSQL in a fresh
 * temporary directory.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern METRICS_AT = Pattern.compile("metrics at http://[^:/]+:(\\d+)/metrics");
    private static final HttpClient SCRAPER = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    private final ManagedChannel channel;
    private final Duration startup;
    /** The port the server's /metrics endpoint listens on, as its log says; 0 until read, -1 when it logged none. */
    private volatile int metricsPort;

    private ServerProcess(Process process, Path log, ManagedChannel channel, Duration startup) {
        this.process = process;
        this.log = log;
        this.channel = channel;
        this.startup = startup;
    }

    static ServerProcess start(Path serverJar, Map<String, String> environment) throws IOException, InterruptedException {
        return start(serverJar, List.of(), environment);
    }

    /** Starts the jar with {@code jvmOptions} (heap limits, a JFR recording) before {@code -jar}. */
    static ServerProcess start(Path serverJar, List<String> jvmOptions, Map<String, String> environment)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalArgumentException(serverJar + " not found: build it with ./mvnw -pl server -am package -DskipTests");
        }
        int port = freePort();
        Path work = Files.createTempDirectory("docvault-bench-");
        Path log = work.resolve("server.log");
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", serverJar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("DOCVAULT_GRPC_PORT", Integer.toString(port));
        // A free port chosen by the server, which logs it (see metrics()).
        builder.environment().putIfAbsent("DOCVAULT_METRICS_PORT", "0");
        builder.environment().putIfAbsent("DOCVAULT_DB_EMBEDDED_DATA_DIR", work.resolve("pgdata").toString());
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        // A harness stopped by a signal must not leave the server running (destroy is a no-op once it exited).
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .maxInboundMessageSize(16 << 20).build();
        ServerProcess server = new ServerProcess(process, log, channel, Duration.ZERO);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            if (!process.isAlive()) {
                server.close();
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                ServingStatus status = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus();
                if (status == ServingStatus.SERVING) {
                    return new ServerProcess(process, log, channel, Duration.ofNanos(System.nanoTime() - started));
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("the server did not become healthy within 120 s; see " + log);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    ManagedChannel channel() {
        return channel;
    }

    /** Lines of the server's log that contain {@code text} so far. */
    long logLinesContaining(String text) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    /**
     * The server's meters in Prometheus' text format, or empty when its endpoint is off (its log names
     * no metrics port) or does not answer.
     */
    Optional<String> metrics() throws InterruptedException {
        if (metricsPort == 0) {
            metricsPort = loggedMetricsPort();
        }
        if (metricsPort < 0) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> response = SCRAPER.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The port in the server's "metrics at http://0.0.0.0:PORT/metrics" line (logged before it serves), or -1. */
    private int loggedMetricsPort() {
        try (var lines = Files.lines(log)) {
            return lines.map(METRICS_AT::matcher).filter(Matcher::find).findFirst()
                    .map(found -> Integer.parseInt(found.group(1))).orElse(-1);
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** Whether the server process is still running. */
    boolean alive() {
        return process.isAlive();
    }

    /** The server JVM's process id (for /proc/<pid>/status). */
    long pid() {
        return process.pid();
    }

    /** From process start to the health check answering SERVING. */
    Duration startup() {
        return startup;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
