package io.docvault.cli;

import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.BrokenLink;
import io.docvault.proto.v1.VerifyHistoryRequest;
import io.docvault.proto.v1.VerifyHistoryResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify",
        description = "Check the hash chain of stored events (one document or all); exits 1 when a chain is broken.")
final class VerifyCommand extends ClientCommand {

    @Option(names = "--document", paramLabel = "DOCUMENT_ID", description = "Only this document (default: every document).")
    String documentId = "";

    @Option(names = "--max-broken", paramLabel = "N", description = "Most broken documents to report (default 100).")
    int maxBroken;

    @Override
    void run(DocVaultClient client) {
        VerifyHistoryResponse verified = client.verifyHistory(VerifyHistoryRequest.newBuilder()
                .setDocumentId(documentId)
                .setMaxBroken(maxBroken)
                .build());
        if (json()) {
            printJson(verified);
        } else {
            out().println((verified.getIntact() ? "intact: " : "BROKEN: ") + verified.getDocumentsChecked()
                    + " documents, " + verified.getEventsChecked() + " events checked");
            if (!verified.getHeadLink().isEmpty()) {
                out().println("head link: " + verified.getHeadLink());
            }
            if (verified.getBrokenLinksCount() > 0) {
                Table table = new Table("DOCUMENT", "VERSION", "REASON");
                for (BrokenLink link : verified.getBrokenLinksList()) {
                    table.row(link.getDocumentId(), link.getVersion(), link.getReason());
                }
                table.print(out());
            }
            out().flush();
        }
        if (!verified.getIntact()) {
            throw new HistoryBrokenException(verified.getBrokenLinksCount());
        }
    }

    /** A verification that found broken links; exits 1 after the report is printed. */
    static final class HistoryBrokenException extends RuntimeException {
        HistoryBrokenException(int documents) {
            super("the event history of " + documents + " document(s) does not verify");
        }
    }
}
