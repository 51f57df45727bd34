package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static io.docvault.server.Requests.getAtLeast;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.ReplayProjectionsRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.docvault.proto.v1.VersionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A stream stored before events named their content by hash (fixture: revision-1 and revision-2 JSON,
 * content bytes inline, written straight into the event store) is loaded by the aggregate, projected,
 * and rebuilt through the upcasters; new events keep their content beside them.
 */
class UpcastingIT {

    @Test
    @DisplayName("a stream stored before events named their content (revision-1 creation and update, revision-2 update, bytes inline) is loaded, projected and replayed")
    void legacyStream() throws IOException {
        try (RunningServer server = RunningServer.onNewDatabase()) {
            JsonNode fixture = fixture();
            String id = fixture.get("documentId").asText();
            long sequence = 0;
            for (JsonNode event : fixture.get("events")) {
                server.jdbc().update("""
                                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                                    type, time_stamp, payload_type, payload_revision, payload, meta_data)
                                VALUES (?, ?, ?, 'Document', ?, ?, ?, ?, ?)""",
                        UUID.randomUUID().toString(), id, sequence++, Instant.now().toString(),
                        event.get("type").asText(), event.get("revision").asText(),
                        event.get("payload").toString().getBytes(StandardCharsets.UTF_8),
                        "{}".getBytes(StandardCharsets.UTF_8));
            }

            // Projected live: each version has the content its event carried, read from the stored event.
            Document v1 = server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(1)
                    .setMinVersion(3).build());
            assertThat(v1.getContent().toStringUtf8()).isEqualTo("first body\n");
            Document v2 = server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(2).build());
            assertThat(v2.getTitle()).isEqualTo("Legacy, edited");
            assertThat(v2.getContent().toStringUtf8()).isEqualTo("second body\n");
            assertThat(v2.getContentSha256()).isEqualTo(fixture.get("events").get(1).get("payload").get("contentSha256").asText());
            Document v3 = server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(3).build());
            assertThat(v3.getContent().toStringUtf8()).isEqualTo("third body\n");
            VersionInfo change = server.queries().listVersions(ListVersionsRequest.newBuilder().setDocumentId(id).build())
                    .getVersions(1);
            assertThat(change.getChangedFieldsList()).containsExactly("title", "content");
            assertThat(server.jdbc().queryForObject("SELECT count(*) FROM event_content", Long.class)).isZero();

            // Loaded by the aggregate: the same content again is no change (its digest came through the upcasters),
            // and the version check sees version 3.
            assertThat(server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id)
                    .setContent(ByteString.copyFromUtf8("third body\n")).build()).getVersion()).isEqualTo(3);
            assertThat(server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id)
                    .setExpectedVersion(3).setTitle("Current").build()).getVersion()).isEqualTo(4);

            // Rebuilt from the event store: the same answers.
            AdminServiceGrpc.newBlockingStub(server.channel())
                    .replayProjections(ReplayProjectionsRequest.getDefaultInstance()).forEachRemaining(p -> { });
            assertThat(server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(1)
                    .build())).isEqualTo(v1);
            assertThat(server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(2)
                    .build())).isEqualTo(v2);
            assertThat(server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(3)
                    .build())).isEqualTo(v3);
            assertThat(server.queries().getDocument(getAtLeast(id, 4)).getTitle()).isEqualTo("Current");
        }
    }

    @Test
    @DisplayName("new events name their content by SHA-256; the bytes are stored once, beside them, and checked when read")
    void contentBesideTheEvents() {
        try (RunningServer server = RunningServer.onNewDatabase()) {
            String id = server.commands().createDocument(aDocument("Named").setContent(ByteString.copyFromUtf8("body one\n"))
                    .build()).getDocumentId();
            server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id)
                    .setContent(ByteString.copyFromUtf8("body two\n")).build());
            String other = server.commands().createDocument(aDocument("Same body")
                    .setContent(ByteString.copyFromUtf8("body two\n")).build()).getDocumentId();
            assertThat(server.queries().getDocument(getAtLeast(id, 2)).getContent().toStringUtf8()).isEqualTo("body two\n");
            assertThat(server.queries().getDocument(getAtLeast(other, 1)).getContent().toStringUtf8())
                    .isEqualTo("body two\n");

            for (String payload : server.jdbc().queryForList("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry",
                    String.class)) {
                assertThat(payload).doesNotContain(java.util.Base64.getEncoder().encodeToString(
                        "body one\n".getBytes(StandardCharsets.UTF_8))).doesNotContain("\"bytes\"");
            }
            assertThat(server.jdbc().queryForList("SELECT convert_from(content, 'UTF8') FROM event_content ORDER BY 1",
                    String.class)).containsExactly("body one\n", "body two\n");

            // A content changed outside DocVault no longer matches its hash: a rebuild fails and leaves the
            // served read model as it was.
            server.jdbc().update("UPDATE event_content SET content = convert_to('forged\n', 'UTF8') "
                    + "WHERE convert_from(content, 'UTF8') = 'body one\n'");
            io.grpc.StatusRuntimeException failure = GrpcFailures.failure(() -> AdminServiceGrpc.newBlockingStub(
                    server.channel()).replayProjections(ReplayProjectionsRequest.getDefaultInstance())
                    .forEachRemaining(p -> { }));
            assertThat(failure.getStatus().getCode()).isNotEqualTo(io.grpc.Status.Code.OK);
            assertThat(server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(1)
                    .build()).getContent().toStringUtf8()).isEqualTo("body one\n");
        }
    }

    private static JsonNode fixture() throws IOException {
        try (InputStream in = UpcastingIT.class.getResourceAsStream("/events/legacy-stream-revision-1.json")) {
            return new ObjectMapper().readTree(in);
        }
    }
}
