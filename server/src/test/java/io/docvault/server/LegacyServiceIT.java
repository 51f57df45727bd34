package io.docvault.server;

import static io.docvault.server.GrpcFailures.assertCode;
import static io.docvault.server.GrpcFailures.assertFieldViolation;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.docvault.proto.legacy.CreateDocumentRequest;
import io.docvault.proto.legacy.DeleteDocumentRequest;
import io.docvault.proto.legacy.Document;
import io.docvault.proto.legacy.DocumentServiceGrpc;
import io.docvault.proto.legacy.DocumentServiceGrpc.DocumentServiceBlockingStub;
import io.docvault.proto.legacy.DocumentStatus;
import io.docvault.proto.legacy.DocumentVersion;
import io.docvault.proto.legacy.GetDocumentRequest;
import io.docvault.proto.legacy.GetDocumentVersionRequest;
import io.docvault.proto.legacy.GetDocumentVersionsRequest;
import io.docvault.proto.legacy.ListDocumentsRequest;
import io.docvault.proto.legacy.RestoreDocumentRequest;
import io.docvault.proto.legacy.UpdateDocumentRequest;
import io.docvault.proto.v1.CommandResult;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The old Python service's API (package document), driven through its own generated stubs against a
 * running server: its shapes, its NOT_FOUND rules and "empty means not provided", over the same store
 * as docvault.v1.
 */
class LegacyServiceIT extends OneServerPerClass {

    private static final String UNKNOWN_ID = "123e4567-e89b-42d3-a456-426614174000";

