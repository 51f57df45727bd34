package io.docvault.cli;

import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.ListVersionsResponse;
import io.docvault.proto.v1.VersionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", description = "List the versions of a document, oldest first.")
final class HistoryCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "DOCUMENT_ID")
    String documentId;

    @Option(names = "--page-size", paramLabel = "N", description = "Versions per page (default 50, at most 1000).")
    int pageSize;

    @Option(names = "--page-token", paramLabel = "TOKEN", description = "Token printed with the previous page.")
    String pageToken = "";

    @Override
    void run(DocVaultClient client) {
        ListVersionsResponse page = client.listVersions(ListVersionsRequest.newBuilder()
                .setDocumentId(documentId)
                .setPageSize(pageSize)
                .setPageToken(pageToken)
                .build());
        if (json()) {
            printJson(page);
            return;
        }
        Table table = new Table("VERSION", "CHANGE", "AT", "BY", "FIELDS", "NOTE");
        for (VersionInfo version : page.getVersionsList()) {
            String change = Values.change(version.getChange())
                    + (version.getRevertedToVersion() > 0 ? " to " + version.getRevertedToVersion() : "");
            table.row(version.getVersion(), change, Values.time(version.getChangedAt()), version.getChangedBy(),
                    String.join(",", version.getChangedFieldsList()), version.getChangeNote());
        }
        table.print(out());
        out().println(page.getTotalSize() + " versions"
                + (page.getNextPageToken().isEmpty() ? "" : "; next page: --page-token " + page.getNextPageToken()));
        out().flush();
    }
}
