package io.docvault.generation.infrastructure;

import com.google.protobuf.ByteString;
import io.docvault.common.auth.AuthenticationInterceptor;
import io.docvault.common.auth.Caller;
import io.docvault.common.grpc.CallerContext;
import io.docvault.generation.application.OutputDocument;
import io.docvault.generation.application.OutputStore;
import io.docvault.generation.application.StoredOutput;
import io.docvault.generation.application.Template;
import io.docvault.generation.application.TemplateSource;
import io.docvault.proto.v1.CommandResult;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.GetDocumentRequest;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Templates and outputs as DocVault documents, through DocVault's own {@code docvault.v1} query and
 * command services: in the server over a loopback channel to its own port (or to the configured
 * target in split mode), in a client over the client's channel. Going through the wire contract keeps
 * generation independent of both sides' code, with their validation, idempotency and errors intact.
 * Calls inherit the current gRPC context's deadline; {@code callTimeout} bounds those made without one.
 */
public final class DocVaultDocuments implements TemplateSource, OutputStore {

    /** Content type of stored outputs. */
    public static final String PDF_CONTENT_TYPE = "application/pdf";
    /** Tag of stored outputs. */
    public static final String GENERATED_TAG = "generated";

    private final Supplier<Channel> channel;
    private final Supplier<String> actor;
    private final Duration callTimeout;

    public DocVaultDocuments(Supplier<Channel> channel, Supplier<String> actor, Duration callTimeout) {
        this.channel = channel;
        this.actor = actor;
        this.callTimeout = callTimeout;
    }

    /** Acting for the caller of the current gRPC call (in the server). */
    public static DocVaultDocuments forCurrentCaller(Supplier<Channel> channel, Duration callTimeout) {
        return new DocVaultDocuments(channel, CallerContext::actor, callTimeout);
    }

    @Override
    public Template read(String templateId, long version) {
        Document document = queries().getDocument(GetDocumentRequest.newBuilder()
                .setDocumentId(templateId)
                .setVersion(version)
                .build());
        return new Template(document.getDocumentId(), document.getVersion(), document.getTitle(),
                document.getContentType(), document.getContent().toByteArray());
    }

    @Override
    public StoredOutput store(OutputDocument output) {
        CreateDocumentRequest request = CreateDocumentRequest.newBuilder()
                .setDocumentId(output.documentId())
                .setTitle(output.title())
                .setContent(ByteString.copyFrom(output.pdf()))
                .setContentType(PDF_CONTENT_TYPE)
                .addTags(GENERATED_TAG)
                .putAllMetadata(output.metadata())
                .build();
        try {
            CommandResult result = commands().createDocument(request);
            return new StoredOutput(result.getDocumentId(), result.getVersion());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS && !output.documentId().isEmpty()) {
                // A retry of a store that went through: the output's id is derived from its request id.
                return new StoredOutput(output.documentId(), 1);
            }
            throw e;
        }
    }

    private DocumentQueryServiceGrpc.DocumentQueryServiceBlockingStub queries() {
        DocumentQueryServiceGrpc.DocumentQueryServiceBlockingStub stub =
                DocumentQueryServiceGrpc.newBlockingStub(channel.get()).withInterceptors(actorHeader());
        return Context.current().getDeadline() == null
                ? stub.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS) : stub;
    }

    private DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub commands() {
        DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub stub =
                DocumentCommandServiceGrpc.newBlockingStub(channel.get()).withInterceptors(actorHeader());
        return Context.current().getDeadline() == null
                ? stub.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS) : stub;
    }

    private ClientInterceptor actorHeader() {
        Metadata headers = new Metadata();
        String name = actor.get();
        if (name != null && !name.isEmpty()) {
            headers.put(CallerContext.ACTOR_HEADER, name);
        }
        // With authentication on, the caller's own token: reading the template and storing the output
        // need the caller's roles, and the output's creator is the token's subject.
        Caller.currentToken().ifPresent(token -> headers.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer " + token));
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
