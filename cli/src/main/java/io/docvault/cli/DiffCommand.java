package io.docvault.cli;

import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.DiffVersionsRequest;
import io.docvault.proto.v1.DiffVersionsResponse;
import io.docvault.proto.v1.FieldChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "diff", description = "Compare two versions of a document: changed fields, and a unified diff of text content.")
final class DiffCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "DOCUMENT_ID")
    String documentId;

    @Parameters(index = "1", paramLabel = "FROM_VERSION")
    long fromVersion;

    @Parameters(index = "2", paramLabel = "TO_VERSION")
    long toVersion;

    @Override
    void run(DocVaultClient client) {
        DiffVersionsResponse diff = client.diff(DiffVersionsRequest.newBuilder()
                .setDocumentId(documentId)
                .setFromVersion(fromVersion)
                .setToVersion(toVersion)
                .build());
        if (json()) {
            printJson(diff);
            return;
        }
        if (diff.getFieldChangesCount() == 0) {
            out().println("versions " + fromVersion + " and " + toVersion + " are equal");
        } else {
            Table table = new Table("FIELD", "VERSION " + fromVersion, "VERSION " + toVersion);
            for (FieldChange change : diff.getFieldChangesList()) {
                table.row(change.getField(), change.getFromValue(), change.getToValue());
            }
            table.print(out());
        }
        if (!diff.getContentDiff().isEmpty()) {
            out().println();
            out().print(diff.getContentDiff());
            if (!diff.getContentDiff().endsWith("\n")) {
                out().println();
            }
        }
        out().flush();
    }
}
