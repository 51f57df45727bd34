package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static io.docvault.server.Requests.getAtLeast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.docvault.proto.v1.ChangeKind;
import io.docvault.proto.v1.CommandResult;
import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.DocumentStatus;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.ListVersionsResponse;
import io.docvault.proto.v1.RestoreDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.docvault.proto.v1.VersionInfo;
import io.docvault.query.document.projection.DocumentViewsProjection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The whole path: gRPC command → aggregate → event store → projection → read model → gRPC query. */
class DocumentLifecycleIT extends OneServerPerClass {

    @Test
    @DisplayName("create, update, delete and restore produce versions 1..4, each readable, with audit entries")
    void lifecycle() {
        CommandResult created = server.commands("alice").createDocument(aDocument("Plan").build());
        assertThat(created.getVersion()).isEqualTo(1);
        String id = created.getDocumentId();

        CommandResult updated = server.commands("bob").updateDocument(UpdateDocumentRequest.newBuilder()
                .setDocumentId(id)
                .setExpectedVersion(1)
                .setUpdateMask(FieldMask.newBuilder().addPaths("title").addPaths("status"))
                .setTitle("Plan v2")
                .setStatus(DocumentStatus.DOCUMENT_STATUS_PUBLISHED)
                .setChangeNote("publish")
                .build());
        assertThat(updated.getVersion()).isEqualTo(2);

        CommandResult deleted = server.commands("carol").deleteDocument(DeleteDocumentRequest.newBuilder()
                .setDocumentId(id).setExpectedVersion(2).setReason("superseded").build());
        assertThat(deleted.getVersion()).isEqualTo(3);

        CommandResult restored = server.commands("dave").restoreDocument(RestoreDocumentRequest.newBuilder()
                .setDocumentId(id).setExpectedVersion(3).setReason("still needed").build());
        assertThat(restored.getVersion()).isEqualTo(4);

        Document latest = server.queries().getDocument(getAtLeast(id, 4));
        assertThat(latest.getVersion()).isEqualTo(4);
        assertThat(latest.getTitle()).isEqualTo("Plan v2");
        assertThat(latest.getStatus()).isEqualTo(DocumentStatus.DOCUMENT_STATUS_PUBLISHED);
        assertThat(latest.getContent().toStringUtf8()).isEqualTo("Content of Plan\n");
        assertThat(latest.getCreatedBy()).isEqualTo("alice");
        assertThat(latest.getUpdatedBy()).isEqualTo("dave");
        assertThat(latest.getDeleted()).isFalse();

        Document v1 = version(id, 1);
        assertThat(v1.getTitle()).isEqualTo("Plan");
        assertThat(v1.getStatus()).isEqualTo(DocumentStatus.DOCUMENT_STATUS_DRAFT);
        assertThat(version(id, 2).getTitle()).isEqualTo("Plan v2");
        Document v3 = version(id, 3);
        assertThat(v3.getDeleted()).isTrue();
        assertThat(v3.getDeletedBy()).isEqualTo("carol");
        assertThat(v3.getDeleteReason()).isEqualTo("superseded");
        assertThat(v3.hasDeletedAt()).isTrue();

        ListVersionsResponse history = server.queries().listVersions(
                ListVersionsRequest.newBuilder().setDocumentId(id).build());
        assertThat(history.getTotalSize()).isEqualTo(4);
        assertThat(history.getVersionsList()).extracting(VersionInfo::getVersion).containsExactly(1L, 2L, 3L, 4L);
        assertThat(history.getVersionsList()).extracting(VersionInfo::getChange).containsExactly(
                ChangeKind.CHANGE_KIND_CREATED, ChangeKind.CHANGE_KIND_UPDATED,
                ChangeKind.CHANGE_KIND_DELETED, ChangeKind.CHANGE_KIND_RESTORED);
        assertThat(history.getVersionsList()).extracting(VersionInfo::getChangedBy)
                .containsExactly("alice", "bob", "carol", "dave");
        assertThat(history.getVersions(1).getChangedFieldsList()).containsExactly("title", "status");
        assertThat(history.getVersions(1).getChangeNote()).isEqualTo("publish");
        // The audit entries of the delete and the restore: actor, reason and time.
        VersionInfo deleteEntry = history.getVersions(2);
        VersionInfo restoreEntry = history.getVersions(3);
        assertThat(deleteEntry.getChangeNote()).isEqualTo("superseded");
        assertThat(restoreEntry.getChangeNote()).isEqualTo("still needed");
        assertThat(deleteEntry.getChangedAt().getSeconds()).isPositive();
        assertThat(restoreEntry.getChangedAt().getSeconds()).isGreaterThanOrEqualTo(deleteEntry.getChangedAt().getSeconds());
    }

    @Test
    @DisplayName("a soft-deleted document is NOT_FOUND unless include_deleted is set")
    void deletedDocumentIsHidden() {
        String id = server.commands().createDocument(aDocument("Temp").build()).getDocumentId();
        server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(id).setReason("x").build());