    private static DocumentServiceBlockingStub legacy() {
        return DocumentServiceGrpc.newBlockingStub(server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static CreateDocumentRequest.Builder anOldDocument(String title) {
        return CreateDocumentRequest.newBuilder()
                .setTitle(title)
                .setContent("Текст of " + title + " ✓")
                .setStatus(DocumentStatus.PUBLISHED)
                .setAuthor("Alice")
                .addTags("report")
                .addTags("q3")
                .setCategory("finance")
                .addComments("first draft")
                .addComments("checked by Bob");
    }

    private static Document create(String title) {
        return legacy().createDocument(anOldDocument(title).build());
    }

    private static Document get(String id) {
        return legacy().getDocument(GetDocumentRequest.newBuilder().setId(id).build()).getDocument();
    }

    private static Document update(UpdateDocumentRequest.Builder request) {
        return legacy().updateDocument(request.build()).getDocument();
    }

    private static void delete(String id) {
        assertThat(legacy().deleteDocument(DeleteDocumentRequest.newBuilder().setId(id).build()).getSuccess()).isTrue();
    }

    private static Document restore(String id) {
        return legacy().restoreDocument(RestoreDocumentRequest.newBuilder().setId(id).build());
    }

    private static List<DocumentVersion> versions(String id) {
        return legacy().getDocumentVersions(GetDocumentVersionsRequest.newBuilder().setId(id).build()).getVersionsList();
    }

    private static DocumentVersion version(String id, String versionId) {
        return legacy().getDocumentVersion(GetDocumentVersionRequest.newBuilder().setId(id).setVersionId(versionId).build());
    }

    private static List<String> listIds(int skip, int limit) {
        return legacy().listDocuments(ListDocumentsRequest.newBuilder().setSkip(skip).setLimit(limit).build())
                .getDocumentsList().stream().map(Document::getId).toList();
    }

    private static Instant parseTime(String text) {
        assertThat(text).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }

    @Test
    @DisplayName("a created document comes back whole, and a get right after the create sees it")
    void createThenGet() {
        Instant before = Instant.now().minusSeconds(5);
        Document created = create("Plan");

        assertThat(created.getId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(created.getTitle()).isEqualTo("Plan");
        assertThat(created.getContent()).isEqualTo("Текст of Plan ✓");
        assertThat(created.getStatus()).isEqualTo(DocumentStatus.PUBLISHED);
        assertThat(created.getAuthor()).isEqualTo("Alice");
        assertThat(created.getTagsList()).containsExactly("report", "q3");
        assertThat(created.getCategory()).isEqualTo("finance");
        assertThat(created.getCommentsList()).containsExactly("first draft", "checked by Bob");
        assertThat(created.getIsDeleted()).isFalse();
        assertThat(parseTime(created.getCreatedAt())).isAfter(before).isBefore(Instant.now().plusSeconds(5));
        assertThat(created.getUpdatedAt()).isEqualTo(created.getCreatedAt());

        assertThat(get(created.getId())).isEqualTo(created);
    }

    @Test
    @DisplayName("create without status is a draft; blank title, content or author and unknown status are INVALID_ARGUMENT")
    void createValidation() {
        Document draft = legacy().createDocument(anOldDocument("Draft").clearStatus().clearComments().build());
        assertThat(draft.getStatus()).isEqualTo(DocumentStatus.DRAFT);
        assertThat(draft.getCommentsList()).isEmpty();

        assertFieldViolation(() -> legacy().createDocument(anOldDocument(" ").build()), Status.Code.INVALID_ARGUMENT, "title");
        assertFieldViolation(() -> legacy().createDocument(anOldDocument("x").setContent("").build()),
                Status.Code.INVALID_ARGUMENT, "content");
        assertFieldViolation(() -> legacy().createDocument(anOldDocument("x").setAuthor("").build()),
                Status.Code.INVALID_ARGUMENT, "author");
        assertFieldViolation(() -> legacy().createDocument(anOldDocument("x").setStatusValue(7).build()),
                Status.Code.INVALID_ARGUMENT, "status");
        assertFieldViolation(() -> legacy().createDocument(anOldDocument("x").addComments(" ").build()),
                Status.Code.INVALID_ARGUMENT, "comments[2]");
    }

    @Test
    @DisplayName("an update changes only the fields given; empty strings and lists and status DRAFT mean not provided")
    void updateWithEmptyFieldsMeaningNotProvided() {
        Document created = create("Budget");
        String id = created.getId();

        Document retitled = update(UpdateDocumentRequest.newBuilder().setId(id).setTitle("Budget 2027")
                .setStatus(DocumentStatus.DRAFT));
        assertThat(retitled.getTitle()).isEqualTo("Budget 2027");
        assertThat(retitled.getStatus()).isEqualTo(DocumentStatus.PUBLISHED);
        assertThat(retitled.getContent()).isEqualTo(created.getContent());
        assertThat(retitled.getAuthor()).isEqualTo("Alice");
        assertThat(retitled.getTagsList()).containsExactly("report", "q3");
        assertThat(retitled.getCategory()).isEqualTo("finance");
        assertThat(retitled.getCommentsList()).containsExactly("first draft", "checked by Bob");
        assertThat(retitled.getCreatedAt()).isEqualTo(created.getCreatedAt());
        assertThat(parseTime(retitled.getUpdatedAt())).isAfter(parseTime(created.getUpdatedAt()));

        Document changed = update(UpdateDocumentRequest.newBuilder().setId(id)
                .setContent("new text")
                .setStatus(DocumentStatus.ARCHIVED)
                .setAuthor("Alice")
                .addTags("final")
                .setCategory("planning")
                .addComments("approved"));
        assertThat(changed.getTitle()).isEqualTo("Budget 2027");
        assertThat(changed.getContent()).isEqualTo("new text");
        assertThat(changed.getStatus()).isEqualTo(DocumentStatus.ARCHIVED);
        assertThat(changed.getTagsList()).containsExactly("final");
        assertThat(changed.getCategory()).isEqualTo("planning");
        assertThat(changed.getCommentsList()).containsExactly("approved");
        assertThat(get(id)).isEqualTo(changed);

        Document unchanged = update(UpdateDocumentRequest.newBuilder().setId(id));
        assertThat(unchanged).isEqualTo(changed);

        assertFieldViolation(() -> update(UpdateDocumentRequest.newBuilder().setId(id).setAuthor("Mallory")),
                Status.Code.INVALID_ARGUMENT, "author");
        assertFieldViolation(() -> update(UpdateDocumentRequest.newBuilder().setId(id).setTitle("  ")),
                Status.Code.INVALID_ARGUMENT, "title");
        assertCode(() -> update(UpdateDocumentRequest.newBuilder().setId(UNKNOWN_ID).setTitle("x")),
                Status.Code.NOT_FOUND);
        assertThat(get(id)).isEqualTo(changed);
    }

    @Test
    @DisplayName("versions are the states before each update, with the DocVault version number as version_id")
    void versions() {
        Document created = create("Spec");
        String id = created.getId();
        assertThat(versions(id)).isEmpty();

        Document second = update(UpdateDocumentRequest.newBuilder().setId(id).setTitle("Spec v2"));
        delete(id);
        restore(id);
        Document third = update(UpdateDocumentRequest.newBuilder().setId(id).setTitle("Spec v3").addComments("final"));

        List<DocumentVersion> versions = versions(id);
        assertThat(versions).extracting(DocumentVersion::getVersionId).containsExactly("1", "4");
        assertThat(versions.get(0).getDocument()).isEqualTo(created);
        assertThat(versions.get(1).getDocument().getTitle()).isEqualTo("Spec v2");
        assertThat(versions.get(1).getDocument().getIsDeleted()).isFalse();
        assertThat(versions.get(1).getDocument().getCommentsList()).isEqualTo(second.getCommentsList());
        assertThat(versions.get(0).getTimestamp()).isEqualTo(second.getUpdatedAt());
        assertThat(versions.get(1).getTimestamp()).isEqualTo(third.getUpdatedAt());

        assertThat(version(id, "1")).isEqualTo(versions.get(0));
        assertThat(version(id, "4")).isEqualTo(versions.get(1));
        assertCode(() -> version(id, "2"), Status.Code.NOT_FOUND);
        assertCode(() -> version(id, "5"), Status.Code.NOT_FOUND);
        assertFieldViolation(() -> version(id, "first"), Status.Code.INVALID_ARGUMENT, "version_id");
        assertFieldViolation(() -> version(id, "0"), Status.Code.INVALID_ARGUMENT, "version_id");

        delete(id);
        assertCode(() -> versions(id), Status.Code.NOT_FOUND);
        assertCode(() -> version(id, "1"), Status.Code.NOT_FOUND);
    }

    @Test
    @DisplayName("a deleted document is NOT_FOUND to get, update and delete; restore brings it back, a live one is NOT_FOUND")
    void deleteAndRestore() {
        Document created = create("Memo");
        String id = created.getId();

        delete(id);
        assertCode(() -> get(id), Status.Code.NOT_FOUND);
        assertCode(() -> update(UpdateDocumentRequest.newBuilder().setId(id).setTitle("Memo 2")), Status.Code.NOT_FOUND);
        assertCode(() -> update(UpdateDocumentRequest.newBuilder().setId(id).addComments("late")), Status.Code.NOT_FOUND);
        assertCode(() -> delete(id), Status.Code.NOT_FOUND);

        Document restored = restore(id);
        assertThat(restored.getIsDeleted()).isFalse();
        assertThat(restored.getTitle()).isEqualTo("Memo");
        assertThat(restored.getCommentsList()).isEqualTo(created.getCommentsList());
        assertThat(get(id)).isEqualTo(restored);

        assertCode(() -> restore(id), Status.Code.NOT_FOUND);
        assertCode(() -> restore(UNKNOWN_ID), Status.Code.NOT_FOUND);
        assertCode(() -> delete(UNKNOWN_ID), Status.Code.NOT_FOUND);
    }

    @Test
    @DisplayName("list pages with skip and limit, oldest first, without deleted documents")
    void listWithSkipAndLimit() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(create("Listed " + i).getId());
        }
        delete(mine.get(2));

        List<String> all = listIds(0, 1000);
        assertThat(all).doesNotContain(mine.get(2));
        assertThat(all.stream().filter(mine::contains).toList())
                .containsExactly(mine.get(0), mine.get(1), mine.get(3), mine.get(4));
        int first = all.indexOf(mine.get(0));

        assertThat(listIds(first + 1, 2)).containsExactly(mine.get(1), mine.get(3));
        assertThat(listIds(first, 0)).isEqualTo(all.subList(first, Math.min(all.size(), first + 50)));
        assertThat(listIds(all.size(), 10)).isEmpty();
        assertThat(legacy().listDocuments(ListDocumentsRequest.newBuilder().setSkip(first).setLimit(1).build())
                .getDocuments(0)).isEqualTo(get(mine.get(0)));

        assertFieldViolation(() -> listIds(-1, 10), Status.Code.INVALID_ARGUMENT, "skip");
        assertFieldViolation(() -> listIds(0, -1), Status.Code.INVALID_ARGUMENT, "limit");
        assertFieldViolation(() -> listIds(0, 1001), Status.Code.INVALID_ARGUMENT, "limit");
    }

    @Test
    @DisplayName("ids that are not UUIDs are INVALID_ARGUMENT on every call that takes one; unknown ones NOT_FOUND")
    void badIds() {
        for (String bad : List.of("", "42", "not-a-uuid", UNKNOWN_ID + "0")) {
            assertFieldViolation(() -> get(bad), Status.Code.INVALID_ARGUMENT, "id");
            assertFieldViolation(() -> update(UpdateDocumentRequest.newBuilder().setId(bad).setTitle("x")),
                    Status.Code.INVALID_ARGUMENT, "id");
            assertFieldViolation(() -> delete(bad), Status.Code.INVALID_ARGUMENT, "id");
            assertFieldViolation(() -> restore(bad), Status.Code.INVALID_ARGUMENT, "id");
            assertFieldViolation(() -> versions(bad), Status.Code.INVALID_ARGUMENT, "id");
            assertFieldViolation(() -> version(bad, "1"), Status.Code.INVALID_ARGUMENT, "id");
        }
        assertCode(() -> get(UNKNOWN_ID), Status.Code.NOT_FOUND);
        assertCode(() -> versions(UNKNOWN_ID), Status.Code.NOT_FOUND);
        assertCode(() -> version(UNKNOWN_ID, "1"), Status.Code.NOT_FOUND);
    }

    @Test
    @DisplayName("both APIs share one store: old documents are docvault.v1 documents and the other way round")
    void sameStoreAsDocvaultV1() {
        Document old = create("Shared");
        io.docvault.proto.v1.Document seen = server.queries().getDocument(Requests.getAtLeast(old.getId(), 1));
        assertThat(seen.getTitle()).isEqualTo("Shared");
        assertThat(seen.getContent().toStringUtf8()).isEqualTo(old.getContent());
        assertThat(seen.getContentType()).isEqualTo("text/plain");
        assertThat(seen.getStatus()).isEqualTo(io.docvault.proto.v1.DocumentStatus.DOCUMENT_STATUS_PUBLISHED);
        assertThat(seen.getAuthor()).isEqualTo("Alice");
        assertThat(seen.getTagsList()).containsExactly("report", "q3");
        assertThat(seen.getMetadataMap()).containsEntry("legacy.comments", "[\"first draft\",\"checked by Bob\"]");
        assertThat(seen.getCreatedBy()).isEqualTo("anonymous");

        CommandResult fresh = server.commands().createDocument(Requests.aDocument("From v1")
                .setContent(ByteString.copyFromUtf8("v1 text")).build());
        // The old API has no version to wait for: it reads what the read model holds.
        server.queries().getDocument(Requests.getAtLeast(fresh.getDocumentId(), 1));
        Document viaOld = get(fresh.getDocumentId());
        assertThat(viaOld.getTitle()).isEqualTo("From v1");
        assertThat(viaOld.getContent()).isEqualTo("v1 text");
        assertThat(viaOld.getCommentsList()).isEmpty();

        Document commented = update(UpdateDocumentRequest.newBuilder().setId(fresh.getDocumentId()).addComments("seen"));
        assertThat(commented.getCommentsList()).containsExactly("seen");
        io.docvault.proto.v1.Document after = server.queries().getDocument(Requests.getAtLeast(fresh.getDocumentId(), 2));
        assertThat(after.getMetadataMap()).containsEntry("team", "blue").containsEntry("legacy.comments", "[\"seen\"]");
    }

    @Test
    @DisplayName("health and server reflection list document.DocumentService on the shared port")
    void healthAndReflection() throws Exception {
        assertThat(HealthGrpc.newBlockingStub(server.channel())
                .check(HealthCheckRequest.newBuilder().setService("document.DocumentService").build()).getStatus())
                .isEqualTo(ServingStatus.SERVING);

        List<String> services = Reflection.services(server.channel());
        assertThat(services).contains("document.DocumentService", "docvault.v1.DocumentCommandService",
                "docvault.v1.DocumentQueryService");
    }
}
