package io.docvault.cli;

import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.RestoreDocumentRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", description = "Bring a soft-deleted document back.")
final class RestoreCommand extends ClientCommand {

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
        printResult(client.restore(RestoreDocumentRequest.newBuilder()
                .setDocumentId(documentId)
                .setExpectedVersion(expectedVersion)
                .setReason(reason)
                .setRequestId(requestId)
                .build()), "restored");
    }
}
