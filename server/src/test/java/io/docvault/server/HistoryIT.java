package io.docvault.server;

import static io.docvault.server.GrpcFailures.assertFieldViolation;
import static io.docvault.server.GrpcFailures.failure;
import static io.docvault.server.GrpcFailures.reasonOf;
import static io.docvault.server.Requests.aDocument;
import static io.docvault.server.Requests.getAtLeast;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.docvault.proto.v1.AuditEntry;
import io.docvault.proto.v1.ChangeKind;
import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.DiffVersionsRequest;
import io.docvault.proto.v1.DiffVersionsResponse;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.FieldChange;
import io.docvault.proto.v1.GetAuditTrailRequest;
import io.docvault.proto.v1.GetAuditTrailResponse;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.RestoreDocumentRequest;
import io.docvault.proto.v1.RevertDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.docvault.proto.v1.VersionInfo;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Questions about a document's past: revert, as_of, diff and the audit trail. */
class HistoryIT extends OneServerPerClass {

    @Test
    @DisplayName("revert produces a new version with the fields of the target version, recorded as REVERTED")
    void revert() {
        String id = server.commands().createDocument(aDocument("Original").addTags("first").build()).getDocumentId();
        server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("Changed")
                .setContent(ByteString.copyFromUtf8("changed body")).build());
        long reverted = server.commands("rita").revertDocument(RevertDocumentRequest.newBuilder()
                .setDocumentId(id).setToVersion(1).setExpectedVersion(2).setChangeNote("undo").build()).getVersion();
        assertThat(reverted).isEqualTo(3);

