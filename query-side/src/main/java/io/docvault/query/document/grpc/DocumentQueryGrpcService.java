package io.docvault.query.document.grpc;

import com.google.protobuf.ByteString;
import io.docvault.api.document.ChangeKind;
import io.docvault.api.document.DocumentStatus;
import io.docvault.api.error.ServiceStoppingException;
import io.docvault.api.error.WatcherTooSlowException;
import io.docvault.common.auth.Caller;
import io.docvault.common.auth.Role;
import io.docvault.common.config.DocVaultProperties;
import io.docvault.common.grpc.CallThreads;
import io.docvault.common.grpc.GrpcErrorMapper;
import io.docvault.common.grpc.ProtoConversions;
import io.docvault.common.grpc.RequestChecks;
import io.docvault.common.grpc.RequestLimits;
import io.docvault.proto.v1.AuditEntry;
import io.docvault.proto.v1.DiffVersionsRequest;
import io.docvault.proto.v1.DiffVersionsResponse;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.DocumentChange;
import io.docvault.proto.v1.WatchDocumentsRequest;
import io.docvault.proto.v1.FieldChange;
import io.docvault.proto.v1.GetAuditTrailRequest;
import io.docvault.proto.v1.GetAuditTrailResponse;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.ListDocumentsRequest;
import io.docvault.proto.v1.ListDocumentsResponse;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.ListVersionsResponse;
import io.docvault.proto.v1.VersionInfo;
import io.docvault.query.document.application.AuditListing;
import io.docvault.query.document.application.DocumentListing;
import io.docvault.query.document.application.DocumentQueries;
import io.docvault.query.document.application.VersionDiff;
import io.docvault.query.document.application.VersionListing;
import io.docvault.query.document.model.AuditQuery;
import io.docvault.query.document.model.ChangeNotice;
import io.docvault.query.document.watch.ChangeFeed;
import io.docvault.query.document.model.DocumentFilter;
import io.docvault.query.document.model.DocumentOrder;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.StoredDocument;
import io.docvault.query.document.model.VersionEntry;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** docvault.v1.DocumentQueryService: validates requests and translates read-model records to the wire. */
public class DocumentQueryGrpcService extends DocumentQueryServiceGrpc.DocumentQueryServiceImplBase {

    private static final long DEADLINE_MARGIN_MILLIS = 100;

    private final DocumentQueries queries;
    private final ChangeFeed changeFeed;
    private final Duration minVersionMaxWait;
    private final CallThreads callThreads;

    public DocumentQueryGrpcService(DocumentQueries queries, ChangeFeed changeFeed, DocVaultProperties properties,
                                    CallThreads callThreads) {
        this.queries = queries;
        this.changeFeed = changeFeed;
        this.minVersionMaxWait = properties.query().minVersionMaxWait();
        this.callThreads = callThreads;
        // GetDocument's handler runs where the call arrives: it answers there what memory holds, and queues a
        // read of a latest version for the reader thread (LatestReads), which answers it.
        callThreads.answerOnArrival(DocumentQueryServiceGrpc.getGetDocumentMethod());
    }

    @Override
    public void getDocument(GetDocumentRequest request, StreamObserver<Document> response) {
        RequestChecks checks = new RequestChecks();
        String documentId = checks.uuid("document_id", request.getDocumentId());
        checks.notNegative("version", request.getVersion());
        checks.notNegative("min_version", request.getMinVersion());
        Instant asOf = request.hasAsOf() ? ProtoConversions.instant("as_of", request.getAsOf(), checks) : null;
        if (request.hasAsOf() && request.getVersion() > 0) {
            checks.violation("as_of", "cannot be combined with version");
        }
        checks.throwIfAny();
        // On the transport thread (answered on arrival): only what memory holds, nothing that may block.
        if (asOf == null && request.getVersion() == 0) {
            if (request.getMinVersion() == 0) {
                Optional<StoredDocument> held = queries.latestIfHeld(documentId, request.getIncludeDeleted());
                if (held.isPresent()) {
                    response.onNext(toProto(held.get()));
                    response.onCompleted();
                    return;
                }
            }
            // Read together with the other calls' latest reads (after the wait for min_version, which holds
            // no thread), answered from the reader thread.
            Context context = Context.current();
            Duration budget = request.getMinVersion() > 0 ? waitBudget() : Duration.ZERO;
            Optional<CompletableFuture<StoredDocument>> queued = queries.latestQueued(documentId,
                    request.getIncludeDeleted(), request.getMinVersion(), budget, context::isCancelled);
            if (queued.isPresent()) {
                CallThreads.answerWhenDone(response, queued.get().thenApply(DocumentQueryGrpcService::toProto));
                return;
            }
        }
        callThreads.continueOnCallThread(response, () -> {
            Context context = Context.current();
            StoredDocument document = queries.get(documentId, request.getVersion(), asOf, request.getIncludeDeleted(),
                    request.getMinVersion(), waitBudget(), context::isCancelled);
            response.onNext(toProto(document));
            response.onCompleted();
        });
    }

