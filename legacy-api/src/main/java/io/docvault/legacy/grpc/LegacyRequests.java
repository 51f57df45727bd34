package io.docvault.legacy.grpc;

import io.docvault.api.document.DocumentStatus;
import io.docvault.api.error.ContentTooLargeException;
import io.docvault.common.grpc.RequestChecks;
import io.docvault.common.grpc.RequestLimits;
import io.docvault.legacy.application.LegacyChanges;
import io.docvault.legacy.application.LegacyComments;
import io.docvault.legacy.application.NewLegacyDocument;
import io.docvault.proto.legacy.CreateDocumentRequest;
import io.docvault.proto.legacy.ListDocumentsRequest;
import io.docvault.proto.legacy.UpdateDocumentRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Validates old-API requests with the old service's rules (title, content and author required on
 * create; blank values refused) and DocVault's limits; every problem names its old wire field.
 */
final class LegacyRequests {

    private final long maxContentBytes;

    LegacyRequests(long maxContentBytes) {
        this.maxContentBytes = maxContentBytes;
    }

    NewLegacyDocument create(CreateDocumentRequest request) {
        checkContentSize(request.getContent());
        RequestChecks checks = new RequestChecks();
        required(checks, "title", request.getTitle(), RequestLimits.TITLE);
        notBlank(checks, "content", request.getContent());
        DocumentStatus status = status(checks, request.getStatusValue());
        required(checks, "author", request.getAuthor(), RequestLimits.SHORT_TEXT);
        checkTags(checks, request.getTagsList());
        checks.text("category", request.getCategory(), RequestLimits.SHORT_TEXT);
        checkComments(checks, request.getCommentsList());
        checks.throwIfAny();
        return new NewLegacyDocument(request.getTitle(), request.getContent(), status, request.getAuthor(),
                request.getTagsList(), request.getCategory(), request.getCommentsList());
    }

    /** Empty strings and lists, and status DRAFT (the unset value), are "not provided". */
    LegacyChanges update(UpdateDocumentRequest request) {
        checkContentSize(request.getContent());
        RequestChecks checks = new RequestChecks();
        String documentId = checks.uuid("id", request.getId());
        if (!request.getTitle().isEmpty()) {
            required(checks, "title", request.getTitle(), RequestLimits.TITLE);
        }
        if (!request.getContent().isEmpty()) {
            notBlank(checks, "content", request.getContent());
        }
        DocumentStatus status = status(checks, request.getStatusValue());
        if (!request.getAuthor().isEmpty()) {
            required(checks, "author", request.getAuthor(), RequestLimits.SHORT_TEXT);
        }
        checkTags(checks, request.getTagsList());
        checks.text("category", request.getCategory(), RequestLimits.SHORT_TEXT);
        checkComments(checks, request.getCommentsList());
        checks.throwIfAny();
        return new LegacyChanges(
                documentId,
                emptyToNull(request.getTitle()),
                emptyToNull(request.getContent()),
                status == DocumentStatus.DRAFT ? null : status,
                emptyToNull(request.getAuthor()),
                request.getTagsCount() == 0 ? null : request.getTagsList(),
                emptyToNull(request.getCategory()),
                request.getCommentsCount() == 0 ? null : request.getCommentsList());
    }

    /** A page: skip not negative; limit 0 (the default page size) to the largest page. */
    record Page(int skip, int limit) {
    }

    Page page(ListDocumentsRequest request) {
        RequestChecks checks = new RequestChecks();
        checks.notNegative("skip", request.getSkip());
        int limit = checks.pageSize("limit", request.getLimit(), RequestLimits.DEFAULT_PAGE_SIZE,
                RequestLimits.MAX_PAGE_SIZE);
        checks.throwIfAny();
        return new Page(request.getSkip(), limit);
    }

    static String documentId(String id) {
        RequestChecks checks = new RequestChecks();
        String documentId = checks.uuid("id", id);
        checks.throwIfAny();
        return documentId;
    }

    /** A version_id as GetDocumentVersions hands them out: the DocVault version number, in decimal. */
    static long versionNumber(RequestChecks checks, String versionId) {
        if (versionId.isEmpty()) {
            checks.violation("version_id", "required");
            return 0;
        }
        if (!versionId.matches("[1-9][0-9]{0,17}")) {
            checks.violation("version_id", "must be a version_id listed by GetDocumentVersions, such as \"1\"");
            return 0;
        }
        return Long.parseLong(versionId);
    }

    private void checkContentSize(String content) {
        // Four bytes per character at most, so short content needs no encoding to pass.
        if ((long) content.length() * 4 > maxContentBytes) {
            int bytes = content.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxContentBytes) {
                throw new ContentTooLargeException("content", bytes, maxContentBytes);
            }
        }
    }

    private static DocumentStatus status(RequestChecks checks, int number) {
        return switch (number) {
            case io.docvault.proto.legacy.DocumentStatus.DRAFT_VALUE -> DocumentStatus.DRAFT;
            case io.docvault.proto.legacy.DocumentStatus.PUBLISHED_VALUE -> DocumentStatus.PUBLISHED;
            case io.docvault.proto.legacy.DocumentStatus.ARCHIVED_VALUE -> DocumentStatus.ARCHIVED;
            default -> {
                checks.violation("status", "unknown DocumentStatus value " + number);
                yield null;
            }
        };
    }

    private static void required(RequestChecks checks, String field, String value, int max) {
        if (value.isBlank()) {
            checks.violation(field, "required and must not be blank");
        } else {
            checks.text(field, value, max);
        }
    }

    /** Content is stored as bytes, so only its size (checked first) limits it. */
    private static void notBlank(RequestChecks checks, String field, String value) {
        if (value.isBlank()) {
            checks.violation(field, "required and must not be blank");
        }
    }

    private static void checkTags(RequestChecks checks, List<String> tags) {
        if (tags.size() > RequestLimits.TAGS) {
            checks.violation("tags", "at most " + RequestLimits.TAGS + " tags, got " + tags.size());
        }
        for (int i = 0; i < tags.size(); i++) {
            required(checks, "tags[" + i + "]", tags.get(i), RequestLimits.TAG);
        }
    }

    private static void checkComments(RequestChecks checks, List<String> comments) {
        for (int i = 0; i < comments.size(); i++) {
            required(checks, "comments[" + i + "]", comments.get(i), RequestLimits.METADATA_VALUE);
        }
        if (!comments.isEmpty()) {
            int stored = LegacyComments.encode(comments).length();
            if (stored > RequestLimits.METADATA_VALUE) {
                checks.violation("comments", "at most " + RequestLimits.METADATA_VALUE
                        + " characters together (stored as a JSON array), got " + stored);
            }
        }
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
