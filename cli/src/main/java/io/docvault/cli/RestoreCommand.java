package io.docvault.cli;

import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.RestoreDocumentRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "restore", description = "Bring a soft-deleted document back.")
final class RestoreCommand extends ClientCommand {

    @Mixin
    LifecycleOptions options;

    @Override
    void run(DocVaultClient client) {
        printResult(client.restore(RestoreDocumentRequest.newBuilder()
                .setDocumentId(options.documentId)
                .setExpectedVersion(options.expectedVersion)
                .setReason(options.reason)
                .setRequestId(options.requestId)
                .build()), "restored");
    }
}