    @Override
    public void listDocuments(ListDocumentsRequest request, StreamObserver<ListDocumentsResponse> response) {
        RequestChecks checks = new RequestChecks();
        int pageSize = checks.pageSize("page_size", request.getPageSize(),
                RequestLimits.DEFAULT_PAGE_SIZE, RequestLimits.MAX_PAGE_SIZE);
        checks.notNegative("skip", request.getSkip());
        DocumentStatus status = ProtoConversions.fromProto("status", request.getStatus(), request.getStatusValue(), checks);
        if (request.getIncludeDeleted() && request.getOnlyDeleted()) {
            checks.violation("only_deleted", "cannot be combined with include_deleted");
        }
        DocumentOrder order = order(request.getOrderBy(), checks);
        checks.text("author", request.getAuthor(), RequestLimits.SHORT_TEXT);
        checks.text("tag", request.getTag(), RequestLimits.TAG);
        checks.text("category", request.getCategory(), RequestLimits.SHORT_TEXT);
        checks.text("page_token", request.getPageToken(), RequestLimits.PAGE_TOKEN);
        checks.throwIfAny();
        DocumentFilter filter = new DocumentFilter(status, emptyToNull(request.getAuthor()),
                emptyToNull(request.getTag()), emptyToNull(request.getCategory()),
                request.getOnlyDeleted() ? DocumentFilter.Deleted.ONLY
                        : request.getIncludeDeleted() ? DocumentFilter.Deleted.INCLUDE : DocumentFilter.Deleted.EXCLUDE);
        DocumentListing listing = queries.list(filter, order, request.getPageToken(), Math.max(0, request.getSkip()),
                pageSize, request.getIncludeContent());
        ListDocumentsResponse.Builder reply = ListDocumentsResponse.newBuilder()
                .setNextPageToken(listing.nextPageToken())
                .setTotalSize(listing.totalSize());
        listing.documents().forEach(d -> reply.addDocuments(toProto(d)));
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void listVersions(ListVersionsRequest request, StreamObserver<ListVersionsResponse> response) {
        RequestChecks checks = new RequestChecks();
        String documentId = checks.uuid("document_id", request.getDocumentId());
        int pageSize = checks.pageSize("page_size", request.getPageSize(),
                RequestLimits.DEFAULT_PAGE_SIZE, RequestLimits.MAX_PAGE_SIZE);
        checks.throwIfAny();
        VersionListing listing = queries.versions(documentId, request.getPageToken(), pageSize);
        ListVersionsResponse.Builder reply = ListVersionsResponse.newBuilder()
                .setNextPageToken(listing.nextPageToken())
                .setTotalSize(listing.totalSize());
        listing.versions().forEach(v -> reply.addVersions(toProto(v)));
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void diffVersions(DiffVersionsRequest request, StreamObserver<DiffVersionsResponse> response) {
        RequestChecks checks = new RequestChecks();
        String documentId = checks.uuid("document_id", request.getDocumentId());
        if (request.getFromVersion() < 1) {
            checks.violation("from_version", "must be at least 1, got " + request.getFromVersion());
        }
        if (request.getToVersion() < 1) {
            checks.violation("to_version", "must be at least 1, got " + request.getToVersion());
        }
        checks.throwIfAny();
        VersionDiff.Result diff = queries.diff(documentId, request.getFromVersion(), request.getToVersion());
        DiffVersionsResponse.Builder reply = DiffVersionsResponse.newBuilder().setContentDiff(diff.contentDiff());
        diff.fieldChanges().forEach(change -> reply.addFieldChanges(FieldChange.newBuilder()
                .setField(change.field()).setFromValue(change.from()).setToValue(change.to())));
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void getAuditTrail(GetAuditTrailRequest request, StreamObserver<GetAuditTrailResponse> response) {
        if (request.getDocumentId().isEmpty()) {
            // Every actor and reason across all documents: for auditors, not for every reader.
            Caller.require(Role.ADMIN, "GetAuditTrail without document_id");
        }
        RequestChecks checks = new RequestChecks();
        String documentId = request.getDocumentId().isEmpty() ? null : checks.uuid("document_id", request.getDocumentId());
        Set<ChangeKind> kinds = EnumSet.noneOf(ChangeKind.class);
        for (int i = 0; i < request.getKindsCount(); i++) {
            ChangeKind kind = ProtoConversions.fromProto("kinds[" + i + "]", request.getKinds(i),
                    request.getKindsValue(i), checks);
            if (kind != null) {
                kinds.add(kind);
            }
        }
        Instant from = request.hasFrom() ? ProtoConversions.instant("from", request.getFrom(), checks) : null;
        Instant to = request.hasTo() ? ProtoConversions.instant("to", request.getTo(), checks) : null;
        if (from != null && to != null && !from.isBefore(to)) {
            checks.violation("to", "must be after from");
        }
        int pageSize = checks.pageSize("page_size", request.getPageSize(),
                RequestLimits.DEFAULT_PAGE_SIZE, RequestLimits.MAX_PAGE_SIZE);
        checks.throwIfAny();
        AuditListing listing = queries.audit(
                new AuditQuery(documentId, kinds.isEmpty() ? AuditQuery.DEFAULT_KINDS : kinds, from, to),
                request.getPageToken(), pageSize);
        GetAuditTrailResponse.Builder reply = GetAuditTrailResponse.newBuilder().setNextPageToken(listing.nextPageToken());
        listing.entries().forEach(entry -> reply.addEntries(AuditEntry.newBuilder()
                .setDocumentId(entry.documentId())
                .setVersion(entry.version())
                .setAction(ProtoConversions.toProto(entry.change()))
                .setAt(ProtoConversions.timestamp(entry.changedAt()))
                .setActor(entry.changedBy())
                .setReason(entry.changeNote())));
        response.onNext(reply.build());
        response.onCompleted();
    }

    /**
     * Sends changes as gRPC's flow control allows; what the client cannot take yet waits in the
     * subscription's bounded queue, and when that overflows the stream ends with RESOURCE_EXHAUSTED.
     */
    @Override
    public void watchDocuments(WatchDocumentsRequest request, StreamObserver<DocumentChange> response) {
        RequestChecks checks = new RequestChecks();
        String documentId = request.getDocumentId().isEmpty() ? null : checks.uuid("document_id", request.getDocumentId());
        checks.throwIfAny();
        ServerCallStreamObserver<DocumentChange> call = (ServerCallStreamObserver<DocumentChange>) response;
        WatchStream stream = new WatchStream(call);
        stream.subscription = changeFeed.subscribe(documentId, stream::drain);
        call.setOnCancelHandler(stream.subscription::close);
        call.setOnReadyHandler(stream::drain);
        stream.drain();
    }

    /** One watch call: moves changes from its subscription to the wire, one thread at a time. */
    private final class WatchStream {
        private final ServerCallStreamObserver<DocumentChange> call;
        private volatile ChangeFeed.Subscription subscription;
        private boolean ended;

        WatchStream(ServerCallStreamObserver<DocumentChange> call) {
            this.call = call;
        }

        synchronized void drain() {
            ChangeFeed.Subscription source = subscription;
            if (ended || source == null || call.isCancelled()) {
                return;
            }
            ChangeNotice notice;
            while (call.isReady() && (notice = source.poll()) != null) {
                call.onNext(DocumentChange.newBuilder()
                        .setDocumentId(notice.documentId())
                        .setVersion(notice.version())
                        .setChange(ProtoConversions.toProto(notice.change()))
                        .setAt(ProtoConversions.timestamp(notice.at()))
                        .setActor(notice.actor())
                        .build());
            }
            if (source.overflowed() || source.failed()) {
                ended = true;
                source.close();
                call.onError(GrpcErrorMapper.toStatusException(source.overflowed()
                        ? new WatcherTooSlowException(changeFeed.capacity())
                        : new ServiceStoppingException("the watch")));
            }
        }
    }

    /**
     * How long min_version may wait: the configured maximum, cut short by the call's deadline minus a
     * margin, so the caller gets the retryable UNAVAILABLE rather than DEADLINE_EXCEEDED.
     */
    private Duration waitBudget() {
        Deadline deadline = Context.current().getDeadline();
        if (deadline == null) {
            return minVersionMaxWait;
        }
        long remaining = deadline.timeRemaining(TimeUnit.MILLISECONDS);
        Duration budget = Duration.ofMillis(Math.max(0, remaining - Math.min(DEADLINE_MARGIN_MILLIS, remaining / 10)));
        return budget.compareTo(minVersionMaxWait) < 0 ? budget : minVersionMaxWait;
    }

    private static DocumentOrder order(String orderBy, RequestChecks checks) {
        if (orderBy.isBlank()) {
            return DocumentOrder.DEFAULT;
        }
        String[] words = orderBy.strip().toLowerCase(Locale.ROOT).split("\\s+");
        DocumentOrder.Key key = switch (words[0]) {
            case "updated_at" -> DocumentOrder.Key.UPDATED_AT;
            case "created_at" -> DocumentOrder.Key.CREATED_AT;
            case "title" -> DocumentOrder.Key.TITLE;
            default -> null;
        };
        boolean descending = key != DocumentOrder.Key.TITLE;
        boolean valid = key != null && words.length <= 2;
        if (valid && words.length == 2) {
            switch (words[1]) {
                case "asc" -> descending = false;
                case "desc" -> descending = true;
                default -> valid = false;
            }
        }
        if (!valid) {
            checks.violation("order_by", "expected updated_at, created_at or title, optionally followed by asc or desc");
            return DocumentOrder.DEFAULT;
        }
        return new DocumentOrder(key, descending);
    }

    private static Document toProto(StoredDocument stored) {
        DocumentView view = stored.view();
        Document.Builder document = Document.newBuilder()
                .setDocumentId(view.documentId())
                .setVersion(view.version())
                .setTitle(view.title())
                .setContentType(view.contentType())
                .setStatus(ProtoConversions.toProto(view.status()))
                .setAuthor(view.author())
                .addAllTags(view.tags())
                .setCategory(view.category())
                .putAllMetadata(view.metadata())
                .setCreatedAt(ProtoConversions.timestamp(view.createdAt()))
                .setCreatedBy(view.createdBy())
                .setUpdatedAt(ProtoConversions.timestamp(view.updatedAt()))
                .setUpdatedBy(view.updatedBy())
                .setDeleted(view.deleted())
                .setContentSha256(view.contentSha256())
                .setContentSize(view.contentSize());
        if (stored.content() != null) {
            document.setContent(ByteString.copyFrom(stored.content()));
        }
        if (view.deleted()) {
            document.setDeletedAt(ProtoConversions.timestamp(view.deletedAt()))
                    .setDeletedBy(view.deletedBy())
                    .setDeleteReason(view.deleteReason());
        }
        return document.build();
    }

    private static VersionInfo toProto(VersionEntry entry) {
        return VersionInfo.newBuilder()
                .setVersion(entry.version())
                .setChange(ProtoConversions.toProto(entry.change()))
                .setChangedAt(ProtoConversions.timestamp(entry.changedAt()))
                .setChangedBy(entry.changedBy())
                .setChangeNote(entry.changeNote())
                .addAllChangedFields(entry.changedFields())
                .setContentSha256(entry.contentSha256())
                .setContentSize(entry.contentSize())
                .setRevertedToVersion(entry.revertedToVersion())
                .build();
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
