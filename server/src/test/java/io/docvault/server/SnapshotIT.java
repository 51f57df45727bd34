package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.RevertDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Aggregates are snapshotted every N events, and a document loaded from a snapshot obeys every rule. */
class SnapshotIT {

    @Test
    @DisplayName("after snapshots, a document's state (version, fields, deleted) is exactly what its events say")
    void stateFromSnapshots() {
        try (RunningServer server = RunningServer.on(TestDatabases.newDatabase(), Map.of("docvault.command.snapshot-every", 10))) {
            String id = server.commands().createDocument(aDocument("Snap").build()).getDocumentId();
            for (int i = 2; i <= 25; i++) {
                assertThat(server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                        .setDocumentId(id).setExpectedVersion(i - 1).setTitle("Snap " + i).build()).getVersion()).isEqualTo(i);
            }
            // Snapshots are taken on a thread of their own once the commit that asked for one is done.
            Long snapshotSequence = await().atMost(Duration.ofSeconds(30)).until(() -> server.jdbc().queryForObject(
                    "SELECT max(sequence_number) FROM snapshot_event_entry WHERE aggregate_identifier = ?", Long.class, id),
                    sequence -> sequence != null && sequence >= 9);
            String snapshot = server.jdbc().queryForObject("SELECT convert_from(payload, 'UTF8') FROM snapshot_event_entry "
                    + "WHERE aggregate_identifier = ? AND sequence_number = ?", String.class, id, snapshotSequence);
            assertThat(snapshot).contains("\"version\":" + (snapshotSequence + 1), "\"title\":\"Snap " + (snapshotSequence + 1) + "\"",
                    "\"deleted\":false");

            server.restart();
            // The same title again changes nothing: the fields came back from the snapshot intact.
            assertThat(server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                    .setDocumentId(id).setTitle("Snap 25").build()).getVersion()).isEqualTo(25);
            assertThat(GrpcFailures.failure(() -> server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                    .setDocumentId(id).setExpectedVersion(24).setTitle("stale").build())).getStatus().getCode())
                    .isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(server.commands().revertDocument(RevertDocumentRequest.newBuilder()
                    .setDocumentId(id).setToVersion(3).build()).getVersion()).isEqualTo(26);
            for (int i = 27; i <= 31; i++) {
                server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(id).build());
                server.commands().restoreDocument(io.docvault.proto.v1.RestoreDocumentRequest.newBuilder().setDocumentId(id).build());
            }
            server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(id).build());
            server.restart();
            assertThat(GrpcFailures.failure(() -> server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                    .setDocumentId(id).setTitle("x").build())).getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(server.queries().getDocument(io.docvault.proto.v1.GetDocumentRequest.newBuilder()
                    .setDocumentId(id).setMinVersion(37).setIncludeDeleted(true).build()).getTitle()).isEqualTo("Snap 3");
        }
    }
}
