package io.docvault.server;

import com.google.protobuf.ByteString;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.DocumentStatus;
import io.docvault.proto.v1.GetDocumentRequest;

/** Request builders with sensible defaults, so tests state only what they are about. */
final class Requests {

    private Requests() {
    }

    static CreateDocumentRequest.Builder aDocument(String title) {
        return CreateDocumentRequest.newBuilder()
                .setTitle(title)
                .setContent(ByteString.copyFromUtf8("Content of " + title + "\n"))
                .setContentType("text/plain")
                .setStatus(DocumentStatus.DOCUMENT_STATUS_DRAFT)
                .setAuthor("Alice")
                .addTags("report")
                .setCategory("finance")
                .putMetadata("team", "blue");
    }

    static GetDocumentRequest get(String documentId) {
        return GetDocumentRequest.newBuilder().setDocumentId(documentId).build();
    }

    static GetDocumentRequest getAtLeast(String documentId, long minVersion) {
        return GetDocumentRequest.newBuilder().setDocumentId(documentId).setMinVersion(minVersion).build();
    }
}
