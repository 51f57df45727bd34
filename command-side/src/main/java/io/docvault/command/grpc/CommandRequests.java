package io.docvault.command.grpc;

import com.google.protobuf.ByteString;
import io.docvault.api.command.CreateDocumentCommand;
import io.docvault.api.command.DeleteDocumentCommand;
import io.docvault.api.command.RestoreDocumentCommand;
import io.docvault.api.command.UpdateDocumentCommand;
import io.docvault.api.document.DocumentField;
import io.docvault.api.document.DocumentPatch;
import io.docvault.api.document.DocumentStatus;
import io.docvault.api.error.ContentTooLargeException;
import io.docvault.command.application.DocumentIds;
import io.docvault.command.application.RequestKey;
import io.docvault.common.grpc.ProtoConversions;
import io.docvault.common.grpc.RequestChecks;
import io.docvault.common.grpc.RequestFingerprint;
import io.docvault.common.grpc.RequestLimits;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.RestoreDocumentRequest;
import io.docvault.proto.v1.RevertDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Validates command requests and turns them into commands; every problem names its field. */
final class CommandRequests {

    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final long maxContentBytes;
    private final DocumentIds documentIds;

    CommandRequests(long maxContentBytes, DocumentIds documentIds) {
        this.maxContentBytes = maxContentBytes;
        this.documentIds = documentIds;
    }

    CreateDocumentCommand create(CreateDocumentRequest request, String actor) {
        checkContentSize(request.getContent());
        RequestChecks checks = new RequestChecks();
        String documentId = request.getDocumentId().isEmpty()
                ? documentIds.newId()
                : checks.uuid("document_id", request.getDocumentId());
        checkTitle(checks, request.getTitle());
        checks.text("content_type", request.getContentType(), RequestLimits.SHORT_TEXT);
        DocumentStatus status = ProtoConversions.fromProto("status", request.getStatus(), request.getStatusValue(), checks);
        checks.text("author", request.getAuthor(), RequestLimits.SHORT_TEXT);
        checkTags(checks, request.getTagsList());
        checks.text("category", request.getCategory(), RequestLimits.SHORT_TEXT);
        checkMetadata(checks, request.getMetadataMap());
        checkRequestId(checks, request.getRequestId());
        checks.throwIfAny();
        return new CreateDocumentCommand(
                documentId,
                request.getTitle().strip(),
                request.getContent().toByteArray(),
                request.getContentType().isEmpty() ? DEFAULT_CONTENT_TYPE : request.getContentType(),
                status == null ? DocumentStatus.DRAFT : status,
                request.getAuthor(),
                request.getTagsList(),
                request.getCategory(),
                request.getMetadataMap(),
                actor);
    }

    UpdateDocumentCommand update(UpdateDocumentRequest request, String actor) {
        checkContentSize(request.getContent());
        RequestChecks checks = new RequestChecks();
        String documentId = checks.uuid("document_id", request.getDocumentId());
        checks.notNegative("expected_version", request.getExpectedVersion());
        Set<DocumentField> fields = fieldsToSet(checks, request);
        DocumentStatus status = ProtoConversions.fromProto("status", request.getStatus(), request.getStatusValue(), checks);
        if (fields.contains(DocumentField.TITLE)) {
            checkTitle(checks, request.getTitle());
        }
        if (fields.contains(DocumentField.STATUS) && status == null && request.getStatusValue() == 0) {
            checks.violation("status", "cannot be unspecified when listed in update_mask");
        }
        checks.text("content_type", request.getContentType(), RequestLimits.SHORT_TEXT);
        checkTags(checks, request.getTagsList());
        checks.text("category", request.getCategory(), RequestLimits.SHORT_TEXT);
        checkMetadata(checks, request.getMetadataMap());
        checks.text("change_note", request.getChangeNote(), RequestLimits.NOTE);
        checkRequestId(checks, request.getRequestId());
        checks.throwIfAny();
        DocumentPatch patch = new DocumentPatch(
                fields.contains(DocumentField.TITLE) ? request.getTitle().strip() : null,
                fields.contains(DocumentField.CONTENT) ? request.getContent().toByteArray() : null,
                fields.contains(DocumentField.CONTENT_TYPE)
                        ? (request.getContentType().isEmpty() ? DEFAULT_CONTENT_TYPE : request.getContentType())
                        : null,
                fields.contains(DocumentField.STATUS) ? status : null,
                fields.contains(DocumentField.TAGS) ? request.getTagsList() : null,
                fields.contains(DocumentField.CATEGORY) ? request.getCategory() : null,
                fields.contains(DocumentField.METADATA) ? request.getMetadataMap() : null);
        return new UpdateDocumentCommand(documentId, request.getExpectedVersion(), patch, request.getChangeNote(), actor);
    }

    DeleteDocumentCommand delete(DeleteDocumentRequest request, String actor) {
        RequestChecks checks = new RequestChecks();
        String documentId = checks.uuid("document_id", request.getDocumentId());
        checks.notNegative("expected_version", request.getExpectedVersion());
        checks.text("reason", request.getReason(), RequestLimits.NOTE);
        checkRequestId(checks, request.getRequestId());
        checks.throwIfAny();
        return new DeleteDocumentCommand(documentId, request.getExpectedVersion(), request.getReason(), actor);
    }

