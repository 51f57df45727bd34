package io.docvault.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.docvault.proto.legacy.LegacyServiceProto;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The old clients' wire contract, pinned: names, numbers and types must never change. */
class LegacyContractTest {

    private static final FileDescriptor FILE = LegacyServiceProto.getDescriptor();

    private static Map<String, String> fields(String message) {
        Descriptor descriptor = FILE.findMessageTypeByName(message);
        assertThat(descriptor).as(message).isNotNull();
        Map<String, String> fields = new LinkedHashMap<>();
        for (FieldDescriptor field : descriptor.getFields()) {
            String type = field.getType() == FieldDescriptor.Type.MESSAGE ? field.getMessageType().getFullName()
                    : field.getType() == FieldDescriptor.Type.ENUM ? field.getEnumType().getFullName()
                    : field.getType().name().toLowerCase();
            fields.put(field.getName(), field.getNumber() + " " + (field.isRepeated() ? "repeated " : "") + type);
        }
        return fields;
    }

    @Test
    @DisplayName("package document, service DocumentService with the old RPCs and message types")
    void service() {
        assertThat(FILE.getPackage()).isEqualTo("document");
        ServiceDescriptor service = FILE.findServiceByName("DocumentService");
        assertThat(service.getFullName()).isEqualTo("document.DocumentService");
        Map<String, String> rpcs = new LinkedHashMap<>();
        service.getMethods().forEach(m -> rpcs.put(m.getName(),
                m.getInputType().getName() + " -> " + m.getOutputType().getName()));
        assertThat(rpcs).containsExactly(
                Map.entry("GetDocument", "GetDocumentRequest -> GetDocumentResponse"),
                Map.entry("CreateDocument", "CreateDocumentRequest -> Document"),
                Map.entry("UpdateDocument", "UpdateDocumentRequest -> UpdateDocumentResponse"),
                Map.entry("DeleteDocument", "DeleteDocumentRequest -> DeleteDocumentResponse"),
                Map.entry("RestoreDocument", "RestoreDocumentRequest -> Document"),
                Map.entry("ListDocuments", "ListDocumentsRequest -> ListDocumentsResponse"),
                Map.entry("GetDocumentVersions", "GetDocumentVersionsRequest -> GetDocumentVersionsResponse"),
                Map.entry("GetDocumentVersion", "GetDocumentVersionRequest -> DocumentVersion"));
    }

    @Test
    @DisplayName("messages keep the old field names, numbers and types")
    void messages() {
        assertThat(FILE.findEnumTypeByName("DocumentStatus").getValues())
                .extracting(v -> v.getName() + "=" + v.getNumber())
                .containsExactly("DRAFT=0", "PUBLISHED=1", "ARCHIVED=2");
        assertThat(fields("Document")).containsExactly(
                Map.entry("id", "1 string"), Map.entry("title", "2 string"), Map.entry("content", "3 string"),
                Map.entry("status", "4 document.DocumentStatus"), Map.entry("author", "5 string"),
                Map.entry("tags", "6 repeated string"), Map.entry("category", "7 string"),
                Map.entry("comments", "8 repeated string"), Map.entry("created_at", "9 string"),
                Map.entry("updated_at", "10 string"), Map.entry("is_deleted", "11 bool"));
        assertThat(fields("DocumentVersion")).containsExactly(Map.entry("version_id", "1 string"),
                Map.entry("document", "2 document.Document"), Map.entry("timestamp", "3 string"));
        for (String idOnly : new String[] {"GetDocumentRequest", "DeleteDocumentRequest", "RestoreDocumentRequest",
                "GetDocumentVersionsRequest"}) {
            assertThat(fields(idOnly)).as(idOnly).containsExactly(Map.entry("id", "1 string"));
        }
        assertThat(fields("GetDocumentVersionRequest")).containsExactly(Map.entry("id", "1 string"),
                Map.entry("version_id", "2 string"));
        assertThat(fields("CreateDocumentRequest")).containsExactly(
                Map.entry("title", "1 string"), Map.entry("content", "2 string"),
                Map.entry("status", "3 document.DocumentStatus"), Map.entry("author", "4 string"),
                Map.entry("tags", "5 repeated string"), Map.entry("category", "6 string"),
                Map.entry("comments", "7 repeated string"));
        assertThat(fields("UpdateDocumentRequest")).containsExactly(
                Map.entry("id", "1 string"), Map.entry("title", "2 string"), Map.entry("content", "3 string"),
                Map.entry("status", "4 document.DocumentStatus"), Map.entry("author", "5 string"),
                Map.entry("tags", "6 repeated string"), Map.entry("category", "7 string"),
                Map.entry("comments", "8 repeated string"));
        assertThat(fields("ListDocumentsRequest")).containsExactly(Map.entry("skip", "1 int32"),
                Map.entry("limit", "2 int32"));
        assertThat(fields("DeleteDocumentResponse")).containsExactly(Map.entry("success", "1 bool"));
        assertThat(fields("ListDocumentsResponse")).containsExactly(
                Map.entry("documents", "1 repeated document.Document"));
        assertThat(fields("GetDocumentVersionsResponse")).containsExactly(
                Map.entry("versions", "1 repeated document.DocumentVersion"));
        assertThat(fields("GetDocumentResponse")).containsExactly(Map.entry("document", "1 document.Document"));
        assertThat(fields("UpdateDocumentResponse")).containsExactly(Map.entry("document", "1 document.Document"));
    }
}
