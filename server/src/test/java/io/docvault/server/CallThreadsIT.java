package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.docvault.common.grpc.GrpcServerLifecycle;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceFutureStub;
import io.docvault.proto.v1.GetDocumentRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Calls run on a fixed number of threads ({@code docvault.grpc.call-threads}); health checks have
 * threads of their own. Two reads that wait for a version the document never reaches hold both of a
 * two-thread server's call threads for {@code min-version-max-wait}.
 */
class CallThreadsIT {

    static final Duration MAX_WAIT = Duration.ofSeconds(4);

    @Test
    @DisplayName("beyond the call threads a call waits its turn, while health checks answer at once")
    void callsBeyondTheThreadsWaitAndHealthChecksDoNot() throws Exception {
        try (RunningServer server = RunningServer.on(TestDatabases.newDatabase(), Map.of(
                "docvault.grpc.call-threads", 2,
                // A generation holds a call thread while it runs or waits; the check below wants one left over.
                "docvault.generation.pool-size", 1,
                "docvault.generation.queue-size", 0,
                "docvault.query.min-version-max-wait", MAX_WAIT.toMillis() + "ms"))) {
            String id = server.commands().createDocument(aDocument("Busy").build()).getDocumentId();
            DocumentQueryServiceFutureStub queries = DocumentQueryServiceGrpc.newFutureStub(server.channel());
            GetDocumentRequest unreachable = GetDocumentRequest.newBuilder().setDocumentId(id).setMinVersion(1_000).build();
            long started = System.nanoTime();
            List<Future<?>> waiting = List.of(queries.getDocument(unreachable), queries.getDocument(unreachable));
            GrpcServerLifecycle grpc = server.bean(GrpcServerLifecycle.class);
            await().atMost(MAX_WAIT.dividedBy(2))
                    .failFast("a min_version wait ended early", () -> waiting.stream().anyMatch(Future::isDone))
                    .until(grpc::callThreadsBusy, busy -> busy == 2);

            // Both call threads wait (the gauge says so): a plain read queues behind them and misses a
            // one-second deadline.
            StatusRuntimeException queued = GrpcFailures.failure(() -> server.queries().withDeadlineAfter(1, TimeUnit.SECONDS)
                    .getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).build()));
            assertThat(queued.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(MAX_WAIT);

            ServingStatus health = HealthGrpc.newBlockingStub(server.channel()).withDeadlineAfter(1, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
            assertThat(health).isEqualTo(ServingStatus.SERVING);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(MAX_WAIT);

            for (Future<?> wait : waiting) {
                assertThatThrownBy(() -> wait.get(MAX_WAIT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .satisfies(e -> assertThat(Status.fromThrowable(e.getCause()).getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            }
            // The threads are free again.
            assertThat(server.queries().withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).build()).getDocumentId()).isEqualTo(id);
        }
    }

    @Test
    @DisplayName("a server with no call thread left over beyond its generations does not start, and says why")
    void tooFewCallThreadsForTheGenerationsIsRefused() {
        assertThatThrownBy(() -> RunningServer.on(TestDatabases.newDatabase(), Map.of(
                "docvault.grpc.call-threads", 18,
                "docvault.generation.pool-size", 2,
                "docvault.generation.queue-size", 16)).close())
                .hasStackTraceContaining("docvault.grpc.call-threads (18) must exceed docvault.generation.pool-size + queue-size (18)");
    }
}
