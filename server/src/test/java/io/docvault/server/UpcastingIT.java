package io.docvault.server;

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
 * A stream stored before DocumentUpdatedEvent revision 2 existed (fixture: revision-1 JSON written
 * straight into the event store) is loaded by the aggregate, projected, and rebuilt through the upcaster.
 */
class UpcastingIT {

    @Test
    @DisplayName("a stored revision-1 update is loaded, projected and replayed as revision 2")
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

            // Projected live: version 2 has the content the revision-1 event carried.
            Document v2 = server.queries().getDocument(getAtLeast(id, 2));
            assertThat(v2.getTitle()).isEqualTo("Legacy, edited");
            assertThat(v2.getContent().toStringUtf8()).isEqualTo("second body\n");
            assertThat(v2.getContentSha256()).isEqualTo(fixture.get("events").get(1).get("payload").get("contentSha256").asText());
            VersionInfo change = server.queries().listVersions(ListVersionsRequest.newBuilder().setDocumentId(id).build())
                    .getVersions(1);
            assertThat(change.getChangedFieldsList()).containsExactly("title", "content");

            // Loaded by the aggregate: the same content again is no change (its digest came through the upcaster),
            // and the version check sees version 2.
            assertThat(server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id)
                    .setContent(ByteString.copyFromUtf8("second body\n")).build()).getVersion()).isEqualTo(2);
            assertThat(server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id)
                    .setExpectedVersion(2).setTitle("Current").build()).getVersion()).isEqualTo(3);

            // Rebuilt from the event store: the same answers.
            AdminServiceGrpc.newBlockingStub(server.channel())
                    .replayProjections(ReplayProjectionsRequest.getDefaultInstance()).forEachRemaining(p -> { });
            Document rebuilt = server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(2).build());
            assertThat(rebuilt).isEqualTo(v2);
            assertThat(server.queries().getDocument(getAtLeast(id, 3)).getTitle()).isEqualTo("Current");
        }
    }

    private static JsonNode fixture() throws IOException {
        try (InputStream in = UpcastingIT.class.getResourceAsStream("/events/legacy-stream-revision-1.json")) {
            return new ObjectMapper().readTree(in);
        }
    }
}
