package io.docvault.server;

import io.docvault.api.document.ContentDigest;
import io.docvault.proto.v1.ChangeKind;
import io.docvault.proto.v1.DocumentStatus;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain in-memory model of what DocVault promises: documents as lists of full states, one per version,
 * changed by the rules of the API. Tests run the same operations against it and the service and
 * compare every answer.
 */
final class HistoryModel {

    /** The revertible fields of a document. */
    record Fields(String title, String content, String contentType, DocumentStatus status, List<String> tags,
                  String category, Map<String, String> metadata) {

        String sha256() {
            return ContentDigest.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
        }

        long size() {
            return content.getBytes(StandardCharsets.UTF_8).length;
        }

        /** Wire names of the fields that differ from {@code other}, in the service's order. */
        List<String> differences(Fields other) {
            List<String> changed = new ArrayList<>();
            if (!title.equals(other.title)) changed.add("title");
            if (!content.equals(other.content)) changed.add("content");
            if (!contentType.equals(other.contentType)) changed.add("content_type");
            if (status != other.status) changed.add("status");
            if (!tags.equals(other.tags)) changed.add("tags");
            if (!category.equals(other.category)) changed.add("category");
            if (!metadata.equals(other.metadata)) changed.add("metadata");
            return changed;
        }
    }

    /** One version: the state after the change, and the change itself. */
    record Version(long number, Fields fields, String author, String createdBy, boolean deleted, String deletedBy,
                   String deleteReason, ChangeKind change, String actor, String note, List<String> changedFields,
                   long revertedTo) {
    }

    /** What a command should produce: a version, or a failure with this code. */
    record Outcome(long version, Status.Code failure) {
        static Outcome version(long version) {
            return new Outcome(version, null);
        }

        static Outcome failure(Status.Code code) {
            return new Outcome(0, code);
        }
    }

    private final Map<String, List<Version>> documents = new LinkedHashMap<>();

    Map<String, List<Version>> documents() {
        return documents;
    }

    List<Version> versions(String id) {
        return documents.get(id);
    }

    Version latest(String id) {
        List<Version> versions = documents.get(id);
        return versions.get(versions.size() - 1);
    }

    Outcome create(String id, Fields fields, String author, String actor) {
        documents.put(id, new ArrayList<>(List.of(new Version(1, fields, author, actor, false, null, null,
                ChangeKind.CHANGE_KIND_CREATED, actor, "",
                List.of("title", "content", "content_type", "status", "tags", "category", "metadata"), 0))));
        return Outcome.version(1);
    }

    /** Sets the given fields (null = not in the mask). */
    Outcome update(String id, long expectedVersion, Fields requested, String actor, String note) {
        Version current = latest(id);
        if (current.deleted()) {
            return Outcome.failure(Status.Code.FAILED_PRECONDITION);
        }
        if (expectedVersion != 0 && expectedVersion != current.number()) {
            return Outcome.failure(Status.Code.FAILED_PRECONDITION);
        }
        Fields before = current.fields();
        Fields after = new Fields(
                or(requested.title(), before.title()), or(requested.content(), before.content()),
                or(requested.contentType(), before.contentType()), or(requested.status(), before.status()),
                or(requested.tags(), before.tags()), or(requested.category(), before.category()),
                or(requested.metadata(), before.metadata()));
        List<String> changed = after.differences(before);
        if (changed.isEmpty()) {
            return Outcome.version(current.number());
        }
        return append(id, new Version(current.number() + 1, after, current.author(), current.createdBy(), false, null,
                null, ChangeKind.CHANGE_KIND_UPDATED, actor, note, changed, 0));
    }

    Outcome delete(String id, String actor, String reason) {
        Version current = latest(id);
        if (current.deleted()) {
            return Outcome.failure(Status.Code.FAILED_PRECONDITION);
        }
        return append(id, new Version(current.number() + 1, current.fields(), current.author(), current.createdBy(),
                true, actor, reason, ChangeKind.CHANGE_KIND_DELETED, actor, reason, List.of(), 0));
    }

    Outcome restore(String id, String actor, String reason) {
        Version current = latest(id);
        if (!current.deleted()) {
            return Outcome.failure(Status.Code.FAILED_PRECONDITION);
        }
        return append(id, new Version(current.number() + 1, current.fields(), current.author(), current.createdBy(),
                false, null, null, ChangeKind.CHANGE_KIND_RESTORED, actor, reason, List.of(), 0));
    }

    Outcome revert(String id, long toVersion, String actor, String note) {
        Version current = latest(id);
        if (toVersion > current.number()) {
            return Outcome.failure(Status.Code.NOT_FOUND);
        }
        if (current.deleted()) {
            return Outcome.failure(Status.Code.FAILED_PRECONDITION);
        }
        Fields target = versions(id).get((int) toVersion - 1).fields();
        if (target.equals(current.fields())) {
            return Outcome.failure(Status.Code.FAILED_PRECONDITION);
        }
        return append(id, new Version(current.number() + 1, target, current.author(), current.createdBy(), false,
                null, null, ChangeKind.CHANGE_KIND_REVERTED, actor, note, target.differences(current.fields()), toVersion));
    }

    /** Field-level differences between two versions, as DiffVersions lists them. */
    static List<String> diffFields(Version from, Version to) {
        List<String> changed = new ArrayList<>(to.fields().differences(from.fields()));
        if (from.deleted() != to.deleted()) {
            changed.add("deleted");
        }
        return changed;
    }

    private Outcome append(String id, Version version) {
        documents.get(id).add(version);
        return Outcome.version(version.number());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
