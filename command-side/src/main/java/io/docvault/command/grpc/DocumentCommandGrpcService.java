package io.docvault.command.grpc;

import io.docvault.api.command.UpdateDocumentCommand;
import io.docvault.command.application.CommandOutcome;
import io.docvault.command.application.DocumentCommands;
import io.docvault.command.application.DocumentIds;
import io.docvault.common.config.DocVaultProperties;
import io.docvault.common.grpc.CallThreads;
import io.docvault.common.grpc.CallerContext;
import io.docvault.proto.v1.CommandResult;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.RestoreDocumentRequest;
import io.docvault.proto.v1.RevertDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** docvault.v1.DocumentCommandService: translates requests into commands and outcomes into results. */
public class DocumentCommandGrpcService extends DocumentCommandServiceGrpc.DocumentCommandServiceImplBase {

    private final DocumentCommands commands;
    private final CommandRequests requests;
    private final CallThreads callThreads;

    public DocumentCommandGrpcService(DocumentCommands commands, DocumentIds documentIds, DocVaultProperties properties,
                                      CallThreads callThreads) {
        this.commands = commands;
        this.requests = new CommandRequests(properties.content().maxSize().toBytes(), documentIds);
        this.callThreads = callThreads;
        callThreads.answerOnArrival(DocumentCommandServiceGrpc.getUpdateDocumentMethod());
    }

    @Override
    public void createDocument(CreateDocumentRequest request, StreamObserver<CommandResult> response) {
        reply(response, commands.create(
                requests.create(request, CallerContext.actor()),
                CommandRequests.key("CreateDocument", request.getRequestId(), request.toBuilder().clearRequestId().build())));
    }

    /**
     * Answered on arrival: on the transport thread the request is checked and, without a request id, queued
     * for its group commit, and answered from the committer thread once committed; no call thread waits
     * for it. With a request id (its log is read first) or when the update cannot be queued, it continues
     * on a call thread.
     */
    @Override
    public void updateDocument(UpdateDocumentRequest request, StreamObserver<CommandResult> response) {
        if (!request.getRequestId().isEmpty()) {
            // Its fingerprint and command are built on the call thread too, off the transport thread.
            callThreads.continueOnCallThread(response, () -> reply(response, commands.update(
                    requests.update(request, CallerContext.actor()),
                    CommandRequests.key("UpdateDocument", request.getRequestId(), request.toBuilder().clearRequestId().build()))));
            return;
        }
        UpdateDocumentCommand command = requests.update(request, CallerContext.actor());
        Optional<CompletableFuture<CommandOutcome>> queued = commands.updateQueued(command);
        if (queued.isPresent()) {
            CallThreads.answerWhenDone(response, queued.get().thenApply(DocumentCommandGrpcService::result));
            return;
        }
        callThreads.continueOnCallThread(response, () -> reply(response, commands.update(command, Optional.empty())));
    }

    @Override
    public void deleteDocument(DeleteDocumentRequest request, StreamObserver<CommandResult> response) {
        reply(response, commands.delete(
                requests.delete(request, CallerContext.actor()),
                CommandRequests.key("DeleteDocument", request.getRequestId(), request.toBuilder().clearRequestId().build())));
    }

    @Override
    public void restoreDocument(RestoreDocumentRequest request, StreamObserver<CommandResult> response) {
        reply(response, commands.restore(
                requests.restore(request, CallerContext.actor()),
                CommandRequests.key("RestoreDocument", request.getRequestId(), request.toBuilder().clearRequestId().build())));
    }

    @Override
    public void revertDocument(RevertDocumentRequest request, StreamObserver<CommandResult> response) {
        CommandRequests.Revert revert = requests.revert(request);
        reply(response, commands.revert(revert.documentId(), revert.toVersion(), revert.expectedVersion(),
                revert.changeNote(), CallerContext.actor(),
                CommandRequests.key("RevertDocument", request.getRequestId(), request.toBuilder().clearRequestId().build())));
    }

    private static void reply(StreamObserver<CommandResult> response, CommandOutcome outcome) {
        response.onNext(result(outcome));
        response.onCompleted();
    }

    private static CommandResult result(CommandOutcome outcome) {
        return CommandResult.newBuilder()
                .setDocumentId(outcome.documentId())
                .setVersion(outcome.version())
                .build();
    }
}
