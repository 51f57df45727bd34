package io.docvault.cli;

import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.DocumentStatus;
import io.docvault.proto.v1.ListDocumentsRequest;
import io.docvault.proto.v1.ListDocumentsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = "List documents, newest change first, a page at a time.")
final class ListCommand extends ClientCommand {

    @Option(names = "--page-size", paramLabel = "N", description = "Documents per page (default 50, at most 1000).")
    int pageSize;

    @Option(names = "--page-token", paramLabel = "TOKEN", description = "Token printed with the previous page.")
    String pageToken = "";

    @Option(names = "--skip", paramLabel = "N", description = "Matching documents to pass over first.")
    int skip;

    @Option(names = "--status", converter = Values.StatusConverter.class, description = "Only draft, published or archived.")
    DocumentStatus status;

    @Option(names = "--author", description = "Only by this author.")
    String author = "";

    @Option(names = "--tag", description = "Only with this tag.")
    String tag = "";

    @Option(names = "--category", description = "Only in this category.")
    String category = "";

    @Option(names = "--include-deleted", description = "Also soft-deleted documents.")
    boolean includeDeleted;

    @Option(names = "--only-deleted", description = "Only soft-deleted documents.")
    boolean onlyDeleted;

    @Option(names = "--order-by", paramLabel = "ORDER", description = "updated_at, created_at or title, optionally + ' asc' or ' desc'.")
    String orderBy = "";

    @Override
    void run(DocVaultClient client) {
        ListDocumentsRequest.Builder request = ListDocumentsRequest.newBuilder()
                .setPageSize(pageSize)
                .setPageToken(pageToken)
                .setSkip(skip)
                .setAuthor(author)
                .setTag(tag)
                .setCategory(category)
                .setIncludeDeleted(includeDeleted)
                .setOnlyDeleted(onlyDeleted)
                .setOrderBy(orderBy);
        if (status != null) {
            request.setStatus(status);
        }
        ListDocumentsResponse page = client.list(request.build());
        if (json()) {
            printJson(page);
            return;
        }
        Table table = new Table("ID", "VERSION", "STATUS", "TITLE", "UPDATED", "BY");
        for (Document document : page.getDocumentsList()) {
            table.row(document.getDocumentId(), document.getVersion(),
                    Values.status(document.getStatus()) + (document.getDeleted() ? " (deleted)" : ""),
                    document.getTitle(), Values.time(document.getUpdatedAt()), document.getUpdatedBy());
        }
        table.print(out());
        out().println(page.getTotalSize() + " matching"
                + (page.getNextPageToken().isEmpty() ? "" : "; next page: --page-token " + page.getNextPageToken()));
        out().flush();
    }
}
