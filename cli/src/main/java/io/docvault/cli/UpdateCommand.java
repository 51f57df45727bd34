package io.docvault.cli;

import com.google.protobuf.FieldMask;
import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.DocumentStatus;
import io.docvault.proto.v1.UpdateDocumentRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "update", description = "Change fields of a document; only the fields given (or cleared) change.")
final class UpdateCommand extends ClientCommand {

    private static final Set<String> CLEARABLE = Set.of("content", "content_type", "tags", "category", "metadata");

    @Parameters(index = "0", paramLabel = "DOCUMENT_ID")
    String documentId;

    @Option(names = "--title", description = "New title.")
    String title;

    @ArgGroup(exclusive = true)
    ContentSource content;

    @Option(names = "--content-type", paramLabel = "TYPE", description = "New media type of the content.")
    String contentType;

    @Option(names = "--status", converter = Values.StatusConverter.class, description = "draft, published or archived.")
    DocumentStatus status;

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag; repeat for more. Replaces all tags.")
    List<String> tags;

    @Option(names = "--category", description = "New category.")
    String category;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "A metadata entry; repeat for more. Replaces all metadata.")
    Map<String, String> metadata;

    @Option(names = "--clear", paramLabel = "FIELD",
            description = "Clear a field: content, content_type, tags, category or metadata; repeat for more.")
    List<String> clear;

    @Option(names = "--expected-version", paramLabel = "N",
            description = "Refuse the change (exit 5) unless the document is at this version.")
    long expectedVersion;

    @Option(names = "--note", description = "Change note, kept in the history.")
    String note;

    @Option(names = "--request-id", paramLabel = "KEY", description = "Idempotency key (default: a fresh UUID).")
    String requestId;

    @Override
    void run(DocVaultClient client) {
        UpdateDocumentRequest.Builder request = UpdateDocumentRequest.newBuilder()
                .setDocumentId(documentId)
                .setExpectedVersion(expectedVersion);
        FieldMask.Builder mask = FieldMask.newBuilder();
        if (title != null) {
            request.setTitle(title);
            mask.addPaths("title");
        }
        if (content != null) {
            request.setContent(content.read(spec, System.in));
            mask.addPaths("content");
        }
        if (contentType != null) {
            request.setContentType(contentType);
            mask.addPaths("content_type");
        }
        if (status != null) {
            request.setStatus(status);
            mask.addPaths("status");
        }
        if (tags != null) {
            request.addAllTags(tags);
            mask.addPaths("tags");
        }
        if (category != null) {
            request.setCategory(category);
            mask.addPaths("category");
        }
        if (metadata != null) {
            request.putAllMetadata(metadata);
            mask.addPaths("metadata");
        }
        for (String field : clear == null ? List.<String>of() : clear) {
            if (!CLEARABLE.contains(field)) {
                throw usage("--clear: '" + field + "' is not one of " + String.join(", ", CLEARABLE.stream().sorted().toList()));
            }
            if (mask.getPathsList().contains(field)) {
                throw usage("--clear " + field + " contradicts the new value given for it");
            }
            mask.addPaths(field);
        }
        if (mask.getPathsCount() == 0) {
            throw usage("nothing to change: give at least one new value or --clear");
        }
        request.setUpdateMask(mask);
        if (note != null) {
            request.setChangeNote(note);
        }
        if (requestId != null) {
            request.setRequestId(requestId);
        }
        printResult(client.update(request.build()), "updated");
    }
}
