package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.docvault.proto.v1.GetDocumentRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped under load and started again: callers get UNAVAILABLE (safe to retry), never
 * INTERNAL or UNKNOWN; the server stays up and recovers by itself. The test runs a PostgreSQL of its
 * own (embedded, on a fixed port and data directory) so it may stop it, whatever DOCVAULT_TEST_DB_URL says.
 */
@Tag("faults")
class DatabaseOutageIT {

    private static final int DOCUMENTS = 4;
    private static final int CLIENTS = 3;

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("while PostgreSQL is down calls are UNAVAILABLE; when it is back commands, queries and the projection recover")
    void databaseOutage() throws Exception {
        int port = ServerJvm.freePort();
        EmbeddedPostgres postgres = startPostgres(port);
        String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        try (ServerJvm server = ServerJvm.start("outage", jdbcUrl, Map.of())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                ids.add(server.commands("creator").createDocument(aDocument("Outage " + i).build()).getDocumentId());
            }
            WriteLoad load = new WriteLoad(ids, CLIENTS, n -> server, Duration.ofSeconds(20), false);
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= 30);

            postgres.close();
            int acknowledgedBefore = load.acknowledged();
            // Every client runs into the outage; the server answers, and stays up.
            await("commands fail UNAVAILABLE").atMost(Duration.ofSeconds(60))
                    .until(() -> load.failures().getOrDefault(Status.Code.UNAVAILABLE, 0) >= CLIENTS);
            StatusRuntimeException query = catchThrowableOfType(StatusRuntimeException.class,
                    () -> server.queries().getDocument(Requests.get(ids.get(0))));
            assertThat(query).as("a query while the database is down").isNotNull();
            assertThat(query.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(server.process().isAlive()).isTrue();
            assertThat(load.acknowledged()).as("nothing acknowledged without a database")
                    .isLessThanOrEqualTo(acknowledgedBefore + CLIENTS);

            long back = System.nanoTime();
            int acknowledgedDuringOutage = load.acknowledged();
            postgres = startPostgres(port);
            await("commands succeed again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> load.acknowledged() > acknowledgedDuringOutage);
            long commandsBackMillis = Duration.ofNanos(System.nanoTime() - back).toMillis();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged() >= acknowledgedDuringOutage + 30);
            load.close();

            System.out.printf("outage: %d commands acknowledged, failures %s; commands back %d ms after PostgreSQL%n",
                    load.acknowledged(), load.failures(), commandsBackMillis);
            assertThat(load.failures().keySet()).as("status codes seen by clients")
                    .isSubsetOf(Status.Code.FAILED_PRECONDITION, Status.Code.UNAVAILABLE);

            try (StoreAudit store = new StoreAudit(jdbcUrl)) {
                await("projection caught up").atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                        assertThat(server.documentViews().getLag()).isZero());
                long projectionBackMillis = Duration.ofNanos(System.nanoTime() - back).toMillis();
                store.assertDenseStreams();
                Map<String, List<Long>> stored = store.eventVersions();
                for (String id : ids) {
                    long latest = stored.get(id).size();
                    assertThat(server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id)
                            .setMinVersion(latest).build()).getVersion()).isEqualTo(latest);
                }
                Map<String, String> notes = store.notesByVersion();
                for (WriteLoad.Ack ack : load.acks()) {
                    assertThat(notes.get(ack.documentId() + "@" + ack.version())).as("note of %s", ack).isEqualTo(ack.note());
                }
                long events = stored.values().stream().mapToLong(List::size).sum();
                assertThat(events - DOCUMENTS - load.acknowledged()).as("stored but unacknowledged")
                        .isBetween(0L, (long) load.unanswered().size());
                store.assertEqualsFullReplay(server);
                System.out.printf("outage: %d versions checked; projection caught up %d ms after PostgreSQL%n",
                        events, projectionBackMillis);
            }
        } finally {
            postgres.close();
        }
    }

    private EmbeddedPostgres startPostgres(int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir.resolve("pgdata"))
                .setCleanDataDirectory(false)
                .start();
    }
}
