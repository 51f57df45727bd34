package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static io.docvault.server.Requests.getAtLeast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.docvault.common.observability.MetricsHttpServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * The Prometheus endpoint of a running server (with the Redis cache on a real Redis), scraped over
 * HTTP after real traffic: RPC meters per method and status, processor progress, the cache counter
 * and JVM meters.
 */
class MetricsIT {

    private static final String RPC_COUNT = "grpc_server_processing_duration_seconds_count";
    private static final String RPC_BUCKET = "grpc_server_processing_duration_seconds_bucket";

    private static RedisServer redis;
    private static RunningServer server;

    @BeforeAll
    static void start() throws IOException {
        int redisPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        redis = new RedisServer(redisPort);
        redis.start();
        server = RunningServer.on(TestDatabases.newDatabase(), Map.of("docvault.redis.url", "redis://127.0.0.1:" + redisPort));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        redis.stop();
    }

    @Test
    @DisplayName("after a create, a get and a failing get, /metrics lists RPC, processor, cache and JVM meters")
    void metricsAfterTraffic() {
        String id = server.commands().createDocument(aDocument("Measured").build()).getDocumentId();
        assertThat(server.queries().getDocument(getAtLeast(id, 1)).getTitle()).isEqualTo("Measured");
        assertThatThrownBy(() -> server.queries().getDocument(Requests.get(UUID.randomUUID().toString())))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

        int port = server.bean(MetricsHttpServer.class).port();
        PrometheusText metrics = PrometheusText.scrape(port);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");

        String commands = "docvault.v1.DocumentCommandService";
        String queries = "docvault.v1.DocumentQueryService";
        assertThat(metrics.value(RPC_COUNT, Map.of("service", commands, "method", "CreateDocument", "statusCode", "OK")))
                .isEqualTo(1);
        assertThat(metrics.value(RPC_COUNT, Map.of("service", queries, "method", "GetDocument", "statusCode", "OK")))
                .isEqualTo(1);
        assertThat(metrics.value(RPC_COUNT, Map.of("service", queries, "method", "GetDocument", "statusCode", "NOT_FOUND")))
                .isEqualTo(1);
        assertThat(metrics.find(RPC_BUCKET, Map.of("method", "GetDocument", "statusCode", "NOT_FOUND")))
                .as("latency histogram buckets").hasSizeGreaterThan(5)
                .anySatisfy(bucket -> assertThat(bucket.labels()).containsEntry("le", "+Inf"));
        assertThat(metrics.value("grpc_server_requests_received_messages_total",
                Map.of("service", queries, "method", "GetDocument"))).isEqualTo(2);

        assertThat(metrics.find("docvault_cache_requests_total", Map.of("kind", "latest")))
                .as("cache requests").isNotEmpty()
                .allSatisfy(sample -> assertThat(sample.labels()).containsKey("result"));
        assertThat(metrics.find("jvm_memory_used_bytes", Map.of("area", "heap"))).isNotEmpty();
        assertThat(metrics.find("process_uptime_seconds", Map.of())).isNotEmpty();
        // The gauges exist; once the last call's thread has finished it (its client may have its answer
        // first), no call is running or waiting.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusText now = PrometheusText.scrape(port);
            assertThat(now.value("docvault_grpc_call_threads_busy", Map.of())).isZero();
            assertThat(now.value("docvault_grpc_calls_queued", Map.of())).isZero();
        });

        // The processor has applied the create, so its position is that event's and nothing is left.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusText now = PrometheusText.scrape(port);
            double head = now.value("docvault_eventstore_head", Map.of());
            assertThat(head).isGreaterThanOrEqualTo(0);
            assertThat(now.value("docvault_processor_position", Map.of("processor", "document-views"))).isEqualTo(head);
            assertThat(now.value("docvault_processor_lag", Map.of("processor", "document-views"))).isZero();
            assertThat(now.value("docvault_processor_running", Map.of("processor", "document-views"))).isEqualTo(1);
        });
        // The create's version was committed in the read model: one projection delay recorded, of the
        // time from the event's timestamp to that commit, not more than this test has run.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusText now = PrometheusText.scrape(port);
            assertThat(now.value("docvault_projection_delay_seconds_count", Map.of())).isEqualTo(1);
            assertThat(now.value("docvault_projection_delay_seconds_sum", Map.of())).isPositive().isLessThan(60);
            assertThat(now.find("docvault_projection_delay_seconds_bucket", Map.of())).hasSizeGreaterThan(5);
        });
    }
}
