package io.docvault.cli;

import io.docvault.client.DocVaultClient;
import io.docvault.client.ServerStream;
import io.docvault.proto.v1.DocumentChange;
import io.docvault.proto.v1.WatchDocumentsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "watch", description = "Print changes as they are stored, one line each, until interrupted (or --count).")
final class WatchCommand extends ClientCommand {

    @Option(names = "--document", paramLabel = "DOCUMENT_ID", description = "Only changes of this document.")
    String documentId = "";

    @Option(names = "--count", paramLabel = "N", description = "Stop after N changes (default: never).")
    long count;

    @Override
    void run(DocVaultClient client) {
        if (count < 0) {
            throw usage("--count must not be negative");
        }
        try (ServerStream<DocumentChange> changes = client.watch(WatchDocumentsRequest.newBuilder()
                .setDocumentId(documentId).build())) {
            long seen = 0;
            while ((count == 0 || seen < count) && changes.hasNext()) {
                DocumentChange change = changes.next();
                seen++;
                if (json()) {
                    printJson(change);
                } else {
                    out().println(Values.time(change.getAt()) + "  " + change.getDocumentId() + "  version "
                            + change.getVersion() + "  " + Values.change(change.getChange()) + "  by " + change.getActor());
                    out().flush();
                }
            }
        }
    }
}
