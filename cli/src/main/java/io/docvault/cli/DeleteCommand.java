package io.docvault.cli;

import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.DeleteDocumentRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "delete", description = "Soft-delete a document: its history and content stay, restore brings it back.")
final class DeleteCommand extends ClientCommand {

    @Mixin
    LifecycleOptions options;

    @Override
    void run(DocVaultClient client) {
        printResult(client.delete(DeleteDocumentRequest.newBuilder()
                .setDocumentId(options.documentId)
                .setExpectedVersion(options.expectedVersion)
                .setReason(options.reason)
                .setRequestId(options.requestId)
                .build()), "deleted");
    }
}
