package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.docvault.api.document.ContentDigest;
import io.docvault.proto.v1.CommandResult;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Group commit, made deterministic: a create whose idempotency key the test holds locked (an
 * uncommitted row of {@code command_request} on a connection of its own) keeps the committer thread
 * waiting, so the commands sent meanwhile queue up and make one batch once the lock is let go. Which
 * transaction wrote an event is PostgreSQL's {@code xmin} of its row.
 */
class GroupCommitIT extends OneServerPerClass {

    static final int BATCH = 6;

    @Test
    @DisplayName("commands that wait together are committed in one transaction, each caller answered with its own version")
    void waitingCommandsShareOneTransaction() throws Exception {
        List<String> ids = documents(BATCH);
        double batchesBefore = batches().count();

        List<Future<CommandResult>> updates = whileCommitterIsHeld(() -> {
            List<Future<CommandResult>> sent = new ArrayList<>();
            for (String id : ids) {
                sent.add(commands().updateDocument(update(id, 1)));
            }
            return sent;
        });

        for (Future<CommandResult> update : updates) {
            assertThat(update.get(30, TimeUnit.SECONDS).getVersion()).isEqualTo(2);
        }
        assertThat(transactionsThatWroteVersion(ids, 2)).isEqualTo(1);
        assertThat(batches().count() - batchesBefore).isEqualTo(1);
        assertThat(batches().max()).isEqualTo(BATCH);
    }

    @Test
    @DisplayName("a command that fails in a batch fails alone: the batch is rolled back and the others commit on their own")
    void aFailureInABatchFailsOnlyItsCommand() throws Exception {
        List<String> ids = documents(BATCH);
        double rolledBackBefore = rolledBack();

        List<Future<CommandResult>> updates = whileCommitterIsHeld(() -> {
            List<Future<CommandResult>> sent = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                // The fourth expects a version its document does not have.
                sent.add(commands().updateDocument(update(ids.get(i), i == 3 ? 7 : 1)));
            }
            return sent;
        });

