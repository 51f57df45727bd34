package io.docvault.server;

import static io.docvault.server.GrpcFailures.assertCode;
import static io.docvault.server.GrpcFailures.assertFieldViolation;
import static io.docvault.server.GrpcFailures.failure;
import static io.docvault.server.GrpcFailures.reasonOf;
import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.ListDocumentsRequest;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.RestoreDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every rejected request gets the documented status, with details naming the field, and nothing internal. */
class ErrorsIT {

    private static RunningServer server;
    private static String existing;

    @BeforeAll
    static void start() {
        server = RunningServer.onNewDatabase();
        existing = server.commands().createDocument(aDocument("Existing").build()).getDocumentId();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("a malformed document id is INVALID_ARGUMENT naming document_id, on every RPC")
    void badUuid() {
        assertFieldViolation(() -> server.queries().getDocument(GetDocumentRequest.newBuilder()
                .setDocumentId("not-a-uuid").build()), Code.INVALID_ARGUMENT, "document_id");
        assertFieldViolation(() -> server.commands().createDocument(aDocument("x").setDocumentId("1-2-3-4-5").build()),
                Code.INVALID_ARGUMENT, "document_id");
        assertFieldViolation(() -> server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                .setDocumentId("zzz").setTitle("t").build()), Code.INVALID_ARGUMENT, "document_id");
        assertFieldViolation(() -> server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().build()),
                Code.INVALID_ARGUMENT, "document_id");
        assertFieldViolation(() -> server.commands().restoreDocument(RestoreDocumentRequest.newBuilder()
                .setDocumentId("x").build()), Code.INVALID_ARGUMENT, "document_id");
        assertFieldViolation(() -> server.queries().listVersions(ListVersionsRequest.newBuilder()
                .setDocumentId("x").build()), Code.INVALID_ARGUMENT, "document_id");
    }

    @Test
    @DisplayName("a blank title is INVALID_ARGUMENT naming title, on create and on a masked update")
    void blankTitle() {
        assertFieldViolation(() -> server.commands().createDocument(aDocument("   ").build()),
                Code.INVALID_ARGUMENT, "title");
        assertFieldViolation(() -> server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                        .setDocumentId(existing).setUpdateMask(FieldMask.newBuilder().addPaths("title")).build()),
                Code.INVALID_ARGUMENT, "title");
    }

    @Test
    @DisplayName("an unknown enum number is INVALID_ARGUMENT naming the field")
    void unknownEnum() {
        assertFieldViolation(() -> server.commands().createDocument(aDocument("x").setStatusValue(42).build()),
                Code.INVALID_ARGUMENT, "status");
        assertFieldViolation(() -> server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                .setDocumentId(existing).setStatusValue(-3).build()), Code.INVALID_ARGUMENT, "status");
        assertFieldViolation(() -> server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                .setStatusValue(7).build()), Code.INVALID_ARGUMENT, "status");
    }

    @Test
    @DisplayName("bad paging values are INVALID_ARGUMENT naming the field")
    void badPaging() {
        assertFieldViolation(() -> server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                .setSkip(-1).build()), Code.INVALID_ARGUMENT, "skip");
        assertFieldViolation(() -> server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                .setPageSize(1001).build()), Code.INVALID_ARGUMENT, "page_size");
        assertFieldViolation(() -> server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                .setPageSize(-5).build()), Code.INVALID_ARGUMENT, "page_size");
        assertFieldViolation(() -> server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                .setPageToken("garbage!").build()), Code.INVALID_ARGUMENT, "page_token");
        assertFieldViolation(() -> server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                .setOrderBy("size desc").build()), Code.INVALID_ARGUMENT, "order_by");
        assertFieldViolation(() -> server.queries().listVersions(ListVersionsRequest.newBuilder()
                .setDocumentId(existing).setPageSize(5000).build()), Code.INVALID_ARGUMENT, "page_size");
    }

    @Test
    @DisplayName("an unknown field-mask path is INVALID_ARGUMENT naming its position")
    void badFieldMask() {
        assertFieldViolation(() -> server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                        .setDocumentId(existing)
                        .setUpdateMask(FieldMask.newBuilder().addPaths("title").addPaths("owner"))
                        .setTitle("t").build()),
                Code.INVALID_ARGUMENT, "update_mask.paths[1]");
        assertFieldViolation(() -> server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                .setDocumentId(existing).build()), Code.INVALID_ARGUMENT, "update_mask");
    }

    @Test
    @DisplayName("content over the limit is RESOURCE_EXHAUSTED naming content")
    void contentTooLarge() {
        ByteString tooLarge = ByteString.copyFrom(new byte[4 * 1024 * 1024 + 1]);
        assertFieldViolation(() -> server.commands().createDocument(aDocument("big").setContent(tooLarge).build()),
                Code.RESOURCE_EXHAUSTED, "content");
        assertFieldViolation(() -> server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                .setDocumentId(existing).setContent(tooLarge).build()), Code.RESOURCE_EXHAUSTED, "content");
    }

    @Test
    @DisplayName("content exactly at the limit is accepted")
    void contentAtLimit() {
        ByteString atLimit = ByteString.copyFrom(new byte[4 * 1024 * 1024]);
        assertThat(server.commands().createDocument(aDocument("at limit").setContent(atLimit).build()).getVersion())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("unknown ids are NOT_FOUND for reads and changes")
    void unknownId() {
        String unknown = UUID.randomUUID().toString();
        assertCode(() -> server.queries().getDocument(Requests.get(unknown)), Code.NOT_FOUND);
        assertCode(() -> server.queries().listVersions(ListVersionsRequest.newBuilder().setDocumentId(unknown).build()),
                Code.NOT_FOUND);
        assertCode(() -> server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                .setDocumentId(unknown).setTitle("t").build()), Code.NOT_FOUND);
        assertCode(() -> server.commands().deleteDocument(DeleteDocumentRequest.newBuilder()
                .setDocumentId(unknown).build()), Code.NOT_FOUND);
        assertCode(() -> server.commands().restoreDocument(RestoreDocumentRequest.newBuilder()
                .setDocumentId(unknown).build()), Code.NOT_FOUND);
        assertCode(() -> server.queries().getDocument(GetDocumentRequest.newBuilder()
                .setDocumentId(existing).setVersion(99).build()), Code.NOT_FOUND);
    }

    @Test
    @DisplayName("creating with a taken id is ALREADY_EXISTS")
    void duplicateId() {
        StatusRuntimeException failure = failure(() -> server.commands().createDocument(
                aDocument("again").setDocumentId(existing).build()));
        assertThat(failure.getStatus().getCode()).isEqualTo(Code.ALREADY_EXISTS);
        assertThat(reasonOf(failure)).isEqualTo("DOCUMENT_ALREADY_EXISTS");
    }

    @Test
    @DisplayName("rule violations are FAILED_PRECONDITION: stale version, change of a deleted document, restore of a live one")
    void preconditions() {
        String id = server.commands().createDocument(aDocument("Rules").build()).getDocumentId();
        StatusRuntimeException stale = failure(() -> server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                .setDocumentId(id).setExpectedVersion(7).setTitle("t").build()));
        assertThat(stale.getStatus().getCode()).isEqualTo(Code.FAILED_PRECONDITION);
        assertThat(reasonOf(stale)).isEqualTo("VERSION_CONFLICT");

        StatusRuntimeException live = failure(() -> server.commands().restoreDocument(RestoreDocumentRequest.newBuilder()
                .setDocumentId(id).build()));
        assertThat(live.getStatus().getCode()).isEqualTo(Code.FAILED_PRECONDITION);
        assertThat(reasonOf(live)).isEqualTo("DOCUMENT_NOT_DELETED");

        server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(id).build());
        StatusRuntimeException update = failure(() -> server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                .setDocumentId(id).setTitle("t").build()));
        assertThat(update.getStatus().getCode()).isEqualTo(Code.FAILED_PRECONDITION);
        assertThat(reasonOf(update)).isEqualTo("DOCUMENT_DELETED");
        assertCode(() -> server.commands().deleteDocument(DeleteDocumentRequest.newBuilder()
                .setDocumentId(id).build()), Code.FAILED_PRECONDITION);
    }

    @Test
    @DisplayName("several problems in one request are all reported")
    void severalViolations() {
        StatusRuntimeException failure = failure(() -> server.commands().createDocument(CreateDocumentRequest.newBuilder()
                .setDocumentId("nope").setTitle("").setStatusValue(9).addTags(" ").build()));
        assertThat(failure.getStatus().getCode()).isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(GrpcFailures.fieldsOf(failure)).contains("document_id", "title", "status", "tags[0]");
    }

    @Test
    @DisplayName("text a database cannot store (NUL characters) is INVALID_ARGUMENT naming the field, everywhere")
    void nulCharacters() {
        assertFieldViolation(() -> server.commands().createDocument(aDocument("a\0b").build()), Code.INVALID_ARGUMENT, "title");
        assertFieldViolation(() -> server.commands().createDocument(aDocument("x").addTags("t\0").build()),
                Code.INVALID_ARGUMENT, "tags[1]");
        assertFieldViolation(() -> server.commands().createDocument(aDocument("x").putMetadata("k", "v\0").build()),
                Code.INVALID_ARGUMENT, "metadata[k]");
        assertFieldViolation(() -> server.commands().createDocument(aDocument("x").setRequestId("r\0").build()),
                Code.INVALID_ARGUMENT, "request_id");
        assertFieldViolation(() -> server.commands().deleteDocument(DeleteDocumentRequest.newBuilder()
                .setDocumentId(existing).setReason("\0").build()), Code.INVALID_ARGUMENT, "reason");
        assertFieldViolation(() -> server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                .setAuthor("\0").build()), Code.INVALID_ARGUMENT, "author");
        assertFieldViolation(() -> server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                .setTag("\0").build()), Code.INVALID_ARGUMENT, "tag");
    }

    @Test
    @DisplayName("a 500-character title in a 4-byte script is stored and listed; 501 characters are refused")
    void longTitles() {
        String title = "\uD83D\uDCC4".repeat(250);
        assertThat(title).hasSize(500);
        String id = server.commands().createDocument(aDocument(title).build()).getDocumentId();
        assertThat(server.queries().getDocument(Requests.getAtLeast(id, 1)).getTitle()).isEqualTo(title);
        assertFieldViolation(() -> server.commands().createDocument(aDocument("x".repeat(501)).build()),
                Code.INVALID_ARGUMENT, "title");
        // The projection kept going: a later document is readable too.
        String later = server.commands().createDocument(aDocument("after the long title").build()).getDocumentId();
        assertThat(server.queries().getDocument(Requests.getAtLeast(later, 1)).getVersion()).isEqualTo(1);
    }

    @Test
    @DisplayName("page tokens that were not issued by the service are INVALID_ARGUMENT, never INTERNAL")
    void forgedTokens() {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        for (String plain : List.of("1|0123456789abcdef|not-a-uuid|2026-01-01T00:00:00Z",
                "1|0123456789abcdef|123e4567-e89b-42d3-a456-426614174000|yesterday", "2|x|y|z", "", "||||")) {
            String token = base64.encodeToString(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (token.isEmpty()) {
                continue;
            }
            assertFieldViolation(() -> server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                    .setPageToken(token).build()), Code.INVALID_ARGUMENT, "page_token");
            assertFieldViolation(() -> server.queries().listVersions(ListVersionsRequest.newBuilder()
                    .setDocumentId(existing).setPageToken(token).build()), Code.INVALID_ARGUMENT, "page_token");
            assertFieldViolation(() -> server.queries().getAuditTrail(io.docvault.proto.v1.GetAuditTrailRequest.newBuilder()
                    .setPageToken(token).build()), Code.INVALID_ARGUMENT, "page_token");
        }
    }

    @Test
    @DisplayName("an over-long x-actor header is INVALID_ARGUMENT")
    void badActor() {
        assertFieldViolation(() -> server.commands("a".repeat(300)).createDocument(aDocument("x").build()),
                Code.INVALID_ARGUMENT, "x-actor");
    }
}
