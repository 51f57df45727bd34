package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The server killed (SIGKILL) in the middle of a write burst and started again on the same database:
 * what it acknowledged is there, nothing is half-applied, and the read model catches up to what a
 * full replay of the event store gives.
 */
@Tag("faults")
class CrashRecoveryIT {

    private static final int DOCUMENTS = 5;
    private static final int CLIENTS = 6;
    private static final int BEFORE_CRASH = 150;

    @Test
    @DisplayName("after kill -9 during a write burst every acknowledged version is there and the read model equals a replay")
    void crashDuringWriteBurst() throws Exception {
        String jdbcUrl = TestDatabases.newDatabase();
        List<String> ids = new ArrayList<>();
        List<WriteLoad.Ack> acks;
        List<WriteLoad.Unanswered> unanswered;
        try (ServerJvm victim = ServerJvm.start("crash-victim", jdbcUrl, Map.of())) {
            for (int i = 0; i < DOCUMENTS; i++) {
                ids.add(victim.commands("creator").createDocument(aDocument("Burst " + i).build()).getDocumentId());
            }
            WriteLoad load = new WriteLoad(ids, CLIENTS, n -> victim, Duration.ofSeconds(30), true);
            await("commands acknowledged").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> load.acknowledged() >= BEFORE_CRASH);
            victim.kill();
            assertThat(load.awaitFinished(Duration.ofSeconds(60))).as("clients noticed the crash").isTrue();
            acks = load.acks();
            unanswered = load.unanswered();
            System.out.printf("crash: %d commands acknowledged before kill -9, %d unanswered, failures %s%n",
                    acks.size(), unanswered.size(), load.failures());
            assertThat(load.failures().keySet()).isSubsetOf(Status.Code.FAILED_PRECONDITION, Status.Code.UNAVAILABLE);
        }

        try (StoreAudit store = new StoreAudit(jdbcUrl)) {
            // Straight after the crash, before anything runs again: every stream is dense, every
            // acknowledged version is stored, and the request log names only stored versions.
            store.assertDenseStreams();
            Map<String, List<Long>> stored = store.eventVersions();
            for (WriteLoad.Ack ack : acks) {
                assertThat(stored.get(ack.documentId())).as("stored versions of %s", ack.documentId())
                        .contains(ack.version());
            }
            Map<String, String> requestLog = store.requestLog();
            Set<String> storedVersions = stored.entrySet().stream()
                    .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "@" + v)).collect(Collectors.toSet());
            assertThat(storedVersions).containsAll(requestLog.values());
            for (WriteLoad.Ack ack : acks) {
                assertThat(requestLog.get(ack.requestId())).isEqualTo(ack.documentId() + "@" + ack.version());
            }
            // Events without an acknowledgement: only commands whose answer the crash swallowed.
            long events = stored.values().stream().mapToLong(List::size).sum();
            assertThat(events - DOCUMENTS - acks.size()).as("stored but unacknowledged")
                    .isBetween(0L, (long) unanswered.size());
            assertThat(requestLog).hasSize((int) (events - DOCUMENTS));

            long restarting = System.nanoTime();
            try (ServerJvm restarted = ServerJvm.start("crash-restarted", jdbcUrl, Map.of())) {
                System.out.printf("crash: restarted and serving after %d ms%n",
                        Duration.ofNanos(System.nanoTime() - restarting).toMillis());
                // A client retrying what it never got an answer to gets the logged outcome when the
                // command had been committed, and a new version otherwise: never a second copy.
                Map<String, Long> retried = new HashMap<>();
                for (WriteLoad.Unanswered lost : unanswered) {
                    UpdateDocumentRequest request = lost.request();
                    String logged = requestLog.get(request.getRequestId());
                    try {
                        long version = restarted.commands("retry").updateDocument(request).getVersion();
                        if (logged != null) {
                            assertThat(request.getDocumentId() + "@" + version).isEqualTo(logged);
                        }
                        retried.put(request.getRequestId(), version);
                    } catch (StatusRuntimeException e) {
                        // A stale expected_version may now fail; then nothing was committed before either.
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                        assertThat(logged).isNull();
                    }
                }
                store.assertDenseStreams();

                // The read model catches up with the event store: every acknowledged note at its version.
                await("projection caught up").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(restarted.documentViews().getLag()).isZero());
                for (String id : ids) {
                    long latest = store.eventVersions().get(id).size();
                    assertThat(restarted.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id)
                            .setMinVersion(latest).build()).getVersion()).isEqualTo(latest);
                }
                Map<String, String> notes = store.notesByVersion();
                for (WriteLoad.Ack ack : acks) {
                    assertThat(notes.get(ack.documentId() + "@" + ack.version())).as("note of %s", ack).isEqualTo(ack.note());
                }
                assertThat(store.count("SELECT count(*) FROM document_version"))
                        .isEqualTo(store.count("SELECT count(*) FROM domain_event_entry"));
                store.assertEqualsFullReplay(restarted);
                System.out.printf("crash: %d versions checked, %d unanswered commands retried%n",
                        store.count("SELECT count(*) FROM document_version"), retried.size());
            }
        }
    }
}
