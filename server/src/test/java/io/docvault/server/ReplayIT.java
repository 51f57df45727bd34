package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static io.docvault.server.Requests.getAtLeast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.GetProjectionStatusRequest;
import io.docvault.proto.v1.ListDocumentsRequest;
import io.docvault.proto.v1.ProjectionStatus;
import io.docvault.proto.v1.ReplayPhase;
import io.docvault.proto.v1.ReplayProgress;
import io.docvault.proto.v1.ReplayProjectionsRequest;
import io.docvault.proto.v1.RevertDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** ReplayProjections rebuilds the read model into fresh tables while the service keeps answering. */
class ReplayIT extends OneServerPerClass {

    @Test
    @DisplayName("a rebuild under load streams progress, switches over, and leaves the read model equal to a full projection")
    void rebuildUnderLoad() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = server.commands().createDocument(aDocument("Doc " + i).build()).getDocumentId();
            server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("Doc " + i + "b").build());
            if (i % 4 == 0) {
                server.commands().revertDocument(RevertDocumentRequest.newBuilder().setDocumentId(id).setToVersion(1).build());
            }
            if (i % 5 == 0) {
                server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(id).setReason("r").build());
            }
            ids.add(id);
        }
        ids.forEach(id -> server.queries().getDocument(io.docvault.proto.v1.GetDocumentRequest.newBuilder()
                .setDocumentId(id).setMinVersion(2).setIncludeDeleted(true).build()));

        long generationBefore = server.jdbc().queryForObject("SELECT generation FROM read_model_info", Long.class);
        // Writers and readers keep working during the rebuild.
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        AtomicInteger readFailures = new AtomicInteger();
        AtomicInteger writes = new AtomicInteger();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            while (rebuilding.get()) {
                String id = server.commands().createDocument(aDocument("During").build()).getDocumentId();
                writes.incrementAndGet();
                try {
                    server.queries().getDocument(getAtLeast(id, 1));
                    server.queries().listDocuments(ListDocumentsRequest.newBuilder().setPageSize(5).build());
                } catch (StatusRuntimeException e) {
                    readFailures.incrementAndGet();
                }
            }
        });

        List<ReplayProgress> progress = new ArrayList<>();
        Iterator<ReplayProgress> stream = AdminServiceGrpc.newBlockingStub(server.channel())
                .withDeadlineAfter(120, java.util.concurrent.TimeUnit.SECONDS)
                .replayProjections(ReplayProjectionsRequest.newBuilder().setProgressIntervalSeconds(1).build());
        stream.forEachRemaining(progress::add);
        rebuilding.set(false);
        load.get();

        assertThat(progress).isNotEmpty();
        ReplayProgress last = progress.get(progress.size() - 1);
        assertThat(last.getPhase()).isEqualTo(ReplayPhase.REPLAY_PHASE_DONE);
        assertThat(last.getGeneration()).isEqualTo(generationBefore + 1);
        assertThat(last.getEventsDone()).isGreaterThanOrEqualTo(last.getEventsTotal());
        assertThat(last.getEventsTotal()).isGreaterThanOrEqualTo(40 * 2);
        assertThat(progress).extracting(ReplayProgress::getPhase).contains(ReplayPhase.REPLAY_PHASE_SWITCHING);
        assertThat(readFailures).hasValue(0);
        assertThat(writes.get()).isPositive();

        // After the switch the live processor goes on: new writes are projected into the rebuilt tables.
        String after = server.commands().createDocument(aDocument("After").build()).getDocumentId();
        assertThat(server.queries().getDocument(getAtLeast(after, 1)).getTitle()).isEqualTo("After");
        long documents = server.jdbc().queryForObject(
                "SELECT count(DISTINCT aggregate_identifier) FROM domain_event_entry", Long.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(server.queries().listDocuments(
                ListDocumentsRequest.newBuilder().setIncludeDeleted(true).build()).getTotalSize()).isEqualTo(documents));
        assertThat(server.jdbc().queryForObject("SELECT count(*) FROM document_version", Long.class))
                .isEqualTo(server.jdbc().queryForObject("SELECT count(*) FROM domain_event_entry", Long.class));
        assertThat(server.jdbc().queryForList("SELECT indexname FROM pg_indexes WHERE tablename = 'document_version'",
                String.class)).contains("document_version_pkey", "document_version_changed");
        assertThat(server.jdbc().queryForList("SELECT tablename FROM pg_tables WHERE tablename LIKE '%\\_next'",
                String.class)).isEmpty();

        ProjectionStatus status = AdminServiceGrpc.newBlockingStub(server.channel())
                .getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance()).getProjectionsList().stream()
                .filter(p -> p.getName().equals("document-views")).findFirst().orElseThrow();
        assertThat(status.getGeneration()).isEqualTo(generationBefore + 1);
        assertThat(status.getRunning()).isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(AdminServiceGrpc.newBlockingStub(server.channel())
                .getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance()).getProjections(0).getLag()).isZero());
    }

    @Test
    @DisplayName("the rebuild's bulk pass writes the rows the live projection wrote, byte for byte, awkward text included")
    void bulkPassWritesWhatTheProjectionWrote() {
        // Each is something the COPY text format or an array literal must escape.
        List<String> awkward = List.of("tab\tx", "line\nbreak", "cr\rx", "back\\slash", "\\N", "NULL", "quote\"s",
                "{brace,comma}", "Émile 🎉", "semi;colon'", "trailing\\");
        List<String> ids = new ArrayList<>();
        for (String text : awkward) {
            String id = server.commands().createDocument(io.docvault.proto.v1.CreateDocumentRequest.newBuilder()
                    .setTitle(text).setContent(com.google.protobuf.ByteString.copyFromUtf8(text))
                    .setContentType("text/plain").setAuthor(text).addTags(text).addTags("plain").setCategory(text)
                    .putMetadata(text, text).putMetadata("k", text).build()).getDocumentId();
            server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle(text + "2")
                    .setChangeNote(text).setContent(com.google.protobuf.ByteString.copyFromUtf8(text + "2"))
                    .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addPaths("title").addPaths("content"))
                    .build());
            server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(id).setReason(text).build());
            server.commands().restoreDocument(io.docvault.proto.v1.RestoreDocumentRequest.newBuilder().setDocumentId(id)
                    .setReason(text).build());
            server.commands().revertDocument(RevertDocumentRequest.newBuilder().setDocumentId(id).setToVersion(1)
                    .setChangeNote(text).build());
            server.queries().getDocument(getAtLeast(id, 5));
            ids.add(id);
        }
        String[] idArray = ids.toArray(String[]::new);
        // Whole rows as PostgreSQL prints them: every column, compared as text.
        String versions = "SELECT t::text FROM document_version t WHERE document_id = ANY (?::uuid[]) "
                + "ORDER BY document_id, version";
        String current = "SELECT t::text FROM document_current t WHERE document_id = ANY (?::uuid[]) ORDER BY document_id";
        String contents = "SELECT t::text FROM document_content t WHERE content_sha256 IN (SELECT content_sha256 "
                + "FROM document_version WHERE document_id = ANY (?::uuid[])) ORDER BY content_sha256";
        List<String> versionsBefore = server.jdbc().queryForList(versions, String.class, (Object) idArray);
        List<String> currentBefore = server.jdbc().queryForList(current, String.class, (Object) idArray);
        List<String> contentsBefore = server.jdbc().queryForList(contents, String.class, (Object) idArray);
        assertThat(versionsBefore).hasSize(awkward.size() * 5);
        assertThat(currentBefore).hasSize(awkward.size());
        assertThat(contentsBefore).hasSize(awkward.size() * 2);

        AdminServiceGrpc.newBlockingStub(server.channel())
                .replayProjections(ReplayProjectionsRequest.getDefaultInstance()).forEachRemaining(p -> { });

        assertThat(server.jdbc().queryForList(versions, String.class, (Object) idArray)).isEqualTo(versionsBefore);
        assertThat(server.jdbc().queryForList(current, String.class, (Object) idArray)).isEqualTo(currentBefore);
        assertThat(server.jdbc().queryForList(contents, String.class, (Object) idArray)).isEqualTo(contentsBefore);
    }

    @Test
    @DisplayName("an event that commits after the rebuild's pass, below the position the pass ended at, still reaches the read model")
    void gapLeftByTheBulkPassIsFilled() throws Exception {
        String template = server.commands().createDocument(aDocument("Template").build()).getDocumentId();
        server.queries().getDocument(getAtLeast(template, 1));
        String late = java.util.UUID.randomUUID().toString();
        try (java.sql.Connection connection = server.jdbc().getDataSource().getConnection()) {
            connection.setAutoCommit(false);
            // A copy of the template's creation under a new id, its global index taken but not committed.
            try (var insert = connection.prepareStatement("""
                    INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                        meta_data, payload, payload_revision, payload_type, time_stamp)
                    SELECT ?, 0, type, gen_random_uuid()::text, meta_data,
                        convert_to(replace(convert_from(payload, 'UTF8'), aggregate_identifier, ?), 'UTF8'),
                        payload_revision, payload_type, time_stamp
                    FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0""")) {
                insert.setString(1, late);
                insert.setString(2, late);
                insert.setString(3, template);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            String after = server.commands().createDocument(aDocument("After the gap").build()).getDocumentId();
            server.queries().getDocument(getAtLeast(after, 1));

            AdminServiceGrpc.newBlockingStub(server.channel())
                    .replayProjections(ReplayProjectionsRequest.getDefaultInstance()).forEachRemaining(p -> { });
            assertThat(server.queries().getDocument(getAtLeast(after, 1)).getTitle()).isEqualTo("After the gap");
            connection.commit();
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(server.queries()
                .getDocument(getAtLeast(late, 1)).getTitle()).isEqualTo("Template"));
    }

    @Test
    @DisplayName("a second rebuild while one runs is FAILED_PRECONDITION")
    void oneAtATime() throws Exception {
        for (int i = 0; i < 200; i++) {
            server.commands().createDocument(aDocument("Bulk " + i).build());
        }
        Iterator<ReplayProgress> first = AdminServiceGrpc.newBlockingStub(server.channel())
                .replayProjections(ReplayProjectionsRequest.getDefaultInstance());
        first.next();
        StatusRuntimeException second = GrpcFailures.failure(() -> AdminServiceGrpc.newBlockingStub(server.channel())
                .replayProjections(ReplayProjectionsRequest.getDefaultInstance()).forEachRemaining(p -> { }));
        assertThat(second.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        first.forEachRemaining(p -> { });
        assertThat(server.jdbc().queryForObject("SELECT generation FROM read_model_info", Long.class)).isGreaterThan(0);
        Map<String, Object> row = server.jdbc().queryForMap("SELECT count(*) AS n FROM token_entry WHERE processor_name = ?",
                "document-views-rebuild");
        assertThat(row.get("n")).isEqualTo(0L);
    }
}