    RestoreDocumentCommand restore(RestoreDocumentRequest request, String actor) {
        RequestChecks checks = new RequestChecks();
        String documentId = checks.uuid("document_id", request.getDocumentId());
        checks.notNegative("expected_version", request.getExpectedVersion());
        checks.text("reason", request.getReason(), RequestLimits.NOTE);
        checkRequestId(checks, request.getRequestId());
        checks.throwIfAny();
        return new RestoreDocumentCommand(documentId, request.getExpectedVersion(), request.getReason(), actor);
    }

    /** A validated revert request; the target state is read by the application layer. */
    record Revert(String documentId, long toVersion, long expectedVersion, String changeNote) {
    }

    Revert revert(RevertDocumentRequest request) {
        RequestChecks checks = new RequestChecks();
        String documentId = checks.uuid("document_id", request.getDocumentId());
        if (request.getToVersion() < 1) {
            checks.violation("to_version", "must be at least 1, got " + request.getToVersion());
        }
        checks.notNegative("expected_version", request.getExpectedVersion());
        checks.text("change_note", request.getChangeNote(), RequestLimits.NOTE);
        checkRequestId(checks, request.getRequestId());
        checks.throwIfAny();
        return new Revert(documentId, request.getToVersion(), request.getExpectedVersion(), request.getChangeNote());
    }

    /** The idempotency key of a request, if it has one; the fingerprint covers the body without the key. */
    static Optional<RequestKey> key(String method, String requestId, com.google.protobuf.Message bodyWithoutKey) {
        if (requestId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RequestKey(requestId, RequestFingerprint.of(method, bodyWithoutKey)));
    }

    /** The fields named by update_mask, or, with an empty mask, every field given a non-empty value. */
    private static Set<DocumentField> fieldsToSet(RequestChecks checks, UpdateDocumentRequest request) {
        Set<DocumentField> fields = EnumSet.noneOf(DocumentField.class);
        List<String> paths = request.getUpdateMask().getPathsList();
        if (!paths.isEmpty()) {
            for (int i = 0; i < paths.size(); i++) {
                String path = paths.get(i);
                Optional<DocumentField> field = DocumentField.fromWireName(path);
                if (field.isPresent()) {
                    fields.add(field.get());
                } else {
                    checks.violation("update_mask.paths[" + i + "]", "unknown field \"" + path
                            + "\"; expected one of title, content, content_type, status, tags, category, metadata");
                }
            }
            return fields;
        }
        if (!request.getTitle().isEmpty()) fields.add(DocumentField.TITLE);
        if (!request.getContent().isEmpty()) fields.add(DocumentField.CONTENT);
        if (!request.getContentType().isEmpty()) fields.add(DocumentField.CONTENT_TYPE);
        if (request.getStatusValue() != 0) fields.add(DocumentField.STATUS);
        if (request.getTagsCount() > 0) fields.add(DocumentField.TAGS);
        if (!request.getCategory().isEmpty()) fields.add(DocumentField.CATEGORY);
        if (request.getMetadataCount() > 0) fields.add(DocumentField.METADATA);
        if (fields.isEmpty()) {
            checks.violation("update_mask", "nothing to change: no field is set and the mask is empty");
        }
        return fields;
    }

    private void checkContentSize(ByteString content) {
        if (content.size() > maxContentBytes) {
            throw new ContentTooLargeException("content", content.size(), maxContentBytes);
        }
    }

    private static void checkTitle(RequestChecks checks, String title) {
        if (title.isBlank()) {
            checks.violation("title", "required and must not be blank");
        } else {
            checks.text("title", title, RequestLimits.TITLE);
        }
    }

    private static void checkTags(RequestChecks checks, List<String> tags) {
        if (tags.size() > RequestLimits.TAGS) {
            checks.violation("tags", "at most " + RequestLimits.TAGS + " tags, got " + tags.size());
        }
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i).isBlank()) {
                checks.violation("tags[" + i + "]", "must not be blank");
            } else {
                checks.text("tags[" + i + "]", tags.get(i), RequestLimits.TAG);
            }
        }
    }

    private static void checkMetadata(RequestChecks checks, Map<String, String> metadata) {
        if (metadata.size() > RequestLimits.METADATA_ENTRIES) {
            checks.violation("metadata", "at most " + RequestLimits.METADATA_ENTRIES + " entries, got " + metadata.size());
        }
        metadata.forEach((key, value) -> {
            if (key.isBlank()) {
                checks.violation("metadata", "keys must not be blank");
            } else {
                checks.text("metadata[" + key + "]", key, RequestLimits.SHORT_TEXT);
                checks.text("metadata[" + key + "]", value, RequestLimits.METADATA_VALUE);
            }
        });
    }

    private static void checkRequestId(RequestChecks checks, String requestId) {
        checks.text("request_id", requestId, RequestLimits.REQUEST_ID);
    }
}
