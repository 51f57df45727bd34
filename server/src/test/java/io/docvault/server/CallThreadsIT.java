package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.docvault.common.grpc.GrpcServerLifecycle;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceFutureStub;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Calls run on a fixed number of threads ({@code docvault.grpc.call-threads}), at most
 * {@code docvault.grpc.max-queued-calls} wait for one; health checks, reads the cache's local copies
 * answer, reads of a latest version queued for the reader thread and updates queued for their group
 * commit do not wait for one, nor do reads waiting for a latest version with {@code min_version}. Two
 * reads of a version by number that wait for a version the document never reaches hold both of a
 * two-thread server's call threads for {@code min-version-max-wait}.
 */
class CallThreadsIT {

    static final Duration MAX_WAIT = Duration.ofSeconds(4);

    @Test
    @DisplayName("beyond the call threads a call waits its turn, while health checks answer at once")
    void callsBeyondTheThreadsWaitAndHealthChecksDoNot() throws Exception {
        try (RunningServer server = twoCallThreads(Map.of())) {
            String id = server.commands().createDocument(aDocument("Busy").build()).getDocumentId();
            long started = System.nanoTime();
            List<Future<?>> waiting = holdBothCallThreads(server, id);

            // Both call threads wait (the gauge says so): a read of a version by number queues behind them and
            // misses a one-second deadline.
            StatusRuntimeException queued = GrpcFailures.failure(() -> server.queries().withDeadlineAfter(1, TimeUnit.SECONDS)
                    .getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(1).build()));
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
    @DisplayName("a new call that finds max-queued-calls waiting is refused at once with UNAVAILABLE (SERVER_BUSY)")
    void callsBeyondTheQueueAreRefusedAtOnce() throws Exception {
        try (RunningServer server = twoCallThreads(Map.of("docvault.grpc.max-queued-calls", 1))) {
            String id = server.commands().createDocument(aDocument("Busy").build()).getDocumentId();
            DocumentQueryServiceFutureStub queries = DocumentQueryServiceGrpc.newFutureStub(server.channel());
            GetDocumentRequest unreachable = GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(1).setMinVersion(1_000).build();
            GetDocumentRequest latest = GetDocumentRequest.newBuilder().setDocumentId(id).build();
            // A read of a version by number runs on a call thread (a latest one is answered without one).
            GetDocumentRequest byNumber = latest.toBuilder().setVersion(1).build();
            // Only the server marks a call refused: a caller sending the mark itself is served as any other.
            Metadata spoofed = new Metadata();
            spoofed.put(Metadata.Key.of("docvault-internal-refused", Metadata.ASCII_STRING_MARSHALLER), "not a number");
            assertThat(server.queries().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(spoofed))
                    .getDocument(latest.toBuilder().setMinVersion(1).build()).getDocumentId()).isEqualTo(id);
            assertThat(HealthGrpc.newBlockingStub(server.channel())
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(spoofed))
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
            long started = System.nanoTime();
            GrpcServerLifecycle grpc = server.bean(GrpcServerLifecycle.class);
            // One at a time: a second call sent while the first still waits for its thread would be refused.
            List<Future<?>> waiting = new ArrayList<>();
            for (int busy = 1; busy <= 2; busy++) {
                waiting.add(queries.getDocument(unreachable));
                int threads = busy;
                await().atMost(MAX_WAIT.dividedBy(2))
                        .failFast("a min_version wait ended early", () -> waiting.stream().anyMatch(Future::isDone))
                        .until(grpc::callThreadsBusy, taken -> taken == threads);
            }
            // Both threads wait; one read may wait for a thread, and it does.
            Future<Document> queued = queries.withDeadlineAfter(30, TimeUnit.SECONDS).getDocument(byNumber);
            await().atMost(MAX_WAIT.dividedBy(2)).until(grpc::callsQueued, calls -> calls == 1);

            // The next is refused at once, long before a thread is free, and says how to go on.
            StatusRuntimeException refused = GrpcFailures.failure(() -> server.queries()
                    .withDeadlineAfter(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS).getDocument(byNumber));
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(GrpcFailures.reasonOf(refused)).isEqualTo("SERVER_BUSY");
            assertThat(refused.getStatus().getDescription()).contains("1 calls waiting", "retry later");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(MAX_WAIT);
            assertThat(server.bean(MeterRegistry.class).get("docvault.grpc.calls.refused").functionCounter().count())
                    .isEqualTo(1);
            // Health checks are not calls that wait for a thread: they still answer.
            assertThat(HealthGrpc.newBlockingStub(server.channel()).withDeadlineAfter(1, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);

            // A call the server makes to itself (a generation's, with GrpcServerLifecycle.ownCalls) is a step
            // of an admitted call: it waits its turn instead. The same header with a guessed value is refused.
            Metadata guessed = new Metadata();
            guessed.put(Metadata.Key.of("docvault-internal-own-call", Metadata.ASCII_STRING_MARSHALLER), "0".repeat(64));
            StatusRuntimeException stillRefused = GrpcFailures.failure(() -> server.queries()
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(guessed))
                    .withDeadlineAfter(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS).getDocument(byNumber));
            assertThat(GrpcFailures.reasonOf(stillRefused)).isEqualTo("SERVER_BUSY");
            Future<Document> own = queries.withInterceptors(grpc.ownCalls()).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getDocument(byNumber);
            await().atMost(MAX_WAIT.dividedBy(2)).until(grpc::callsQueued, calls -> calls == 2);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(MAX_WAIT);

            // The admitted reads are served once a thread is free, and so are new calls.
            assertThat(queued.get(MAX_WAIT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS).getDocumentId()).isEqualTo(id);
            assertThat(own.get(MAX_WAIT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS).getDocumentId()).isEqualTo(id);
            assertThat(server.queries().withDeadlineAfter(5, TimeUnit.SECONDS).getDocument(latest).getDocumentId())
                    .isEqualTo(id);
        }
    }

