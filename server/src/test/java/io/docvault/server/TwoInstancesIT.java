package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.docvault.proto.v1.VersionInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two server processes on one database, as a scaled-out deployment: writes to the same documents
 * through both lose nothing, the two read-model processors split the segments through the shared
 * token store, and stopping one (SIGTERM) lets its in-flight calls finish while the other takes over.
 * The tests run in order on the same pair of servers.
 */
@Tag("faults")
@TestMethodOrder(OrderAnnotation.class)
class TwoInstancesIT {

    private static final int DOCUMENTS = 6;
    private static final int CLIENTS = 8;
    private static final int COMMANDS = 600;
    private static final int SEGMENTS = 4;

    private static String jdbcUrl;
    private static ServerJvm a;
    private static ServerJvm b;
    private static StoreAudit store;
    private static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void startTwoServers() throws Exception {
        jdbcUrl = TestDatabases.newDatabase();
        // Both at once, as a deployment would: they share the schema migration and the segment set-up.
        CompletableFuture<ServerJvm> first = CompletableFuture.supplyAsync(() -> ServerJvm.start("a", jdbcUrl, Map.of()));
        CompletableFuture<ServerJvm> second = CompletableFuture.supplyAsync(() -> ServerJvm.start("b", jdbcUrl, Map.of()));
        a = first.get();
        b = second.get();
        store = new StoreAudit(jdbcUrl);
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (store != null) {
            store.close();
        }
        for (ServerJvm server : new ServerJvm[] {a, b}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    @Order(1)
    @DisplayName("the two processes split the read-model segments between them through the token store")
    void segmentsAreSplit() {
        await("segments split").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(a.documentViews().getSegments()).as("segments of a").isEqualTo(SEGMENTS / 2);
            assertThat(b.documentViews().getSegments()).as("segments of b").isEqualTo(SEGMENTS / 2);
            List<String> owners = store.jdbc().queryForList(
                    "SELECT owner FROM token_entry WHERE processor_name = 'document-views'", String.class);
            assertThat(owners).hasSize(SEGMENTS).doesNotContainNull();
            assertThat(owners.stream().distinct()).hasSize(2);
        });
    }

    @Test
    @Order(2)
    @DisplayName("concurrent commands through both processes: every acknowledged version exists once, versions are dense")
    void noLostUpdate() throws Exception {
        for (int i = 0; i < DOCUMENTS; i++) {
            ServerJvm creator = i % 2 == 0 ? a : b;
            ids.add(creator.commands("creator").createDocument(aDocument("Shared " + i).build()).getDocumentId());
        }
        WriteLoad load = new WriteLoad(ids, CLIENTS, n -> n % 2 == 0 ? a : b, Duration.ofSeconds(30), false);
        await("commands acknowledged").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> load.acknowledged() >= COMMANDS);
        load.close();

        List<WriteLoad.Ack> acks = load.acks();
        Map<Status.Code, Integer> failures = load.failures();
        System.out.printf("two instances: %d commands acknowledged, failures %s%n", acks.size(), failures);
        // Stale expected_version: FAILED_PRECONDITION; a document that kept changing in the other process
        // through every retry: UNAVAILABLE (CONCURRENT_CHANGE, nothing appended). Nothing else.
        assertThat(failures.keySet()).isSubsetOf(Status.Code.FAILED_PRECONDITION, Status.Code.UNAVAILABLE);
        assertThat(failures.getOrDefault(Status.Code.FAILED_PRECONDITION, 0)).as("stale expected_version").isPositive();

        // No two commands were told they produced the same version of a document.
        assertThat(acks.stream().map(ack -> ack.documentId() + "@" + ack.version()))
                .as("acknowledged versions").doesNotHaveDuplicates();
        // The event store holds exactly the acknowledged commands, numbered densely from 1.
        store.assertDenseStreams();
        Map<String, List<Long>> stored = store.eventVersions();
        Map<String, Long> acknowledgedPerDocument = acks.stream()
                .collect(Collectors.groupingBy(WriteLoad.Ack::documentId, Collectors.counting()));
        for (String id : ids) {
            assertThat(stored.get(id)).as("events of %s", id).hasSize(1 + acknowledgedPerDocument.getOrDefault(id, 0L).intValue());
        }