        for (int i = 0; i < updates.size(); i++) {
            Future<CommandResult> update = updates.get(i);
            if (i == 3) {
                assertThat(Status.fromThrowable(catchExecution(update)).getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            } else {
                assertThat(update.get(30, TimeUnit.SECONDS).getVersion()).isEqualTo(2);
            }
        }
        List<String> committed = new ArrayList<>(ids);
        committed.remove(3);
        assertThat(transactionsThatWroteVersion(committed, 2)).isEqualTo(committed.size());
        assertThat(server.jdbc().queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, ids.get(3)))
                .isEqualTo(1);
        assertThat(rolledBack() - rolledBackBefore).isEqualTo(1);
    }

    @Test
    @DisplayName("a batch's new contents are stored in its transaction, and a batch rolled back stores only what its commands store again")
    void newContentsJoinTheBatchTransaction() throws Exception {
        List<String> ids = documents(BATCH);
        List<Future<CommandResult>> updates = whileCommitterIsHeld(() -> {
            List<Future<CommandResult>> sent = new ArrayList<>();
            // The first changes only its title: its event comes before any content in the batch.
            sent.add(commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(ids.get(0))
                    .setExpectedVersion(1).setTitle("Grouped, retitled").build()));
            for (int i = 1; i < ids.size(); i++) {
                sent.add(commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(ids.get(i))
                        .setExpectedVersion(1).setContent(contentOf(ids.get(i))).build()));
            }
            return sent;
        });
        for (Future<CommandResult> update : updates) {
            assertThat(update.get(30, TimeUnit.SECONDS).getVersion()).isEqualTo(2);
        }
        List<String> withContent = ids.subList(1, ids.size());
        // One transaction wrote the batch's events and its contents.
        assertThat(server.jdbc().queryForObject("""
                SELECT count(DISTINCT xid) FROM (
                  SELECT xmin::text AS xid FROM domain_event_entry WHERE aggregate_identifier = ANY (?) AND sequence_number = 1
                  UNION ALL
                  SELECT xmin::text FROM event_content WHERE content_sha256 = ANY (?)) writers""",
                Long.class, ids.toArray(String[]::new), hashes(withContent))).isEqualTo(1);
        assertThat(storedContents(withContent)).isEqualTo(BATCH - 1);
        // Contents first, then the events (cmin: the statement of its transaction that inserted a row), so
        // two transactions that write the same document and content lock them in one order.
        assertThat(server.jdbc().queryForObject("SELECT max(cmin::text::int) FROM event_content WHERE content_sha256 = ANY (?)",
                Integer.class, (Object) hashes(withContent)))
                .isLessThan(server.jdbc().queryForObject("""
                        SELECT min(cmin::text::int) FROM domain_event_entry
                        WHERE aggregate_identifier = ANY (?) AND sequence_number = 1""",
                        Integer.class, (Object) ids.toArray(String[]::new)));

        // The fourth fails: the batch rolls back, and its content is not stored when its command runs again alone.
        List<String> others = documents(BATCH);
        List<Future<CommandResult>> again = whileCommitterIsHeld(() -> {
            List<Future<CommandResult>> sent = new ArrayList<>();
            for (int i = 0; i < others.size(); i++) {
                sent.add(commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(others.get(i))
                        .setExpectedVersion(i == 3 ? 7 : 1).setContent(contentOf(others.get(i))).build()));
            }
            return sent;
        });
        for (int i = 0; i < again.size(); i++) {
            if (i == 3) {
                assertThat(Status.fromThrowable(catchExecution(again.get(i))).getCode())
                        .isEqualTo(Status.Code.FAILED_PRECONDITION);
            } else {
                assertThat(again.get(i).get(30, TimeUnit.SECONDS).getVersion()).isEqualTo(2);
            }
        }
        assertThat(storedContents(List.of(others.get(3)))).isZero();
        List<String> committed = new ArrayList<>(others);
        committed.remove(3);
        assertThat(storedContents(committed)).isEqualTo(committed.size());
        for (String id : committed) {
            assertThat(server.queries().getDocument(GetDocumentRequest.newBuilder()
                    .setDocumentId(id).setMinVersion(2).build()).getContent()).isEqualTo(contentOf(id));
        }
    }

    private static ByteString contentOf(String id) {
        return ByteString.copyFromUtf8("content of " + id);
    }

    private static String[] hashes(List<String> ids) {
        return ids.stream().map(id -> ContentDigest.sha256Hex(contentOf(id).toByteArray()))
                .toArray(String[]::new);
    }

    private static long storedContents(List<String> ids) {
        return server.jdbc().queryForObject("SELECT count(*) FROM event_content WHERE content_sha256 = ANY (?)",
                Long.class, (Object) hashes(ids));
    }

    private interface Sending {
        List<Future<CommandResult>> send() throws Exception;
    }

    /**
     * Sends a create whose key the test holds, waits until the committer is stuck on it, sends the
     * commands of {@code sending}, waits until they are all queued, then lets go.
     */
    private List<Future<CommandResult>> whileCommitterIsHeld(Sending sending) throws Exception {
        String key = "held-" + System.nanoTime();
        try (Connection holder = server.bean(DataSource.class).getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement claim = holder.prepareStatement(
                    "INSERT INTO command_request (request_id, fingerprint, document_id, version) VALUES (?, 'held', 'held', 0)")) {
                claim.setString(1, key);
                claim.executeUpdate();
            }
            Future<CommandResult> held = commands().createDocument(aDocument("Held").setRequestId(key).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> server.jdbc().queryForObject("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'
                      AND query LIKE 'INSERT INTO command_request%'""", Long.class) == 1);
            List<Future<CommandResult>> sent = sending.send();
            await().atMost(Duration.ofSeconds(10)).until(() -> queued() == sent.size());
            holder.rollback();
            assertThat(held.get(30, TimeUnit.SECONDS).getVersion()).isEqualTo(1);
            return sent;
        }
    }

    private static List<String> documents(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(server.commands().createDocument(aDocument("Grouped " + i).build()).getDocumentId());
        }
        return ids;
    }

    private static UpdateDocumentRequest update(String id, long expectedVersion) {
        return UpdateDocumentRequest.newBuilder().setDocumentId(id).setExpectedVersion(expectedVersion)
                .setTitle("Grouped, changed").build();
    }

    /** The number of transactions that wrote the events of version {@code version} (sequence number version - 1). */
    private static long transactionsThatWroteVersion(List<String> ids, long version) {
        return server.jdbc().queryForObject("""
                SELECT count(DISTINCT xmin::text) FROM domain_event_entry
                WHERE aggregate_identifier = ANY (?) AND sequence_number = ?""",
                Long.class, ids.toArray(String[]::new), version - 1);
    }

    private static DocumentCommandServiceGrpc.DocumentCommandServiceFutureStub commands() {
        return DocumentCommandServiceGrpc.newFutureStub(server.channel()).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private static Throwable catchExecution(Future<?> future) throws Exception {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    private static io.micrometer.core.instrument.DistributionSummary batches() {
        return server.bean(MeterRegistry.class).get("docvault.command.group.commit.size").summary();
    }

    private static double rolledBack() {
        return server.bean(MeterRegistry.class).get("docvault.command.group.commit.rolled.back").functionCounter().count();
    }

    private static double queued() {
        return server.bean(MeterRegistry.class).get("docvault.command.group.commit.queued").gauge().value();
    }
}
