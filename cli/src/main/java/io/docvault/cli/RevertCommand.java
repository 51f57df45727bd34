package io.docvault.cli;

import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.RevertDocumentRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "revert", description = "Make a new version whose fields equal those of an earlier version.")
final class RevertCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "DOCUMENT_ID")
    String documentId;

    @Option(names = "--to", required = true, paramLabel = "VERSION", description = "The earlier version to take the fields of.")
    long toVersion;

    @Option(names = "--expected-version", paramLabel = "N", description = "Refuse (exit 5) unless the document is at this version.")
    long expectedVersion;

    @Option(names = "--note", description = "Change note, kept in the history.")
    String note = "";

    @Option(names = "--request-id", paramLabel = "KEY", description = "Idempotency key (default: a fresh UUID).")
    String requestId = "";

    @Override
    void run(DocVaultClient client) {
        printResult(client.revert(RevertDocumentRequest.newBuilder()
                .setDocumentId(documentId)
                .setToVersion(toVersion)
                .setExpectedVersion(expectedVersion)
                .setChangeNote(note)
                .setRequestId(requestId)
                .build()), "reverted");
    }
}