        assertThatThrownBy(() -> server.queries().getDocument(getAtLeast(id, 2)))
                .isInstanceOf(StatusRuntimeException.class)
                .extracting(e -> ((StatusRuntimeException) e).getStatus().getCode())
                .isEqualTo(Status.Code.NOT_FOUND);
        Document deleted = server.queries().getDocument(GetDocumentRequest.newBuilder()
                .setDocumentId(id).setIncludeDeleted(true).build());
        assertThat(deleted.getDeleted()).isTrue();
        assertThat(deleted.getVersion()).isEqualTo(2);
    }

    @Test
    @DisplayName("an update with an empty mask sets exactly the fields given non-empty values")
    void updateWithoutMask() {
        String id = server.commands().createDocument(aDocument("Masked").build()).getDocumentId();
        server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                .setDocumentId(id)
                .setContent(ByteString.copyFromUtf8("new body"))
                .putMetadata("team", "red")
                .build());
        Document document = server.queries().getDocument(getAtLeast(id, 2));
        assertThat(document.getTitle()).isEqualTo("Masked");
        assertThat(document.getContent().toStringUtf8()).isEqualTo("new body");
        assertThat(document.getMetadataMap()).isEqualTo(Map.of("team", "red"));
        assertThat(document.getTagsList()).containsExactly("report");
        assertThat(document.getContentSize()).isEqualTo(8);
    }

    @Test
    @DisplayName("min_version makes a read wait for the projection, then answers")
    void readYourWrites() {
        String id = server.commands().createDocument(aDocument("Fresh").build()).getDocumentId();
        for (int i = 2; i <= 20; i++) {
            long version = server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                    .setDocumentId(id).setTitle("Fresh " + i).build()).getVersion();
            Document read = server.queries().getDocument(getAtLeast(id, version));
            assertThat(read.getVersion()).isGreaterThanOrEqualTo(version);
            assertThat(read.getTitle()).isEqualTo("Fresh " + i);
        }
    }

    @Test
    @DisplayName("min_version beyond what will ever exist ends in UNAVAILABLE within the deadline")
    void minVersionTimesOut() {
        String id = server.commands().createDocument(aDocument("Waiting").build()).getDocumentId();
        long started = System.nanoTime();
        assertThatThrownBy(() -> server.queries().withDeadlineAfter(700, java.util.concurrent.TimeUnit.MILLISECONDS)
                .getDocument(getAtLeast(id, 99)))
                .isInstanceOf(StatusRuntimeException.class)
                .extracting(e -> ((StatusRuntimeException) e).getStatus().getCode())
                .isIn(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("replaying every event from the start leaves the read model exactly as it was")
    void replayIsIdempotent() {
        for (int i = 0; i < 5; i++) {
            String id = server.commands().createDocument(aDocument("Replay " + i).build()).getDocumentId();
            server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("R" + i).build());
            server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(id).build());
            server.queries().getDocument(GetDocumentRequest.newBuilder()
                    .setDocumentId(id).setMinVersion(3).setIncludeDeleted(true).build());
        }
        List<Map<String, Object>> versionsBefore = dump("document_version");
        List<Map<String, Object>> currentBefore = dump("document_current");
        long eventCount = server.jdbc().queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        long head = server.jdbc().queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);

        StreamingEventProcessor processor = server.bean(EventProcessingConfiguration.class)
                .eventProcessor(DocumentViewsProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();

        // A replay ends formally only with the first event after the reset point; the read model is
        // rebuilt once every segment has reached the head of the stream.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(processor.processingStatus().values()).hasSize(4).allSatisfy(status ->
                        assertThat(status.getCurrentPosition().orElse(-1)).isGreaterThanOrEqualTo(head)));
        assertThat(server.jdbc().queryForObject("SELECT count(*) FROM domain_event_entry", Long.class))
                .isEqualTo(eventCount);
        assertThat(dump("document_version")).isEqualTo(versionsBefore);
        assertThat(dump("document_current")).isEqualTo(currentBefore);
    }

    private static Document version(String id, long version) {
        return server.queries().getDocument(GetDocumentRequest.newBuilder()
                .setDocumentId(id).setVersion(version).setMinVersion(version).setIncludeDeleted(true).build());
    }

    private static List<Map<String, Object>> dump(String table) {
        return server.jdbc().queryForList("SELECT * FROM " + table + " ORDER BY document_id"
                + (table.equals("document_version") ? ", version" : "")).stream()
                .map(row -> {
                    Map<String, Object> copy = new java.util.TreeMap<>();
                    row.forEach((k, v) -> copy.put(k, v instanceof java.sql.Array a ? arrayText(a) : String.valueOf(v)));
                    return (Map<String, Object>) copy;
                })
                .toList();
    }

    private static String arrayText(java.sql.Array array) {
        try {
            return java.util.Arrays.toString((Object[]) array.getArray());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
