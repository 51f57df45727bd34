package io.docvault.cli;

import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.DeleteDocumentRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "Soft-delete a document: its history and content stay, restore brings it back.")
final class DeleteCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "DOCUMENT_ID")
    String documentId;

    @Option(names = "--reason", description = "Why; kept in the audit trail.")
    String reason = "";

    @Option(names = "--expected-version", paramLabel = "N", description = "Refuse (exit 5) unless the document is at this version.")
    long expectedVersion;

    @Option(names = "--request-id", paramLabel = "KEY", description = "Idempotency key (default: a fresh UUID).")
    String requestId = "";

    @Override
    void run(DocVaultClient client) {
        printResult(client.delete(DeleteDocumentRequest.newBuilder()
                .setDocumentId(documentId)
                .setExpectedVersion(expectedVersion)
                .setReason(reason)
                .setRequestId(requestId)
                .build()), "deleted");
    }
}