        // Each process's read model answers for writes made through the other one: wait for the last
        // version through b for every document, and find every acknowledged command's note in its version.
        Map<String, Long> latest = new HashMap<>();
        acks.forEach(ack -> latest.merge(ack.documentId(), ack.version(), Math::max));
        for (Map.Entry<String, Long> document : latest.entrySet()) {
            for (ServerJvm reader : new ServerJvm[] {a, b}) {
                Document read = reader.queries().getDocument(GetDocumentRequest.newBuilder()
                        .setDocumentId(document.getKey()).setMinVersion(document.getValue()).build());
                assertThat(read.getVersion()).isEqualTo(document.getValue());
            }
        }
        Map<String, String> notes = new HashMap<>();
        for (String id : ids) {
            for (VersionInfo version : b.queries().listVersions(ListVersionsRequest.newBuilder()
                    .setDocumentId(id).setPageSize(1000).build()).getVersionsList()) {
                notes.put(id + "@" + version.getVersion(), version.getChangeNote());
            }
        }
        for (WriteLoad.Ack ack : acks) {
            assertThat(notes.get(ack.documentId() + "@" + ack.version())).as("note of %s", ack).isEqualTo(ack.note());
        }
        assertThat(store.count("SELECT count(*) FROM document_version"))
                .isEqualTo(store.count("SELECT count(*) FROM domain_event_entry"));
    }

    @Test
    @Order(3)
    @DisplayName("SIGTERM: in-flight calls complete, new calls are UNAVAILABLE, the process exits within its grace")
    void gracefulShutdown() throws Exception {
        String id = ids.get(0);
        long current = a.queries().getDocument(Requests.get(id)).getVersion();
        // Reads on b waiting for a version nobody has written yet.
        List<CompletableFuture<Document>> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            GetDocumentRequest request = GetDocumentRequest.newBuilder().setDocumentId(id).setMinVersion(current + 1).build();
            waiting.add(CompletableFuture.supplyAsync(() -> DocumentQueryServiceGrpc.newBlockingStub(b.channel())
                    .withDeadlineAfter(20, TimeUnit.SECONDS).getDocument(request)));
        }
        // A call answered on the same connection after them: the server has taken those calls in.
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.stream().allMatch(f -> !f.isDone())
                && HealthGrpc.newBlockingStub(b.channel()).withDeadlineAfter(2, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()) != null);
        long stopping = System.nanoTime();
        b.terminate();

        await("new calls refused").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () ->
                    DocumentQueryServiceGrpc.newBlockingStub(b.channel()).withDeadlineAfter(2, TimeUnit.SECONDS)
                            .getDocument(Requests.get(id)));
            assertThat(refused).as("a new call after SIGTERM").isNotNull();
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        });
        assertThat(b.process().isAlive()).as("still finishing its in-flight calls").isTrue();

        // The awaited version arrives through a; b's waiting reads see it and complete normally.
        long written = a.commands("writer").updateDocument(UpdateDocumentRequest.newBuilder()
                .setDocumentId(id).setTitle("while b stops").build()).getVersion();
        assertThat(written).isEqualTo(current + 1);
        for (CompletableFuture<Document> read : waiting) {
            assertThat(read.get(20, TimeUnit.SECONDS).getVersion()).isEqualTo(written);
        }
        assertThat(b.process().waitFor(15, TimeUnit.SECONDS)).as("b exited").isTrue();
        long exitedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
        System.out.printf("b exited %d ms after SIGTERM (grace 5 s)%n", exitedAfterMillis);
        // The grace bounds the wait for in-flight calls; the rest is the processors handing back their claims.
        assertThat(exitedAfterMillis).isLessThan(5_000 + 10_000);
    }

    @Test
    @Order(4)
    @DisplayName("the survivor takes over every segment, and the read model equals a full replay of the event store")
    void survivorTakesOverAndReadModelEqualsReplay() {
        await("a holds every segment").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(a.documentViews().getSegments()).isEqualTo(SEGMENTS);
            assertThat(a.documentViews().getLag()).isZero();
        });
        String after = a.commands("writer").createDocument(aDocument("After b").build()).getDocumentId();
        assertThat(a.queries().getDocument(Requests.getAtLeast(after, 1)).getTitle()).isEqualTo("After b");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(a.documentViews().getLag()).isZero());
        store.assertEqualsFullReplay(a);
    }
}