    @Test
    @DisplayName("a read this process's copies of the cache hold is answered on arrival, while every call thread waits")
    void heldReadsAreAnsweredWhileEveryCallThreadWaits() throws Exception {
        int redisPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        RedisServer redis = new RedisServer(redisPort);
        redis.start();
        try (RunningServer server = twoCallThreads(Map.of("docvault.redis.url", "redis://127.0.0.1:" + redisPort))) {
            String id = server.commands().createDocument(aDocument("Held").build()).getDocumentId();
            GetDocumentRequest latest = GetDocumentRequest.newBuilder().setDocumentId(id).build();
            server.queries().getDocument(latest.toBuilder().setMinVersion(1).build());
            // Read until the copies hold the entry (the first reads store it in Redis, then copy it).
            FunctionCounter localHits = server.bean(MeterRegistry.class).get("docvault.cache.local.hits").functionCounter();
            double before = localHits.count();
            await().atMost(MAX_WAIT).until(() -> {
                server.queries().getDocument(latest);
                return localHits.count() > before;
            });

            List<Future<?>> waiting = holdBothCallThreads(server, id);

            // Both call threads wait: the held read is answered where it arrives, at once.
            assertThat(server.queries().withDeadlineAfter(1, TimeUnit.SECONDS).getDocument(latest).getTitle())
                    .isEqualTo("Held");
            // A read the copies cannot answer (a past version) waits for a thread, past a one-second deadline.
            StatusRuntimeException queued = GrpcFailures.failure(() -> server.queries().withDeadlineAfter(1, TimeUnit.SECONDS)
                    .getDocument(latest.toBuilder().setVersion(1).build()));
            assertThat(queued.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            for (Future<?> wait : waiting) {
                assertThatThrownBy(() -> wait.get(MAX_WAIT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS))
                        .isInstanceOf(ExecutionException.class);
            }
        } finally {
            redis.stop();
        }
    }

    @Test
    @DisplayName("an update is queued for its commit on arrival and answered while every call thread waits; one with a request id waits for a thread")
    void updatesAreAnsweredWhileEveryCallThreadWaits() throws Exception {
        try (RunningServer server = twoCallThreads(Map.of())) {
            String id = server.commands().createDocument(aDocument("Queued").build()).getDocumentId();
            List<Future<?>> waiting = holdBothCallThreads(server, id);

            // Both call threads wait: the update goes to its group commit from the transport thread, at once.
            UpdateDocumentRequest update = UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("Queued, changed").build();
            assertThat(server.commands().withDeadlineAfter(2, TimeUnit.SECONDS).updateDocument(update).getVersion())
                    .isEqualTo(2);
            // Its failures are answered the same way.
            StatusRuntimeException stale = GrpcFailures.failure(() -> server.commands().withDeadlineAfter(2, TimeUnit.SECONDS)
                    .updateDocument(update.toBuilder().setTitle("stale").setExpectedVersion(1).build()));
            assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            // One with a request id reads the request log first, on a call thread: it waits, past its deadline.
            StatusRuntimeException keyed = GrpcFailures.failure(() -> server.commands().withDeadlineAfter(1, TimeUnit.SECONDS)
                    .updateDocument(update.toBuilder().setTitle("keyed").setRequestId("keyed-" + System.nanoTime()).build()));
            assertThat(keyed.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            for (Future<?> wait : waiting) {
                assertThatThrownBy(() -> wait.get(MAX_WAIT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS))
                        .isInstanceOf(ExecutionException.class);
            }
        }
    }

    @Test
    @DisplayName("with the cache off, a read of a latest version is queued for the reader thread on arrival and answered while every call thread waits")
    void latestReadsAreAnsweredWhileEveryCallThreadWaits() throws Exception {
        try (RunningServer server = twoCallThreads(Map.of())) {
            String id = server.commands().createDocument(aDocument("Read together").build()).getDocumentId();
            GetDocumentRequest latest = GetDocumentRequest.newBuilder().setDocumentId(id).build();
            server.queries().getDocument(latest.toBuilder().setMinVersion(1).build());
            List<Future<?>> waiting = holdBothCallThreads(server, id);

            // Both call threads wait: the read goes to the reader thread from the transport thread, at once.
            assertThat(server.queries().withDeadlineAfter(2, TimeUnit.SECONDS).getDocument(latest).getTitle())
                    .isEqualTo("Read together");
            // A document the read model does not hold is answered the same way.
            StatusRuntimeException unknown = GrpcFailures.failure(() -> server.queries().withDeadlineAfter(2, TimeUnit.SECONDS)
                    .getDocument(GetDocumentRequest.newBuilder().setDocumentId(UUID.randomUUID().toString()).build()));
            assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            // A read of a past version runs on a call thread: it waits, past its deadline.
            StatusRuntimeException past = GrpcFailures.failure(() -> server.queries().withDeadlineAfter(1, TimeUnit.SECONDS)
                    .getDocument(latest.toBuilder().setVersion(1).build()));
            assertThat(past.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(server.bean(MeterRegistry.class).get("docvault.query.latest.reads").functionCounter().count())
                    .isGreaterThanOrEqualTo(2);
            for (Future<?> wait : waiting) {
                assertThatThrownBy(() -> wait.get(MAX_WAIT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS))
                        .isInstanceOf(ExecutionException.class);
            }
        }
    }

    @Test
    @DisplayName("with the cache off, reads waiting for min_version hold no call thread: answered when the version comes, or UNAVAILABLE when it does not")
    void minVersionWaitsHoldNoCallThread() throws Exception {
        try (RunningServer server = twoCallThreads(Map.of())) {
            String id = server.commands().createDocument(aDocument("Awaited").build()).getDocumentId();
            List<Future<?>> waiting = holdBothCallThreads(server, id);
            DocumentQueryServiceFutureStub queries = DocumentQueryServiceGrpc.newFutureStub(server.channel());
            GetDocumentRequest second = GetDocumentRequest.newBuilder().setDocumentId(id).setMinVersion(2).build();
            List<Future<Document>> awaiting = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                awaiting.add(queries.withDeadlineAfter(30, TimeUnit.SECONDS).getDocument(second));
            }
            Future<Document> never = queries.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getDocument(second.toBuilder().setMinVersion(1_000).build());

            // Both call threads are taken, and more reads wait than there are threads: the update is
            // projected and every read is answered with it, long before a thread is free.
            long started = System.nanoTime();
            server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("Arrived").build());
            for (Future<Document> read : awaiting) {
                Document document = read.get(MAX_WAIT.toMillis() / 2, TimeUnit.MILLISECONDS);
                assertThat(document.getVersion()).isEqualTo(2);
                assertThat(document.getTitle()).isEqualTo("Arrived");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(MAX_WAIT.dividedBy(2));
            assertThat(server.bean(GrpcServerLifecycle.class).callThreadsBusy()).isEqualTo(2);
            // One that waits for a version that never comes ends at min-version-max-wait, as on a call thread.
            assertThatThrownBy(() -> never.get(MAX_WAIT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> {
                        StatusRuntimeException failure = (StatusRuntimeException) e.getCause();
                        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                        assertThat(GrpcFailures.reasonOf(failure)).isEqualTo("READ_MODEL_BEHIND");
                    });
            for (Future<?> wait : waiting) {
                assertThatThrownBy(() -> wait.get(MAX_WAIT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS))
                        .isInstanceOf(ExecutionException.class);
            }
        }
    }

    @Test
    @DisplayName("with read-batch-size 0, a read of a latest version waits for a call thread")
    void latestReadsWaitForACallThreadWhenNotReadTogether() throws Exception {
        try (RunningServer server = twoCallThreads(Map.of("docvault.query.read-batch-size", 0))) {
            String id = server.commands().createDocument(aDocument("Read alone").build()).getDocumentId();
            GetDocumentRequest latest = GetDocumentRequest.newBuilder().setDocumentId(id).build();
            assertThat(server.queries().getDocument(latest.toBuilder().setMinVersion(1).build()).getTitle())
                    .isEqualTo("Read alone");
            List<Future<?>> waiting = holdBothCallThreads(server, id);

            StatusRuntimeException queued = GrpcFailures.failure(() -> server.queries().withDeadlineAfter(1, TimeUnit.SECONDS)
                    .getDocument(latest));
            assertThat(queued.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            for (Future<?> wait : waiting) {
                assertThatThrownBy(() -> wait.get(MAX_WAIT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS))
                        .isInstanceOf(ExecutionException.class);
            }
        }
    }

    /**
     * Takes both call threads of a {@link #twoCallThreads} server with reads waiting for a version of the
     * document that never comes; returns once the gauge says both threads are busy.
     */
    private static List<Future<?>> holdBothCallThreads(RunningServer server, String id) {
        DocumentQueryServiceFutureStub queries = DocumentQueryServiceGrpc.newFutureStub(server.channel());
        // By number: a wait for the latest version holds no thread (with the cache off).
        GetDocumentRequest unreachable = GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(1).setMinVersion(1_000).build();
        List<Future<?>> waiting = List.of(queries.getDocument(unreachable), queries.getDocument(unreachable));
        GrpcServerLifecycle grpc = server.bean(GrpcServerLifecycle.class);
        await().atMost(MAX_WAIT.dividedBy(2))
                .failFast("a min_version wait ended early", () -> waiting.stream().anyMatch(Future::isDone))
                .until(grpc::callThreadsBusy, busy -> busy == 2);
        return waiting;
    }

    /** A server with two call threads, whose min_version waits last {@link #MAX_WAIT}, and {@code more}. */
    private static RunningServer twoCallThreads(Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "docvault.grpc.call-threads", 2,
                // A generation holds a call thread while it runs or waits; the checks want one left over.
                "docvault.generation.pool-size", 1,
                "docvault.generation.queue-size", 0,
                "docvault.query.min-version-max-wait", MAX_WAIT.toMillis() + "ms"));
        properties.putAll(more);
        return RunningServer.on(TestDatabases.newDatabase(), properties);
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