        Document v3 = server.queries().getDocument(getAtLeast(id, 3));
        Document v1 = server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(1).build());
        assertThat(v3.getTitle()).isEqualTo(v1.getTitle());
        assertThat(v3.getContent()).isEqualTo(v1.getContent());
        assertThat(v3.getContentSha256()).isEqualTo(v1.getContentSha256());
        assertThat(v3.getTagsList()).isEqualTo(v1.getTagsList());
        assertThat(v3.getUpdatedBy()).isEqualTo("rita");

        VersionInfo entry = server.queries().listVersions(ListVersionsRequest.newBuilder().setDocumentId(id).build())
                .getVersions(2);
        assertThat(entry.getChange()).isEqualTo(ChangeKind.CHANGE_KIND_REVERTED);
        assertThat(entry.getRevertedToVersion()).isEqualTo(1);
        assertThat(entry.getChangeNote()).isEqualTo("undo");
        assertThat(entry.getChangedFieldsList()).containsExactly("title", "content");
    }

    @Test
    @DisplayName("reverting to the current state, a missing version or a deleted document is refused")
    void revertRules() {
        String id = server.commands().createDocument(aDocument("Stable").build()).getDocumentId();
        server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("Stable 2").build());
        StatusRuntimeException current = failure(() -> server.commands().revertDocument(RevertDocumentRequest.newBuilder()
                .setDocumentId(id).setToVersion(2).build()));
        assertThat(current.getStatus().getCode()).isEqualTo(Code.FAILED_PRECONDITION);
        assertThat(reasonOf(current)).isEqualTo("NOTHING_TO_REVERT");
        assertThat(failure(() -> server.commands().revertDocument(RevertDocumentRequest.newBuilder()
                .setDocumentId(id).setToVersion(9).build())).getStatus().getCode()).isEqualTo(Code.NOT_FOUND);
        assertFieldViolation(() -> server.commands().revertDocument(RevertDocumentRequest.newBuilder()
                .setDocumentId(id).setToVersion(0).build()), Code.INVALID_ARGUMENT, "to_version");

        server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(id).build());
        StatusRuntimeException deleted = failure(() -> server.commands().revertDocument(RevertDocumentRequest.newBuilder()
                .setDocumentId(id).setToVersion(1).build()));
        assertThat(deleted.getStatus().getCode()).isEqualTo(Code.FAILED_PRECONDITION);
        assertThat(reasonOf(deleted)).isEqualTo("DOCUMENT_DELETED");
    }

    @Test
    @DisplayName("as_of returns the version current at that instant; before creation it is NOT_FOUND")
    void asOf() {
        String id = server.commands().createDocument(aDocument("Then").build()).getDocumentId();
        Document v1 = server.queries().getDocument(getAtLeast(id, 1));
        server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("Now").build());
        Document v2 = server.queries().getDocument(getAtLeast(id, 2));

        assertThat(asOf(id, v1.getUpdatedAt(), false).getVersion()).isEqualTo(1);
        assertThat(asOf(id, v2.getUpdatedAt(), false).getVersion()).isEqualTo(2);
        Timestamp before = Timestamp.newBuilder().setSeconds(v1.getCreatedAt().getSeconds() - 1).build();
        assertThat(failure(() -> asOf(id, before, false)).getStatus().getCode()).isEqualTo(Code.NOT_FOUND);

        server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(id).build());
        Document v3 = server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id)
                .setMinVersion(3).setIncludeDeleted(true).build());
        assertThat(failure(() -> asOf(id, v3.getUpdatedAt(), false)).getStatus().getCode()).isEqualTo(Code.NOT_FOUND);
        assertThat(asOf(id, v3.getUpdatedAt(), true).getDeleted()).isTrue();
        assertFieldViolation(() -> server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id)
                .setVersion(1).setAsOf(v1.getUpdatedAt()).build()), Code.INVALID_ARGUMENT, "as_of");
    }

    @Test
    @DisplayName("a diff lists changed fields and a unified diff of text content")
    void diff() {
        String id = server.commands().createDocument(aDocument("Diff")
                .setContent(ByteString.copyFromUtf8("one\ntwo\nthree\n")).build()).getDocumentId();
        server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("Diff 2")
                .setContent(ByteString.copyFromUtf8("one\n2\nthree\n")).build());
        server.queries().getDocument(getAtLeast(id, 2));
        DiffVersionsResponse diff = server.queries().diffVersions(DiffVersionsRequest.newBuilder()
                .setDocumentId(id).setFromVersion(1).setToVersion(2).build());
        assertThat(diff.getFieldChangesList()).extracting(FieldChange::getField).containsExactly("title", "content");
        assertThat(diff.getFieldChanges(0).getFromValue()).isEqualTo("Diff");
        assertThat(diff.getFieldChanges(0).getToValue()).isEqualTo("Diff 2");
        assertThat(diff.getContentDiff()).contains("--- version 1", "+++ version 2", "-two", "+2", " one");

        DiffVersionsResponse same = server.queries().diffVersions(DiffVersionsRequest.newBuilder()
                .setDocumentId(id).setFromVersion(2).setToVersion(2).build());
        assertThat(same.getFieldChangesList()).isEmpty();
        assertThat(same.getContentDiff()).isEmpty();
    }

    @Test
    @DisplayName("a diff of binary content is FAILED_PRECONDITION with reason BINARY_CONTENT")
    void binaryDiff() {
        String id = server.commands().createDocument(aDocument("Binary")
                .setContent(ByteString.copyFrom(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1})).build()).getDocumentId();
        server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id)
                .setContent(ByteString.copyFrom(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 2})).build());
        server.queries().getDocument(getAtLeast(id, 2));
        StatusRuntimeException failure = failure(() -> server.queries().diffVersions(DiffVersionsRequest.newBuilder()
                .setDocumentId(id).setFromVersion(1).setToVersion(2).build()));
        assertThat(failure.getStatus().getCode()).isEqualTo(Code.FAILED_PRECONDITION);
        assertThat(reasonOf(failure)).isEqualTo("BINARY_CONTENT");
    }

    @Test
    @DisplayName("the audit trail lists deletes and restores newest first, by document, kind and time, paged")
    void auditTrail() {
        String id = server.commands().createDocument(aDocument("Audited").build()).getDocumentId();
        for (int i = 0; i < 3; i++) {
            server.commands("del-" + i).deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(id)
                    .setReason("why-delete-" + i).build());
            server.commands("res-" + i).restoreDocument(RestoreDocumentRequest.newBuilder().setDocumentId(id)
                    .setReason("why-restore-" + i).build());
        }
        server.queries().getDocument(getAtLeast(id, 7));

        List<AuditEntry> entries = new ArrayList<>();
        String token = "";
        do {
            GetAuditTrailResponse page = server.queries().getAuditTrail(GetAuditTrailRequest.newBuilder()
                    .setDocumentId(id).setPageSize(4).setPageToken(token).build());
            entries.addAll(page.getEntriesList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(entries).extracting(AuditEntry::getVersion).containsExactly(7L, 6L, 5L, 4L, 3L, 2L);
        assertThat(entries.get(0).getAction()).isEqualTo(ChangeKind.CHANGE_KIND_RESTORED);
        assertThat(entries.get(0).getActor()).isEqualTo("res-2");
        assertThat(entries.get(0).getReason()).isEqualTo("why-restore-2");
        assertThat(entries.get(5).getAction()).isEqualTo(ChangeKind.CHANGE_KIND_DELETED);
        assertThat(entries.get(5).getReason()).isEqualTo("why-delete-0");

        List<AuditEntry> everything = server.queries().getAuditTrail(GetAuditTrailRequest.newBuilder()
                .setDocumentId(id).addKinds(ChangeKind.CHANGE_KIND_CREATED).addKinds(ChangeKind.CHANGE_KIND_DELETED)
                .build()).getEntriesList();
        assertThat(everything).extracting(AuditEntry::getVersion).containsExactly(6L, 4L, 2L, 1L);

        Timestamp third = entries.get(3).getAt();
        List<AuditEntry> before = server.queries().getAuditTrail(GetAuditTrailRequest.newBuilder()
                .setDocumentId(id).setTo(third).build()).getEntriesList();
        assertThat(before).extracting(AuditEntry::getVersion).containsExactly(3L, 2L);

        List<AuditEntry> acrossAll = server.queries().getAuditTrail(GetAuditTrailRequest.newBuilder()
                .setPageSize(1000).build()).getEntriesList();
        assertThat(acrossAll).extracting(AuditEntry::getDocumentId).contains(id);
        assertFieldViolation(() -> server.queries().getAuditTrail(GetAuditTrailRequest.newBuilder()
                .addKindsValue(77).build()), Code.INVALID_ARGUMENT, "kinds[0]");
    }

    private static Document asOf(String id, Timestamp at, boolean includeDeleted) {
        return server.queries().getDocument(GetDocumentRequest.newBuilder()
                .setDocumentId(id).setAsOf(at).setIncludeDeleted(includeDeleted).build());
    }
}
