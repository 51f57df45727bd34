package io.docvault.cli;

import com.google.protobuf.Timestamp;
import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.AuditEntry;
import io.docvault.proto.v1.ChangeKind;
import io.docvault.proto.v1.GetAuditTrailRequest;
import io.docvault.proto.v1.GetAuditTrailResponse;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "Who deleted and restored what, when and why (or, with --kind, any change); newest first.")
final class AuditCommand extends ClientCommand {

    @Option(names = "--document", paramLabel = "DOCUMENT_ID", description = "Only this document.")
    String documentId = "";

    @Option(names = "--kind", paramLabel = "KIND", converter = Values.ChangeKindConverter.class,
            description = "created, updated, deleted, restored or reverted; repeat for more (default: deleted, restored).")
    List<ChangeKind> kinds = List.of();

    @Option(names = "--from", paramLabel = "INSTANT", converter = Values.TimestampConverter.class,
            description = "Only entries at or after this instant.")
    Timestamp from;

    @Option(names = "--to", paramLabel = "INSTANT", converter = Values.TimestampConverter.class,
            description = "Only entries before this instant.")
    Timestamp to;

    @Option(names = "--page-size", paramLabel = "N", description = "Entries per page (default 50, at most 1000).")
    int pageSize;

    @Option(names = "--page-token", paramLabel = "TOKEN", description = "Token printed with the previous page.")
    String pageToken = "";

    @Override
    void run(DocVaultClient client) {
        GetAuditTrailRequest.Builder request = GetAuditTrailRequest.newBuilder()
                .setDocumentId(documentId)
                .addAllKinds(kinds)
                .setPageSize(pageSize)
                .setPageToken(pageToken);
        if (from != null) {
            request.setFrom(from);
        }
        if (to != null) {
            request.setTo(to);
        }
        GetAuditTrailResponse page = client.auditTrail(request.build());
        if (json()) {
            printJson(page);
            return;
        }
        Table table = new Table("AT", "DOCUMENT", "VERSION", "ACTION", "ACTOR", "REASON");
        for (AuditEntry entry : page.getEntriesList()) {
            table.row(Values.time(entry.getAt()), entry.getDocumentId(), entry.getVersion(),
                    Values.change(entry.getAction()), entry.getActor(), entry.getReason());
        }
        table.print(out());
        if (!page.getNextPageToken().isEmpty()) {
            out().println("next page: --page-token " + page.getNextPageToken());
        }
        out().flush();
    }
}
