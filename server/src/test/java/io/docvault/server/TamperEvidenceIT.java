package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import io.docvault.proto.v1.BrokenLink;
import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.RestoreDocumentRequest;
import io.docvault.proto.v1.RevertDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.docvault.proto.v1.VerifyHistoryRequest;
import io.docvault.proto.v1.VerifyHistoryResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every stored event carries a link chaining it to its document's previous event; VerifyHistory
 * recomputes the chain from the stored rows. Rows edited or removed by SQL, behind DocVault's back,
 * are found. Snapshots every 3 events make the chain continue across snapshot loads.
 */
class TamperEvidenceIT {

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.on(TestDatabases.newDatabase(), Map.of("docvault.command.snapshot-every", 3));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("a history written through the API verifies intact, also after a restart and under concurrent writers")
    void intactHistory() throws Exception {
        String id = withEveryKindOfChange("Intact");
        VerifyHistoryResponse verified = verify(id);
        assertThat(verified.getIntact()).isTrue();
        assertThat(verified.getEventsChecked()).isEqualTo(8);
        assertThat(verified.getHeadLink()).hasSize(64);

        // Links of the previous event come from the store once this process has forgotten them.
        server.restart();
        server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("After restart").build());
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 10; i++) {
                    server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id)
                            .setTitle("Writer " + writer + " #" + i).build());
                }
            }));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        VerifyHistoryResponse after = verify(id);
        assertThat(after.getIntact()).as("%s", after.getBrokenLinksList()).isTrue();
        assertThat(after.getEventsChecked()).isEqualTo(8 + 1 + 40);
        assertThat(after.getHeadLink()).isNotEqualTo(verified.getHeadLink());
    }

    @Test
    @DisplayName("an event row edited by SQL breaks the chain at that version, and only that document")
    void editedEventIsFound() {
        String untouched = withEveryKindOfChange("Untouched");
        String edited = withEveryKindOfChange("Edited");
        int rows = server.jdbc().update("UPDATE domain_event_entry SET payload = convert_to(replace("
                        + "convert_from(payload, 'UTF8'), 'Edited v2', 'Forged v2'), 'UTF8') "
                        + "WHERE aggregate_identifier = ? AND sequence_number = 1", edited);
        assertThat(rows).isEqualTo(1);

        VerifyHistoryResponse verified = verify(edited);
        assertThat(verified.getIntact()).isFalse();
        assertThat(verified.getHeadLink()).isEmpty();
        assertThat(verified.getBrokenLinksList()).singleElement().satisfies(link -> {
            assertThat(link.getDocumentId()).isEqualTo(edited);
            assertThat(link.getVersion()).isEqualTo(2);
            assertThat(link.getReason()).contains("does not match");
        });
        assertThat(verify(untouched).getIntact()).isTrue();
        VerifyHistoryResponse all = admin().verifyHistory(VerifyHistoryRequest.getDefaultInstance());
        assertThat(all.getBrokenLinksList()).extracting(BrokenLink::getDocumentId).contains(edited).doesNotContain(untouched);
        assertThat(all.getDocumentsChecked()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("a removed event row and a forged link are found at their versions")
    void removedEventAndForgedLinkAreFound() {
        String removed = withEveryKindOfChange("Removed");
        server.jdbc().update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 3", removed);
        assertThat(verify(removed).getBrokenLinksList()).singleElement().satisfies(link -> {
            assertThat(link.getVersion()).isEqualTo(4);
            assertThat(link.getReason()).contains("version 4 is missing");
        });

        String forged = withEveryKindOfChange("Forged");
        server.jdbc().update("UPDATE domain_event_entry SET meta_data = convert_to("
                + "'{\"docvault.chain\":\"" + "0".repeat(64) + "\"}', 'UTF8') "
                + "WHERE aggregate_identifier = ? AND sequence_number = 5", forged);
        assertThat(verify(forged).getBrokenLinksList()).singleElement()
                .satisfies(link -> assertThat(link.getVersion()).isEqualTo(6));
    }

    @Test
    @DisplayName("verifying an unknown document is NOT_FOUND; a malformed id is INVALID_ARGUMENT")
    void badRequests() {
        assertThatThrownBy(() -> verify("00000000-0000-4000-8000-000000000000"))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> verify("not-a-uuid"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("document_id");
                });
    }

    /** A document with 8 events: created, updated twice, deleted, restored, reverted, updated twice. */
    private static String withEveryKindOfChange(String title) {
        String id = server.commands().createDocument(aDocument(title).build()).getDocumentId();
        update(id, title + " v2");
        update(id, title + " v3");
        server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(id).setReason("test").build());
        server.commands().restoreDocument(RestoreDocumentRequest.newBuilder().setDocumentId(id).setReason("test").build());
        server.commands().revertDocument(RevertDocumentRequest.newBuilder().setDocumentId(id).setToVersion(1).build());
        update(id, title + " v7");
        update(id, title + " v8");
        return id;
    }

    private static void update(String id, String title) {
        server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle(title).build());
    }

    private static VerifyHistoryResponse verify(String id) {
        return admin().verifyHistory(VerifyHistoryRequest.newBuilder().setDocumentId(id).build());
    }

    private static AdminServiceBlockingStub admin() {
        return AdminServiceGrpc.newBlockingStub(server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    }
}
