package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static io.docvault.server.Requests.getAtLeast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.ListDocumentsRequest;
import io.docvault.proto.v1.RestoreDocumentRequest;
import io.docvault.proto.v1.RevertDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * The Redis cache on a real Redis server (started here on a free port, so the tests can stop and
 * restart it): hits, invalidation on every kind of change, this process's copies of entries following
 * changes made elsewhere, monotonic reads under a write race, queries through a Redis outage, and
 * caching resuming afterwards.
 */
class CacheIT {

    private static int redisPort;
    private static RedisServer redis;
    private static RunningServer server;

    @BeforeAll
    static void start() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        redis = new RedisServer(redisPort);
        redis.start();
        server = RunningServer.on(TestDatabases.newDatabase(), Map.of(
                "docvault.redis.url", "redis://127.0.0.1:" + redisPort,
                "docvault.cache.breaker-open-for", "1s"));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        redis.stop();
    }

    @Test
    @DisplayName("a second read of a document is a cache hit; past versions too")
    void hits() {
        String id = server.commands().createDocument(aDocument("Cached").build()).getDocumentId();
        server.queries().getDocument(getAtLeast(id, 1));
        double latestHits = count("latest", "hit");
        assertThat(server.queries().getDocument(Requests.get(id)).getTitle()).isEqualTo("Cached");
        assertThat(count("latest", "hit")).isEqualTo(latestHits + 1);

        // Then the keys are held here: a read makes no round trip to Redis. Redis's invalidation of the
        // first read's write of the entry may reach the copies after the second read filled them, and
        // drop them once (safe, and a race of the test's own making), so the copies are looked at until
        // they answer.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            double localHits = localHits();
            assertThat(server.queries().getDocument(Requests.get(id)).getTitle()).isEqualTo("Cached");
            return localHits() == localHits + 1;
        });

        GetDocumentRequest v1 = GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(1).build();
        server.queries().getDocument(v1);
        double versionHits = count("version", "hit");
        server.queries().getDocument(v1);
        assertThat(count("version", "hit")).isEqualTo(versionHits + 1);
    }

    @Test
    @DisplayName("a cached entry that does not decode is removed, the read answered from the read model")
    void malformedEntry() {
        String id = server.commands().createDocument(aDocument("Intact").build()).getDocumentId();
        cacheLatest(id, 1);
        String key = "dv:latest:b1:" + id;
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + redisPort);
        try (var connection = client.connect()) {
            var redisCommands = connection.sync();
            String entry = redisCommands.get(key);
            assertThat(entry).as("the latest entry, under the format's tag").isNotNull();
            // Same epoch, generation and version, so only the payload is wrong.
            String broken = entry.substring(0, entry.indexOf('|') + 1) + "not a record";
            redisCommands.set(key, broken);

            // Served from this process's copy until Redis's invalidation of it arrives, then decoded, found
            // broken and replaced.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(server.queries().getDocument(Requests.get(id)).getTitle()).isEqualTo("Intact");
                assertThat(redisCommands.get(key)).as("replaced by a good entry").isNotEqualTo(broken).isNotNull();
            });
            double hits = count("latest", "hit");
            assertThat(server.queries().getDocument(Requests.get(id)).getTitle()).isEqualTo("Intact");
            assertThat(count("latest", "hit")).isEqualTo(hits + 1);
        } finally {
            client.shutdown();
        }
    }

    @Test
    @DisplayName("every kind of change invalidates the cached document: the next read shows it")
    void invalidation() {
        String id = server.commands().createDocument(aDocument("Before").build()).getDocumentId();
        cacheLatest(id, 1);
        server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("After").build());
        awaitLatest(id, 2, false).satisfies(d -> assertThat(d.getTitle()).isEqualTo("After"));
        cacheLatest(id, 2);
        server.commands().revertDocument(RevertDocumentRequest.newBuilder().setDocumentId(id).setToVersion(1).build());
        awaitLatest(id, 3, false).satisfies(d -> assertThat(d.getTitle()).isEqualTo("Before"));
        cacheLatest(id, 3);
        server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(id).build());
        awaitLatest(id, 4, true).satisfies(d -> assertThat(d.getDeleted()).isTrue());
        server.commands().restoreDocument(RestoreDocumentRequest.newBuilder().setDocumentId(id).build());
        awaitLatest(id, 5, false).satisfies(d -> assertThat(d.getDeleted()).isFalse());
    }

    @Test
    @DisplayName("a change another process makes in Redis reaches this process's copies, through a lost connection too")
    void localCopiesFollowRedis() {
        String id = server.commands().createDocument(aDocument("Copied").build()).getDocumentId();
        cacheLatest(id, 1);
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + redisPort);
        try (var connection = client.connect()) {
            var other = connection.sync();
            // What another process's projection does after committing a change: the generation moves on.
            // The copy here must go (Redis's invalidation), or this process would serve it forever.
            double misses = count("latest", "miss");
            other.incr("dv:gen:" + id);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(server.queries().getDocument(Requests.get(id)).getTitle()).isEqualTo("Copied");
                assertThat(count("latest", "miss")).isGreaterThan(misses);
            });
            cacheLatest(id, 1);

            // The copies' connection is cut, and the generation moves on while it is down or just after: a new
            // connection is not tracked, so without dropping the copies and tracking again nothing would
            // tell this process.
            String tracked = other.clientList().lines().filter(line -> line.contains("name=docvault-local-copies "))
                    .map(line -> line.substring(3, line.indexOf(' '))).findFirst().orElseThrow();
            other.clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(tracked)));
            double missesBeforeCut = count("latest", "miss");
            other.incr("dv:gen:" + id);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                assertThat(server.queries().getDocument(Requests.get(id)).getTitle()).isEqualTo("Copied");
                assertThat(count("latest", "miss")).isGreaterThan(missesBeforeCut);
            });
            // And copies are kept again on the new connection.
            cacheLatest(id, 1);
            double localHits = localHits();
            assertThat(server.queries().getDocument(Requests.get(id)).getTitle()).isEqualTo("Copied");
            assertThat(localHits()).isEqualTo(localHits + 1);
        } finally {
            client.shutdown();
        }
    }

    @Test
    @DisplayName("readers racing a writer never see a document's version go backwards")
    void monotonicReads() throws Exception {
        String id = server.commands().createDocument(aDocument("Race").build()).getDocumentId();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<CompletableFuture<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            boolean readYourWrites = r % 2 == 0;
            readers.add(CompletableFuture.supplyAsync(() -> {
                long last = 0;
                int reads = 0;
                while (writing.get()) {
                    GetDocumentRequest.Builder request = GetDocumentRequest.newBuilder().setDocumentId(id);
                    if (readYourWrites) {
                        request.setMinVersion(last);
                    }
                    long version;
                    try {
                        version = server.queries().getDocument(request.build()).getVersion();
                    } catch (io.grpc.StatusRuntimeException notYetProjected) {
                        continue;
                    }
                    assertThat(version).as("reader's versions never go back").isGreaterThanOrEqualTo(last);
                    last = version;
                    reads++;
                }
                return reads;
            }));
        }
        long version = 1;
        for (int i = 0; i < 150; i++) {
            version = server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id)
                    .setTitle("Race " + i).build()).getVersion();
        }
        writing.set(false);
        for (CompletableFuture<Integer> reader : readers) {
            assertThat(reader.get()).isPositive();
        }
        assertThat(server.queries().getDocument(getAtLeast(id, version)).getVersion()).isEqualTo(version);
    }

    @Test
    @DisplayName("with Redis stopped every query still answers; when it is back, hits resume")
    void redisOutage() throws IOException {
        String id = server.commands().createDocument(aDocument("Outage").build()).getDocumentId();
        cacheLatest(id, 1);
        redis.stop();
        try {
            for (int i = 0; i < 30; i++) {
                assertThat(server.queries().getDocument(Requests.get(id)).getVersion()).isEqualTo(1);
                assertThat(server.queries().listDocuments(ListDocumentsRequest.newBuilder().setPageSize(5).build())
                        .getDocumentsCount()).isPositive();
            }
            // Changes made during the outage are seen, and not hidden by entries from before it later.
            server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("During").build());
            assertThat(server.queries().getDocument(getAtLeast(id, 2)).getTitle()).isEqualTo("During");
            assertThat(count("latest", "error") + count("latest", "bypass")).isPositive();
        } finally {
            redis = new RedisServer(redisPort);
            redis.start();
        }
        double hits = count("latest", "hit");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(server.queries().getDocument(Requests.get(id)).getTitle()).isEqualTo("During");
            assertThat(count("latest", "hit")).isGreaterThan(hits);
        });
    }

    @Test
    @DisplayName("reads that fail on dropped database connections are retried, and none fails as INTERNAL")
    void retriesTransientReadFailures() throws Exception {
        String id = server.commands().createDocument(aDocument("Retried").build()).getDocumentId();
        Document stored = server.queries().getDocument(getAtLeast(id, 1));
        Retry retry = server.bean(Retry.class);
        long retriedBefore = retry.getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt();
        // As in a failover, connections are dropped under running queries (idle ones would merely be
        // replaced by the pool): every 300 ms (longer than the retries' backoff) this database's backends
        // are terminated while reads run.
        java.util.concurrent.ScheduledExecutorService killer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        killer.scheduleAtFixedRate(() -> {
            try (var connection = java.sql.DriverManager.getConnection(server.jdbcUrl());
                 var statement = connection.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
            } catch (java.sql.SQLException | RuntimeException e) {
                // A failed round must not end the schedule (a scheduled task that throws is never run again).
                System.err.println("could not terminate backends this round: " + e);
            }
        }, 0, 300, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            GetDocumentRequest uncached = GetDocumentRequest.newBuilder().setDocumentId(id)
                    .setAsOf(stored.getUpdatedAt()).build();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ZERO).pollDelay(Duration.ZERO)
                    .until(() -> {
                        try {
                            assertThat(server.queries().getDocument(uncached).getTitle()).isEqualTo("Retried");
                        } catch (io.grpc.StatusRuntimeException e) {
                            // After the bounded retries a read may still fail, but only as retryable UNAVAILABLE.
                            assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
                        }
                        return retry.getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt() > retriedBefore;
                    });
        } finally {
            killer.shutdownNow();
        }
    }

    private static void cacheLatest(String id, long version) {
        server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setMinVersion(version)
                .setIncludeDeleted(true).build());
        server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setIncludeDeleted(true).build());
    }

    /** Reads without min_version until the cache (or the read model) shows the version. */
    private static org.assertj.core.api.ObjectAssert<Document> awaitLatest(String id, long version, boolean deleted) {
        Document[] read = new Document[1];
        // NOT_FOUND while a restore is still being projected is part of waiting.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(io.grpc.StatusRuntimeException.class).untilAsserted(() -> {
            read[0] = server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id)
                    .setIncludeDeleted(deleted).build());
            assertThat(read[0].getVersion()).isEqualTo(version);
        });
        return assertThat(read[0]);
    }

    /** Cache reads answered from this process's copies, without a round trip to Redis. */
    private static double localHits() {
        return server.bean(MeterRegistry.class).get("docvault.cache.local.hits").functionCounter().count();
    }

    private static double count(String kind, String result) {
        var counter = server.bean(MeterRegistry.class).find("docvault.cache.requests")
                .tags("kind", kind, "result", result).counter();
        return counter == null ? 0 : counter.count();
    }
}
