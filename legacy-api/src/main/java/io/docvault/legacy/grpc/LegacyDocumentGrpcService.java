package io.docvault.legacy.grpc;

import io.docvault.api.document.DocumentStatus;
import io.docvault.common.config.DocVaultProperties;
import io.docvault.common.grpc.CallerContext;
import io.docvault.common.grpc.RequestChecks;
import io.docvault.legacy.application.LegacyComments;
import io.docvault.legacy.application.LegacyDocuments;
import io.docvault.legacy.application.LegacyVersion;
import io.docvault.legacy.application.ReadWait;
import io.docvault.proto.legacy.CreateDocumentRequest;
import io.docvault.proto.legacy.DeleteDocumentRequest;
import io.docvault.proto.legacy.DeleteDocumentResponse;
import io.docvault.proto.legacy.Document;
import io.docvault.proto.legacy.DocumentServiceGrpc;
import io.docvault.proto.legacy.DocumentVersion;
import io.docvault.proto.legacy.GetDocumentRequest;
import io.docvault.proto.legacy.GetDocumentResponse;
import io.docvault.proto.legacy.GetDocumentVersionRequest;
import io.docvault.proto.legacy.GetDocumentVersionsRequest;
import io.docvault.proto.legacy.GetDocumentVersionsResponse;
import io.docvault.proto.legacy.ListDocumentsRequest;
import io.docvault.proto.legacy.ListDocumentsResponse;
import io.docvault.proto.legacy.RestoreDocumentRequest;
import io.docvault.proto.legacy.UpdateDocumentRequest;
import io.docvault.proto.legacy.UpdateDocumentResponse;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.StoredDocument;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/**
 * document.DocumentService, the old Python service's API: validates its requests and translates
 * between its messages and {@link LegacyDocuments}.
 */
public class LegacyDocumentGrpcService extends DocumentServiceGrpc.DocumentServiceImplBase {

    /**
     * The old service's time format (Python's {@code datetime.utcnow().isoformat()}): UTC without an
     * offset, here always with microseconds.
     */
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private static final long DEADLINE_MARGIN_MILLIS = 100;

    private final LegacyDocuments documents;
    private final LegacyRequests requests;
    private final Duration maxReadWait;

    public LegacyDocumentGrpcService(LegacyDocuments documents, DocVaultProperties properties) {
        this.documents = documents;
        this.requests = new LegacyRequests(properties.content().maxSize().toBytes());
        this.maxReadWait = properties.query().minVersionMaxWait();
    }

    @Override
    public void getDocument(GetDocumentRequest request, StreamObserver<GetDocumentResponse> response) {
        StoredDocument document = documents.get(LegacyRequests.documentId(request.getId()), readWait());
        reply(response, GetDocumentResponse.newBuilder().setDocument(toProto(document)).build());
    }

    @Override
    public void createDocument(CreateDocumentRequest request, StreamObserver<Document> response) {
        reply(response, toProto(documents.create(requests.create(request), CallerContext.actor(), readWait())));
    }

    @Override
    public void updateDocument(UpdateDocumentRequest request, StreamObserver<UpdateDocumentResponse> response) {
        StoredDocument document = documents.update(requests.update(request), CallerContext.actor(), readWait());
        reply(response, UpdateDocumentResponse.newBuilder().setDocument(toProto(document)).build());
    }

    @Override
    public void deleteDocument(DeleteDocumentRequest request, StreamObserver<DeleteDocumentResponse> response) {
        documents.delete(LegacyRequests.documentId(request.getId()), CallerContext.actor(), readWait());
        reply(response, DeleteDocumentResponse.newBuilder().setSuccess(true).build());
    }

    @Override
    public void restoreDocument(RestoreDocumentRequest request, StreamObserver<Document> response) {
        reply(response, toProto(documents.restore(LegacyRequests.documentId(request.getId()), CallerContext.actor(),
                readWait())));
    }

    @Override
    public void listDocuments(ListDocumentsRequest request, StreamObserver<ListDocumentsResponse> response) {
        LegacyRequests.Page page = requests.page(request);
        ListDocumentsResponse.Builder reply = ListDocumentsResponse.newBuilder();
        documents.list(page.skip(), page.limit()).forEach(d -> reply.addDocuments(toProto(d)));
        reply(response, reply.build());
    }

    @Override
    public void getDocumentVersions(GetDocumentVersionsRequest request,
                                    StreamObserver<GetDocumentVersionsResponse> response) {
        GetDocumentVersionsResponse.Builder reply = GetDocumentVersionsResponse.newBuilder();
        documents.versions(LegacyRequests.documentId(request.getId()), readWait())
                .forEach(v -> reply.addVersions(toProto(v)));
        reply(response, reply.build());
    }

    @Override
    public void getDocumentVersion(GetDocumentVersionRequest request, StreamObserver<DocumentVersion> response) {
        RequestChecks checks = new RequestChecks();
        String documentId = checks.uuid("id", request.getId());
        long version = LegacyRequests.versionNumber(checks, request.getVersionId());
        checks.throwIfAny();
        reply(response, toProto(documents.version(documentId, version, readWait())));
    }

    private static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }

    /**
     * How long a call may wait for the read model: the configured maximum, cut short by the call's
     * deadline minus a margin, so the caller gets the retryable UNAVAILABLE rather than DEADLINE_EXCEEDED.
     */
    private ReadWait readWait() {
        Context context = Context.current();
        Deadline deadline = context.getDeadline();
        Duration budget = maxReadWait;
        if (deadline != null) {
            long remaining = deadline.timeRemaining(TimeUnit.MILLISECONDS);
            Duration left = Duration.ofMillis(Math.max(0, remaining - Math.min(DEADLINE_MARGIN_MILLIS, remaining / 10)));
            budget = left.compareTo(maxReadWait) < 0 ? left : maxReadWait;
        }
        return new ReadWait(budget, context::isCancelled);
    }

    private static DocumentVersion toProto(LegacyVersion version) {
        return DocumentVersion.newBuilder()
                .setVersionId(Long.toString(version.version()))
                .setDocument(toProto(version.state()))
                .setTimestamp(time(version.replacedAt()))
                .build();
    }

    /** Content is decoded as UTF-8; bytes that are not (binary content written through docvault.v1) read as U+FFFD. */
    static Document toProto(StoredDocument stored) {
        DocumentView view = stored.view();
        return Document.newBuilder()
                .setId(view.documentId())
                .setTitle(view.title())
                .setContent(stored.content() == null ? "" : new String(stored.content(), StandardCharsets.UTF_8))
                .setStatus(toProto(view.status()))
                .setAuthor(view.author())
                .addAllTags(view.tags())
                .setCategory(view.category())
                .addAllComments(LegacyComments.decode(view.metadata()))
                .setCreatedAt(time(view.createdAt()))
                .setUpdatedAt(time(view.updatedAt()))
                .setIsDeleted(view.deleted())
                .build();
    }

    private static io.docvault.proto.legacy.DocumentStatus toProto(DocumentStatus status) {
        return switch (status) {
            case DRAFT -> io.docvault.proto.legacy.DocumentStatus.DRAFT;
            case PUBLISHED -> io.docvault.proto.legacy.DocumentStatus.PUBLISHED;
            case ARCHIVED -> io.docvault.proto.legacy.DocumentStatus.ARCHIVED;
        };
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }
}
